#include "daemon/watch_worker.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

#include "admin/apply.h"

namespace schedulight {
namespace {

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::size_t Changed(const DocumentChanges& changes) {
  return changes.added.size() + changes.updated.size();
}

}  // namespace

WatchWorker::WatchWorker(const WorkerEnvironment& environment, std::string data_file,
                         std::chrono::milliseconds poll)
    : environment_(environment), data_file_(std::move(data_file)), poll_(poll) {}

std::optional<WatchWorker::FileStamp> WatchWorker::Stamp() const {
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(data_file_, error);
  if (error) return std::nullopt;
  const auto size = std::filesystem::file_size(data_file_, error);
  if (error) return std::nullopt;
  return FileStamp{modified, size};
}

void WatchWorker::Apply() {
  auto applied = ApplyDataFile(data_file_, {}, environment_.config, environment_.store, Now());
  if (!applied) {
    for (const auto& message : applied.error().messages) spdlog::error("watch: {}", message);
    spdlog::error("watch: {} not applied; the store keeps what it had", data_file_);
    environment_.metrics.CountWorkerError(Name());
    return;
  }
  for (const auto& warning : applied->warnings) spdlog::warn("watch: {}", warning);
  spdlog::info(
      "watch: applied {}: {} server(s), {} meeting(s) added or updated, {} command(s) queued",
      data_file_, Changed(applied->servers), Changed(applied->meetings),
      applied->commands_queued.size());
}

void WatchWorker::Run(std::stop_token stop) {
  std::optional<FileStamp> applied_stamp = Stamp();
  if (!applied_stamp) spdlog::error("watch: cannot read {}; waiting for it", data_file_);
  if (applied_stamp) Apply();
  std::mutex mutex;
  std::condition_variable_any sleeper;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex);
      sleeper.wait_for(lock, stop, poll_, [] { return false; });
    }
    if (stop.stop_requested()) break;
    auto stamp = Stamp();
    if (!stamp || stamp == applied_stamp) continue;
    // Let a writer finish: apply once the stamp held still for one poll.
    std::unique_lock lock(mutex);
    sleeper.wait_for(lock, stop, poll_ / 4, [] { return false; });
    lock.unlock();
    if (Stamp() != stamp) continue;
    applied_stamp = stamp;
    Apply();
  }
}

std::expected<std::unique_ptr<Worker>, std::string> MakeWatchWorker(
    const WorkerEnvironment& environment, const std::string& data_file) {
  if (!std::filesystem::is_regular_file(data_file)) {
    return std::unexpected("--watch: '" + data_file + "' is not a readable file");
  }
  return std::make_unique<WatchWorker>(environment, data_file);
}

}  // namespace schedulight
