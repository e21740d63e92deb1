#include "engine/meeting_scheduler.h"

#include <spdlog/spdlog.h>

#include <thread>

namespace schedulight {

// A lane on its own thread: processes what is due, then sleeps until the
// server's next due time, a change to meetings, the idle cap, or stop.
class MeetingScheduler::LaneThread {
 public:
  LaneThread(MeetingScheduler& scheduler, const std::string& server_id)
      : scheduler_(scheduler),
        lane_(scheduler.context_, server_id, scheduler.worker_, scheduler.open_directory_,
              scheduler.options_.lane),
        thread_([this](std::stop_token stop) { Loop(stop); }) {}

  void RequestStop() { thread_.request_stop(); }

  // Stops after the step in hand; claimed meetings not started are handed back.
  ~LaneThread() {
    thread_.request_stop();
    thread_.join();
  }

 private:
  void Loop(std::stop_token stop) {
    ChangeFeed& changes = scheduler_.store_.Changes();
    while (!stop.stop_requested()) {
      // Read before the work: a change during it wakes the next wait at once.
      const std::uint64_t seen = changes.Generation(ChangeTopic::kMeetings);
      lane_.ProcessDue(scheduler_.clock_, stop);
      const UtcTime now = scheduler_.clock_();
      UtcTime wake = now + scheduler_.options_.idle_cap;
      if (auto next = lane_.NextWake(); next && *next < wake) wake = *next;
      if (wake <= now) continue;
      changes.WaitUntil(ChangeTopic::kMeetings, wake, seen, stop);
    }
  }

  MeetingScheduler& scheduler_;
  MeetingLane lane_;     // used by thread_ only
  std::jthread thread_;  // last: starts after the members it uses exist
};

std::expected<std::unique_ptr<MeetingScheduler>, std::string> MeetingScheduler::Create(
    Store& store, const AppConfig& config, WorkerId worker, SchedulerOptions options,
    DirectoryOpener open_directory, Clock clock, EngineMetrics* metrics) {
  auto templates = TemplateSet::Load(config.templates);
  if (!templates) return std::unexpected("mail templates: " + templates.error());
  return std::unique_ptr<MeetingScheduler>(
      new MeetingScheduler(store, config, std::move(worker), options, std::move(open_directory),
                           std::move(clock), std::move(*templates), metrics));
}

MeetingScheduler::MeetingScheduler(Store& store, const AppConfig& config, WorkerId worker,
                                   SchedulerOptions options, DirectoryOpener open_directory,
                                   Clock clock, TemplateSet templates, EngineMetrics* metrics)
    : store_(store),
      config_(config),
      worker_(std::move(worker)),
      options_(options),
      open_directory_(std::move(open_directory)),
      clock_(std::move(clock)),
      templates_(std::move(templates)),
      streams_(config.streaming.start, config.streaming.stop),
      context_{.store = store,
               .config = config,
               .templates = templates_,
               .streams = streams_,
               .poll_interval = options.poll_interval,
               .retry_after = options.retry_after,
               .metrics = metrics} {}

MeetingScheduler::~MeetingScheduler() { StopLanes(); }

void MeetingScheduler::StopLanes() {
  std::map<std::string, std::unique_ptr<LaneThread>> lanes;
  {
    std::lock_guard lock(mutex_);
    lanes.swap(lanes_);
  }
  // Stop them all first, then join: each finishes its step in parallel.
  for (auto& [id, lane] : lanes) lane->RequestStop();
  lanes.clear();
}

std::optional<std::vector<std::string>> MeetingScheduler::ServerIds() {
  std::vector<std::string> ids;
  auto read = store_.Read([&](StoreSession& session) {
    for (const auto& server : session.ListServers()) ids.push_back(server.id);
  });
  if (!read) {
    spdlog::error("meetings: cannot read the servers: {}", read.error().message);
    return std::nullopt;
  }
  return ids;
}

void MeetingScheduler::KeepLanes(const std::vector<std::string>& server_ids) {
  std::map<std::string, std::unique_ptr<LaneThread>> gone;
  {
    std::lock_guard lock(mutex_);
    for (auto it = lanes_.begin(); it != lanes_.end();) {
      if (std::ranges::find(server_ids, it->first) == server_ids.end()) {
        gone.insert(lanes_.extract(it++));
      } else {
        ++it;
      }
    }
    for (const auto& id : server_ids) {
      if (!lanes_.contains(id)) lanes_.emplace(id, std::make_unique<LaneThread>(*this, id));
    }
  }
  gone.clear();  // a deleted server has no meetings left (the store refuses otherwise)
}

std::size_t MeetingScheduler::ProcessDue(UtcTime now) {
  auto ids = ServerIds();
  if (!ids) return 0;
  std::size_t processed = 0;
  for (const auto& id : *ids) {
    auto& lane = direct_lanes_[id];
    if (!lane) {
      lane = std::make_unique<MeetingLane>(context_, id, worker_, open_directory_, options_.lane);
    }
    processed += lane->ProcessDue([now] { return now; }, {});
  }
  return processed;
}

void MeetingScheduler::Run(std::stop_token stop) {
  spdlog::info("meetings: scheduler started (worker {})", worker_.value);
  if (options_.sole_worker) {
    int released = 0;
    auto done = store_.Transact(
        [&](StoreSession& session) { released = session.ReleaseAllMeetingClaims(); });
    if (done && released > 0) {
      spdlog::info("meetings: took over {} meeting(s) a stopped daemon had claimed", released);
    }
  }
  ChangeFeed& changes = store_.Changes();
  while (!stop.stop_requested()) {
    const std::uint64_t seen = changes.Generation(ChangeTopic::kMeetings);
    if (auto ids = ServerIds()) KeepLanes(*ids);
    changes.WaitUntil(ChangeTopic::kMeetings, clock_() + options_.idle_cap, seen, stop);
  }
  StopLanes();
  spdlog::info("meetings: scheduler stopped");
}

}  // namespace schedulight
