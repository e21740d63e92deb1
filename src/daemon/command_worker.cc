#include "daemon/command_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/store_backoff.h"

namespace schedulight {
namespace {

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

CommandWorker::CommandWorker(const WorkerEnvironment& environment, TemplateSet templates,
                             std::chrono::milliseconds idle_cap)
    : environment_(environment),
      templates_(std::move(templates)),
      runner_(environment.store, environment.config, templates_),
      idle_cap_(idle_cap) {}

// How long to sleep at most: until the next command is due, within the idle cap.
std::chrono::milliseconds CommandWorker::IdleWait() {
  std::optional<UtcTime> due;
  auto read =
      environment_.store.Transact([&](StoreSession& session) { due = session.NextCommandDue(); });
  if (!read || !due) return idle_cap_;
  const auto until_due = std::chrono::duration_cast<std::chrono::milliseconds>(*due - Now());
  return std::clamp(until_due, std::chrono::milliseconds(0), idle_cap_);
}

void CommandWorker::Run(std::stop_token stop) {
  std::uint64_t seen = environment_.store.Changes().Generation(ChangeTopic::kCommands);
  StoreBackoff backoff;  // a failing store is tried less and less often
  while (!stop.stop_requested()) {
    std::chrono::milliseconds wait{};
    auto ran = runner_.RunQueued(environment_.worker_id, stop);
    if (!ran) {
      spdlog::error("commands: {}", ran.error().message);
      environment_.metrics.CountWorkerError(Name());
      wait = std::max<std::chrono::milliseconds>(idle_cap_, backoff.Failed());
    } else {
      backoff.Succeeded();
      if (*ran > 0) spdlog::info("commands: ran {} queued command(s)", *ran);
      wait = IdleWait();
    }
    seen = environment_.store.Changes().WaitUntil(
        ChangeTopic::kCommands, std::chrono::steady_clock::now() + wait, seen, stop);
  }
}

std::expected<std::unique_ptr<Worker>, std::string> MakeCommandWorker(
    const WorkerEnvironment& environment) {
  auto templates = TemplateSet::Load(environment.config.templates);
  if (!templates) return std::unexpected("mail templates: " + templates.error());
  return std::make_unique<CommandWorker>(environment, std::move(*templates));
}

}  // namespace schedulight
