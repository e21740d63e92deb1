// The API's request path as a client drives it. Each input is the raw bytes
// of one HTTP request (request line, headers, body), sent over loopback to a
// real HttpApi: cpp-httplib's request parser, the gate (token, route table,
// 404/405, Content-Type, size), the JSON body parsing and the route handlers,
// on an in-memory SQLite store. HttpApi's Gate and Dispatch are private, so
// the request goes through its public Serve() on a socket; the client shuts
// its sending side after the input, so a short body ends instead of waiting.
//
// The API's one token is "fuzz-token" (the corpus uses it). The store lives
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
#include <thread>

#include "api/http_api.h"
#include "app/app_config.h"
#include "app/change_signal.h"
#include "app/metrics.h"
#include "store/store.h"

namespace {

using namespace schedulight;

struct Daemon {
  AppConfig config;
  ChangeSignal changes;
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

void SendAndDrain(const std::uint8_t* data, std::size_t size) {
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
  while (sent < size) {
    const ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char buffer[16384];
  while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // one log line per request would drown the output
  auto* daemon = new Daemon;
  daemon->config.timezone = FindTimeZone("Europe/Berlin");
  daemon->config.api.tokens = {"fuzz-token"};
  daemon->config.api.max_body_bytes = 16384;  // smaller than the inputs, so 413 is reachable
  auto store = OpenStore("sqlite::memory:");
  if (!store) Fail("cannot open the in-memory store");
  daemon->store = std::move(*store);
  daemon->api = std::make_unique<HttpApi>(ApiContext{*daemon->store, daemon->config,
                                                     daemon->changes, daemon->metrics,
                                                     [] { return FromUnixSeconds(1790000000); }});
  auto port = daemon->api->Bind({"127.0.0.1", 0});
  if (!port) Fail("cannot bind the API to a loopback port");
  daemon->port = *port;
  daemon->serving = std::thread([daemon] { daemon->api->Serve(); });
  daemon->serving.detach();
  daemon_under_test = daemon;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SendAndDrain(data, size);
  return 0;
}
