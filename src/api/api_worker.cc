#include "api/api_worker.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace schedulight {

ApiWorker::ApiWorker(std::unique_ptr<HttpApi> api) : api_(std::move(api)) {}

void ApiWorker::Run(std::stop_token stop) {
  std::atomic<bool> ended{false};
  std::thread listener([&] {
    if (!api_->Serve()) spdlog::error("api: the accept loop failed");
    ended = true;
  });
  // httplib's stop() does nothing before its accept loop runs: wait for it,
  // or for Serve() to have returned already (a loop that failed at once).
  while (!api_->IsRunning() && !ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  {
    std::mutex mutex;
    std::condition_variable_any stopped;
    std::unique_lock lock(mutex);
    // Wakes on stop; also every second, to notice an accept loop that ended by itself.
    while (!stop.stop_requested() && api_->IsRunning()) {
      stopped.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
    }
  }
  api_->Stop();
  listener.join();
  if (!stop.stop_requested()) spdlog::error("api: the accept loop ended unexpectedly");
}

std::expected<std::unique_ptr<Worker>, std::string> MakeApiWorker(
    const ApiContext& context, const std::optional<std::string>& listen) {
  const std::string text = listen.value_or(context.config.api.listen);
  auto address = ParseListenAddress(text);
  if (!address) return std::unexpected(address.error());
  auto api = std::make_unique<HttpApi>(context);
  if (!IsLoopbackHost(address->host) && !api->authenticating()) {
    return std::unexpected("refusing to serve the API on " + text +
                           " without a token: set api.tokens or api.token_file, or listen on "
                           "127.0.0.1");
  }
  auto port = api->Bind(*address);
  if (!port) return std::unexpected(port.error());
  const bool v6 = address->host.find(':') != std::string::npos;
  spdlog::info(
      "api: listening on http://{}{}{}:{}{} ({})", v6 ? "[" : "", address->host, v6 ? "]" : "",
      *port, kApiPrefix,
      api->authenticating() ? "bearer tokens required" : "no token configured: loopback only");
  return std::make_unique<ApiWorker>(std::move(api));
}

}  // namespace schedulight
