#pragma once
// The "api" part of the daemon: HttpApi as a Worker. MakeApiWorker binds the
// socket before any thread starts, so a busy port or an unsafe address stops
// `schedulight run` with a message instead of a half-started daemon.
//
// Listening policy (SPEC 4.5): loopback addresses (127.0.0.0/8, ::1,
// localhost) may run without tokens; any other address needs at least one
// token in api.tokens / api.token_file, else the API refuses to start.
//
// Stop: the listening socket closes at once; requests in progress finish
// (bounded by the read/write timeouts), idle keep-alive connections close
// within their 2 s keep-alive timeout.

#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "api/http_api.h"
#include "core/worker.h"

namespace schedulight {

class ApiWorker : public Worker {
 public:
  explicit ApiWorker(std::unique_ptr<HttpApi> api);

  std::string Name() const override { return "api"; }
  void Run(std::stop_token stop) override;

 private:
  std::unique_ptr<HttpApi> api_;
};

// Builds and binds the API on listen (api.listen of the config unless given).
std::expected<std::unique_ptr<Worker>, std::string> MakeApiWorker(
    const ApiContext& context, const std::optional<std::string>& listen = std::nullopt);

}  // namespace schedulight
