#pragma once
// One HTTP connection context for one BBB server, on libcurl. The easy handle
// is kept between requests, so its connection cache reuses the TCP/TLS
// connection (keep-alive) for every call to the same server. Not thread-safe:
// use one session per thread.
//
// TLS peer and host verification stay on (system CA store, or ca_file).
// Redirects are not followed: BBB answers API calls with 200, and join
// reports its errors in a redirect the caller must read.

#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "bbb/bbb_error.h"

namespace schedulight {

struct HttpTimeouts {
  std::chrono::milliseconds connect{5000};  // TCP + TLS handshake
  std::chrono::milliseconds total{20000};   // the whole request
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string location;      // the Location header of a redirect, else empty
  long new_connections = 0;  // connections opened for this request (0: an open one was reused)
};

class HttpSession {
 public:
  explicit HttpSession(HttpTimeouts timeouts, std::optional<std::string> ca_file = std::nullopt);
  ~HttpSession();
  HttpSession(HttpSession&&) noexcept;
  HttpSession& operator=(HttpSession&&) noexcept;
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // GETs url. Transport failures map to kUnreachable, kTimeout, kTls or
  // kTransport; any HTTP status is a response (the caller judges it).
  // where names the server in error messages (the URL may carry a checksum,
  // never the secret, but stays out of messages anyway).
  std::expected<HttpResponse, BbbError> Get(const std::string& url, const std::string& where);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
  HttpTimeouts timeouts_;
  std::optional<std::string> ca_file_;
};

}  // namespace schedulight
