#include "app/command_worker.h"

#include <spdlog/spdlog.h>

namespace schedulight {
namespace {

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

CommandWorker::CommandWorker(const WorkerEnvironment& environment,
                             std::chrono::milliseconds idle_cap)
    : environment_(environment),
      runner_(environment.store, environment.config),
      idle_cap_(idle_cap) {}

void CommandWorker::Run(std::stop_token stop) {
  std::uint64_t seen = environment_.changes.generation();
  while (!stop.stop_requested()) {
    auto ran = runner_.RunQueued(Now());
    if (!ran) {
      spdlog::error("commands: {}", ran.error().message);
      environment_.metrics.CountWorkerError(Name());
    } else if (*ran > 0) {
      spdlog::info("commands: ran {} queued command(s)", *ran);
    }
    seen = environment_.changes.WaitUntil(std::chrono::steady_clock::now() + idle_cap_, seen, stop);
  }
}

std::expected<std::unique_ptr<Worker>, std::string> MakeCommandWorker(
    const WorkerEnvironment& environment) {
  return std::make_unique<CommandWorker>(environment);
}

}  // namespace schedulight
