// The API's request path as a client drives it. Each input is the raw bytes
// of one HTTP request (request line, headers, body), sent over loopback to a
// real HttpApi: cpp-httplib's request parser, the gate (token, route table,
// 404/405, Content-Type, size), the JSON body parsing and the route handlers,
// on an in-memory SQLite store. HttpApi's Gate and Dispatch are private, so
// the request goes through its public Serve() on a socket (see Frame below for
// how the input becomes a request that always ends).
//
// The API's one token is "fuzz-token" (the corpus uses it). FUZZ_API_ECHO=1
// in the environment prints each answer to stderr, to check a seed. The store lives
// as long as the fuzzer: what one input creates, a later one may read.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "api/http_api.h"
#include "config/app_config.h"
#include "daemon/metrics.h"
#include "store/store.h"

namespace {

using namespace schedulight;

struct Daemon {
  AppConfig config;
  Metrics metrics;
  std::unique_ptr<Store> store;
  std::unique_ptr<HttpApi> api;
  std::thread serving;
  int port = 0;
};

Daemon* daemon_under_test = nullptr;  // lives until exit: the server thread never stops

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "fuzz_api_request: %s\n", what);
  std::abort();
}

// The request as sent: the input's head (up to its first blank line; lines
// may end in "\n" or "\r\n") with its Content-Length lines replaced by the
// real length of the rest, the body, and "Connection: close", so the server
// answers and closes without waiting for bytes that never come. A head with
// Transfer-Encoding is sent as written instead (chunked bodies are fuzzed
// too); the client then shuts its sending side at once, so the server sees
// the end (and answers nothing: it does not write to a half-closed peer).
struct Wire {
  std::string bytes;
  bool half_close = false;
};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

Wire Frame(std::string_view input) {
  std::size_t head_end = input.find("\r\n\r\n");
  std::size_t body_start = head_end == std::string_view::npos ? head_end : head_end + 4;
  if (const std::size_t lf = input.find("\n\n"); lf < head_end) {
    head_end = lf;
    body_start = lf + 2;
  }
  const std::string_view head = input.substr(0, head_end);
  const std::string_view body =
      body_start == std::string_view::npos ? std::string_view() : input.substr(body_start);
  if (head.find("ransfer-") != std::string_view::npos ||
      head.find("RANSFER-") != std::string_view::npos) {
    return {std::string(input), true};
  }
  Wire wire;
  std::size_t at = 0;
  while (at < head.size()) {
    std::size_t end = head.find('\n', at);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(at, end - at);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!StartsWithNoCase(line, "content-length:") && !StartsWithNoCase(line, "connection:")) {
      wire.bytes.append(line).append("\r\n");
    }
    at = end + 1;
  }
  wire.bytes += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  wire.bytes.append(body);
  return wire;
}

void SendAndDrain(const Wire& wire) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Fail("socket() failed");
  const timeval timeout{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(daemon_under_test->port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    Fail("cannot connect to the API");
  }
  // The server may answer and close before reading everything (a refused
  // request); a failed send is then expected.
  std::size_t sent = 0;
  while (sent < wire.bytes.size()) {
    const ssize_t n = ::send(fd, wire.bytes.data() + sent, wire.bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  if (wire.half_close) ::shutdown(fd, SHUT_WR);
  // Once the answer starts, the request has been handled: shutting the
  // sending side then ends a connection the server would keep open (a request
  // it refused as malformed does not see our "Connection: close").
  static const bool echo = std::getenv("FUZZ_API_ECHO") != nullptr;
  char buffer[16384];
  ssize_t n = 0;
  bool answered = false;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    if (echo) std::fwrite(buffer, 1, static_cast<std::size_t>(n), stderr);
    if (!answered) ::shutdown(fd, SHUT_WR);
    answered = true;
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // one log line per request would drown the output
  auto* daemon = new Daemon;
  daemon->config.timezone = FindTimeZone("Europe/Berlin");
  daemon->config.api.tokens = {"fuzz-token"};
  // api.max_body_bytes keeps its default (1 MiB), as a daemon runs: every
  // input fits, so what a validator does with 64 KiB of text is reached.
  auto store = OpenStore("sqlite::memory:");
  if (!store) Fail("cannot open the in-memory store");
  daemon->store = std::move(*store);
  daemon->api = std::make_unique<HttpApi>(ApiContext{
      *daemon->store, daemon->config, daemon->metrics, [] { return FromUnixSeconds(1790000000); }});
  auto port = daemon->api->Bind({"127.0.0.1", 0});
  if (!port) Fail("cannot bind the API to a loopback port");
  daemon->port = *port;
  daemon->serving = std::thread([daemon] { daemon->api->Serve(); });
  daemon->serving.detach();
  daemon_under_test = daemon;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SendAndDrain(Frame(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
