#pragma once
// The REST API server (SPEC 4.5) on cpp-httplib: everything below /api/v1.
//
// Every request goes through the same gate before a handler sees it, in this
// order, each with the {"message", ...} error shape of api_reply.h:
//   401  no or wrong bearer token (every route but GET /healthz), with
//        WWW-Authenticate: Bearer
//   404  no such path;  405  path exists, method does not (Allow header)
//   415  a route that takes a body got one that is not application/json
//   413  the body is larger than api.max_body_bytes (declared or received)
//   400  the body is not a JSON object; handlers add 400s naming each field
// The gate runs before the body is read, so a refused request costs no
// buffering. Handlers are thin (routes.h); a handler that throws answers 500
// without details. Each request is logged (method, path without query,
// status, time, peer) and counted in the metrics; tokens, headers and bodies
// are never logged.

#include <cstddef>
#include <expected>
#include <memory>
#include <string>

#include "api/bearer_auth.h"
#include "api/routes.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace schedulight {

inline constexpr const char* kApiPrefix = "/api/v1";

// Connections: each open connection has a thread of its own, so idle
// keep-alive clients never hold up others; at most this many connections are
// served at once (more wait for a free thread). A keep-alive connection serves
// up to kKeepAliveMaxRequests requests and is closed after 2 s idle.
inline constexpr std::size_t kMaxConnectionThreads = 1024;
inline constexpr std::size_t kKeepAliveMaxRequests = 100000;

struct ListenAddress {
  std::string host;  // as written; IPv6 without brackets
  int port = 0;      // 0: any free port
};

// "127.0.0.1:8008", "[::1]:8008", "localhost:8008", "0.0.0.0:8008".
std::expected<ListenAddress, std::string> ParseListenAddress(const std::string& text);

// 127.0.0.0/8, ::1 and "localhost": addresses only this machine can reach.
bool IsLoopbackHost(const std::string& host);

class HttpApi {
 public:
  explicit HttpApi(ApiContext context);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  const RouteTable& routes() const { return routes_; }
  bool authenticating() const { return auth_.enabled(); }

  // Binds the listening socket. Returns the bound port.
  std::expected<int, std::string> Bind(const ListenAddress& address);
  // Serves until Stop(); returns false when the accept loop failed.
  bool Serve();
  // Stops accepting and lets requests in progress finish (Serve returns
  // after them). Call only while Serve runs (IsRunning).
  void Stop();
  bool IsRunning() const;

 private:
  // The checks before the body is read; true when it answered the request itself.
  bool Gate(const httplib::Request& request, httplib::Response& response);
  void Dispatch(const httplib::Request& request, httplib::Response& response);
  void Refuse(const httplib::Request& request, httplib::Response& response, const ApiReply& reply,
              const std::string& route);

  ApiContext context_;
  BearerAuth auth_;
  RouteTable routes_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace schedulight
