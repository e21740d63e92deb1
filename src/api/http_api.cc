#include "api/http_api.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "core/json_input.h"

namespace schedulight {
namespace {

using Stopwatch = std::chrono::steady_clock;

// cpp-httplib serves each connection on one task-queue thread for as long as
// it stays open, idle keep-alive time included. Its ThreadPool has a fixed
// number of threads (8 on a small machine), so a few idle keep-alive clients
// made every new client wait for one of them to time out. This queue starts
// a thread whenever a connection arrives and none is free, up to a cap, and
// keeps the threads it started for later connections. Beyond the cap,
// connections wait for a free thread (an idle one frees its thread after the
// keep-alive timeout).
class ConnectionThreads final : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(std::size_t max_threads) : max_threads_(max_threads) {}
  ~ConnectionThreads() override { shutdown(); }

  void enqueue(std::function<void()> work) override {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(work));
    if (idle_ < jobs_.size() && threads_.size() < max_threads_ && !stopping_) {
      try {
        threads_.emplace_back([this] { Work(); });
        return;
      } catch (const std::system_error&) {
        // No thread to be had (a resource limit): a running one takes the job.
      }
    }
    wake_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();  // they finish the queued jobs first
  }

 private:
  void Work() {
    std::unique_lock lock(mutex_);
    while (true) {
      ++idle_;
      wake_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      --idle_;
      if (jobs_.empty()) return;  // stopping, nothing left
      auto work = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      work();
      lock.lock();
    }
  }

  const std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

// The route label for metrics and what the gate found.
std::string RouteLabel(const RouteMatch& match) {
  return match.route != nullptr ? match.route->path : "unmatched";
}

// The media type of a Content-Type value, lower-cased, parameters dropped.
std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  std::erase_if(type, [](unsigned char c) { return std::isspace(c); });
  std::ranges::transform(type, type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

bool HasBody(const httplib::Request& request) {
  return request.get_header_value<std::uint64_t>("Content-Length") > 0 ||
         request.has_header("Transfer-Encoding");
}

void WriteReply(httplib::Response& response, const ApiReply& reply) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (reply.status != 204) response.set_content(reply.body, reply.content_type);
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::optional<ApiReply> ParseBody(const std::string& text, nlohmann::json& body) {
  if (text.empty()) {
    return ErrorReply(400, "body: required, a JSON object", {{"body", "required, a JSON object"}});
  }
  // Bounded: nesting, number range and UTF-8 are checked while parsing (the size was, by the gate).
  auto parsed = ParseJsonInput(text);
  if (!parsed) {
    const std::string problem =
        parsed.error().message + " (at byte " + std::to_string(parsed.error().offset) + ")";
    return ErrorReply(400, "body: " + problem, {{"body", problem}});
  }
  body = std::move(*parsed);
  if (!body.is_object()) {
    return ErrorReply(400, "body: must be a JSON object", {{"body", "must be a JSON object"}});
  }
  return std::nullopt;
}

}  // namespace

std::expected<ListenAddress, std::string> ParseListenAddress(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return std::unexpected("api.listen: '" + text + "' is not HOST:PORT");
  }
  ListenAddress address;
  address.host = text.substr(0, colon);
  if (address.host.front() == '[' && address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  const std::string port = text.substr(colon + 1);
  auto [end, problem] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (port.empty() || problem != std::errc() || end != port.data() + port.size() ||
      address.port < 0 || address.port > 65535) {
    return std::unexpected("api.listen: '" + port + "' is not a port number");
  }
  return address;
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

HttpApi::HttpApi(ApiContext context)
    : context_(std::move(context)),
      auth_(context_.config.api.tokens),
      server_(std::make_unique<httplib::Server>()) {
  AddAllRoutes(routes_, context_);
  httplib::Server& server = *server_;
  // A thread per open connection (ConnectionThreads), so idle keep-alive
  // connections never make new clients wait (up to kMaxConnectionThreads).
  server.new_task_queue = [] { return new ConnectionThreads(kMaxConnectionThreads); };
  // Each response goes out at once: without TCP_NODELAY the body (httplib
  // writes headers and body separately) waited for the client's delayed ACK,
  // ~40 ms per request on a keep-alive connection.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(kKeepAliveMaxRequests);
  server.set_keep_alive_timeout(2);  // idle connections must not hold up a shutdown
  server.set_read_timeout(10);
  server.set_write_timeout(10);
  server.set_payload_max_length(context_.config.api.max_body_bytes);
  server.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        return Gate(request, response) ? httplib::Server::HandlerResponse::Handled
                                       : httplib::Server::HandlerResponse::Unhandled;
      });
  auto dispatch = [this](const httplib::Request& request, httplib::Response& response) {
    Dispatch(request, response);
  };
  server.Get(".*", dispatch);
  server.Post(".*", dispatch);
  server.Put(".*", dispatch);
  server.Delete(".*", dispatch);
  // Errors httplib answers itself (a malformed request, an oversized chunked body).
  server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty() || response.status == 401 || response.status == 405) return;
    const ApiReply reply = ErrorReply(
        response.status, response.status == 413 ? "the body is larger than api.max_body_bytes"
                                                : "the request could not be handled");
    response.set_content(reply.body, reply.content_type);
  });
  server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
    spdlog::info("api: {} {} {} from {}", request.method, request.path, response.status,
                 request.remote_addr);
  });
}

HttpApi::~HttpApi() = default;

bool HttpApi::Gate(const httplib::Request& request, httplib::Response& response) {
  const std::string_view prefix = kApiPrefix;
  const bool under_api =
      request.path.starts_with(prefix) &&
      (request.path.size() == prefix.size() || request.path[prefix.size()] == '/');
  const RouteMatch match =
      under_api ? routes_.Match(request.method, request.path.substr(prefix.size())) : RouteMatch{};
  const bool public_route = match.route != nullptr && match.route->public_route;
  if (!public_route && !auth_.Allows(request.get_header_value("Authorization"))) {
    ApiReply reply =
        ErrorReply(401, "a valid bearer token is required (Authorization: Bearer ...)");
    reply.headers.push_back({"WWW-Authenticate", "Bearer realm=\"schedulight\""});
    Refuse(request, response, reply, RouteLabel(match));
    return true;
  }
  if (!match.path_exists) {
    Refuse(request, response, ErrorReply(404, "no such endpoint: " + request.path), "unmatched");
    return true;
  }
  if (match.route == nullptr) {
    ApiReply reply =
        ErrorReply(405, request.method + " is not allowed here; allowed: " + Join(match.allowed));
    reply.headers.push_back({"Allow", Join(match.allowed)});
    Refuse(request, response, reply, "unmatched");
    return true;
  }
  if (match.route->body != RouteBody::kJsonObject) return false;
  if (HasBody(request) &&
      MediaType(request.get_header_value("Content-Type")) != "application/json") {
    Refuse(request, response,
           ErrorReply(415, "the body must be JSON, sent with Content-Type: application/json"),
           RouteLabel(match));
    return true;
  }
  if (request.get_header_value<std::uint64_t>("Content-Length") >
      context_.config.api.max_body_bytes) {
    Refuse(request, response,
           ErrorReply(413, "the body is larger than api.max_body_bytes (" +
                               std::to_string(context_.config.api.max_body_bytes) + " bytes)"),
           RouteLabel(match));
    return true;
  }
  return false;
}

void HttpApi::Refuse(const httplib::Request& request, httplib::Response& response,
                     const ApiReply& reply, const std::string& route) {
  WriteReply(response, reply);
  // The body (if any) stays unread: the client must not send another request on this connection.
  if (HasBody(request)) response.set_header("Connection", "close");
  context_.metrics.ObserveApiRequest(request.method, route, reply.status, 0);
}

void HttpApi::Dispatch(const httplib::Request& request, httplib::Response& response) {
  const auto started = Stopwatch::now();
  const RouteMatch match =
      routes_.Match(request.method, request.path.substr(std::string_view(kApiPrefix).size()));
  ApiReply reply;
  if (match.route == nullptr) {  // the gate let nothing else through
    reply = ErrorReply(404, "no such endpoint: " + request.path);
  } else {
    ApiRequest api_request{.method = request.method == "HEAD" ? "GET" : request.method,
                           .path = request.path.substr(std::string_view(kApiPrefix).size()),
                           .params = match.params,
                           .query = {},
                           .body = nullptr};
    for (const auto& [name, value] : request.params) api_request.query.emplace(name, value);
    std::optional<ApiReply> invalid;
    if (match.route->body == RouteBody::kJsonObject)
      invalid = ParseBody(request.body, api_request.body);
    if (invalid) {
      reply = *invalid;
    } else {
      try {
        reply = match.route->handler(api_request);
      } catch (const std::exception& e) {
        spdlog::error("api: {} {} failed: {}", request.method, request.path, e.what());
        reply = ErrorReply(500, "internal error");
      }
    }
  }
  WriteReply(response, reply);
  const double seconds = std::chrono::duration<double>(Stopwatch::now() - started).count();
  context_.metrics.ObserveApiRequest(request.method, RouteLabel(match), reply.status, seconds);
}

std::expected<int, std::string> HttpApi::Bind(const ListenAddress& address) {
  // httplib's default options set SO_REUSEPORT, with which a second daemon
  // binds the same port beside the first and the kernel splits the requests
  // between them. SO_REUSEADDR alone still lets a restart bind while old
  // connections linger in TIME_WAIT, and makes a taken port an error.
  socket_t listening = INVALID_SOCKET;
  server_->set_socket_options([&listening](socket_t socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listening = socket;  // the last one tried is the one bound
  });
  errno = 0;
  const int port = address.port == 0
                       ? server_->bind_to_any_port(address.host)
                       : (server_->bind_to_port(address.host, address.port) ? address.port : -1);
  const int error = errno;  // httplib keeps bind's errno (it only closes the socket after it)
  if (port <= 0) {
    const std::string where = address.host + ":" + std::to_string(address.port);
    if (error == EADDRINUSE) {
      return std::unexpected("cannot listen on " + where +
                             ": the port is in use (another schedulight run?)");
    }
    return std::unexpected("cannot listen on " + where +
                           (error != 0 ? ": " + std::string(std::strerror(error)) : ""));
  }
  // httplib listens with a backlog of 5: a burst of new connections beyond
  // that had their SYNs dropped and retried a second later. Listening again
  // on the bound socket sets the backlog (capped by net.core.somaxconn).
  if (listening != INVALID_SOCKET) ::listen(listening, SOMAXCONN);
  return port;
}

bool HttpApi::Serve() { return server_->listen_after_bind(); }

void HttpApi::Stop() { server_->stop(); }

bool HttpApi::IsRunning() const { return server_->is_running(); }

}  // namespace schedulight
