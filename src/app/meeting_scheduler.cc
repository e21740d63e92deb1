#include "app/meeting_scheduler.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <thread>

#include "app/bbb_server_client.h"

namespace schedulight {

// One server's thread: takes meetings from its queue and processes them in order.
class MeetingScheduler::Lane {
 public:
  Lane(MeetingScheduler& scheduler, std::string server_id)
      : scheduler_(scheduler),
        server_id_(std::move(server_id)),
        thread_([this](std::stop_token stop) { Loop(stop); }) {}

  // Stops after the meeting in hand; queued meetings stay due in the store.
  ~Lane() {
    thread_.request_stop();
    thread_.join();
  }

  void Submit(StoredMeeting meeting) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(meeting));
    }
    ready_.notify_one();
  }

 private:
  void Loop(std::stop_token stop) {
    std::unique_ptr<MeetingExecutor> executor;
    while (true) {
      StoredMeeting meeting;
      {
        std::unique_lock lock(mutex_);
        if (!ready_.wait(lock, stop, [&] { return !queue_.empty(); })) return;
        meeting = std::move(queue_.front());
        queue_.pop_front();
      }
      scheduler_.ProcessOne(executor, meeting, scheduler_.clock_(), stop);
      scheduler_.Finished(meeting.id);
    }
  }

  MeetingScheduler& scheduler_;
  std::string server_id_;
  std::mutex mutex_;
  std::condition_variable_any ready_;
  std::deque<StoredMeeting> queue_;
  std::jthread thread_;  // last: starts after the members it uses exist
};

std::expected<std::unique_ptr<MeetingScheduler>, std::string> MeetingScheduler::Create(
    Store& store, const AppConfig& config, ChangeSignal& changes, SchedulerOptions options,
    DirectoryOpener open_directory, Clock clock, Metrics* metrics) {
  auto templates = TemplateSet::Load(config.templates);
  if (!templates) return std::unexpected("mail templates: " + templates.error());
  return std::unique_ptr<MeetingScheduler>(
      new MeetingScheduler(store, config, changes, options, std::move(open_directory),
                           std::move(clock), std::move(*templates), metrics));
}

MeetingScheduler::MeetingScheduler(Store& store, const AppConfig& config, ChangeSignal& changes,
                                   SchedulerOptions options, DirectoryOpener open_directory,
                                   Clock clock, TemplateSet templates, Metrics* metrics)
    : store_(store),
      config_(config),
      changes_(changes),
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
  std::map<std::string, std::unique_ptr<Lane>> lanes;
  {
    std::lock_guard lock(mutex_);
    lanes.swap(lanes_);
  }
  lanes.clear();  // joins every lane thread; they take mutex_ in Finished()
}

void MeetingScheduler::ProcessOne(std::unique_ptr<MeetingExecutor>& executor,
                                  const StoredMeeting& meeting, UtcTime now, std::stop_token stop) {
  // Handed to the lane before a store write failed: leave it due for after the pause.
  if (Paused(now)) return;
  std::optional<UtcTime> next_due;
  auto server = LoadServer(store_, meeting.server_id);
  if (!server) {
    spdlog::warn("meeting {}: {}", meeting.id, server.error());
    next_due = now + options_.retry_after;
    (void)store_.Transact([&](StoreSession& session) {
      session.RecordStatus(meeting.id, step::kStatus,
                           {now, status_code::kFailedWillRetry, server.error()});
    });
  } else {
    if (!executor || executor->server().document != server->document) {
      executor = std::make_unique<MeetingExecutor>(context_, *server, open_directory_);
    }
    next_due = executor->Process(meeting, now, stop);
  }
  StoreNextDue(meeting, next_due, now);
}

void MeetingScheduler::StoreNextDue(const StoredMeeting& meeting, std::optional<UtcTime> next_due,
                                    UtcTime now) {
  auto stored = store_.Transact([&](StoreSession& session) {
    session.SetMeetingNextDue(meeting.id, meeting.document, next_due);
  });
  std::lock_guard lock(mutex_);
  if (stored) {
    backoff_.Succeeded();
    return;
  }
  unsaved_[meeting.id] = {meeting.document, next_due};
  const auto pause = backoff_.Failed();
  paused_until_ = now + pause;
  spdlog::error("meeting {}: cannot store its next due time: {}; meetings pause for {} s",
                meeting.id, stored.error().message, pause.count());
  if (context_.metrics != nullptr) context_.metrics->CountWorkerError(Name());
}

bool MeetingScheduler::Paused(UtcTime now) {
  std::lock_guard lock(mutex_);
  return paused_until_ && now < *paused_until_;
}

bool MeetingScheduler::ResumeAfterPause(UtcTime now) {
  std::map<std::string, Unsaved> unsaved;
  {
    std::lock_guard lock(mutex_);
    if (!paused_until_) return true;
    if (now < *paused_until_) return false;
    unsaved.swap(unsaved_);
  }
  std::optional<StoreError> failed;
  for (auto it = unsaved.begin(); it != unsaved.end();) {
    auto stored = store_.Transact([&](StoreSession& session) {
      session.SetMeetingNextDue(it->first, it->second.document, it->second.next_due);
    });
    if (!stored) {
      failed = stored.error();
      break;
    }
    it = unsaved.erase(it);
  }
  std::lock_guard lock(mutex_);
  unsaved_.merge(unsaved);  // what is still unsaved; a newer entry of a lane wins
  if (!failed && unsaved_.empty()) {
    backoff_.Succeeded();
    paused_until_.reset();
    spdlog::info("meetings: the store takes writes again; meetings resume");
    return true;
  }
  const auto pause = backoff_.Failed();
  paused_until_ = now + pause;
  spdlog::error("meetings: the store still cannot be written{}{}; next try in {} s",
                failed ? ": " : "", failed ? failed->message : "", pause.count());
  if (context_.metrics != nullptr) context_.metrics->CountWorkerError(Name());
  return false;
}

void MeetingScheduler::Finished(const std::string& meeting_id) {
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase(meeting_id);
  }
  changes_.Notify();  // the scheduler recomputes its next wake-up
}

MeetingScheduler::Lane& MeetingScheduler::LaneFor(const std::string& server_id) {
  auto& lane = lanes_[server_id];
  if (!lane) lane = std::make_unique<Lane>(*this, server_id);
  return *lane;
}

std::size_t MeetingScheduler::ProcessDue(UtcTime now) {
  if (!ResumeAfterPause(now)) return 0;
  std::vector<StoredMeeting> due;
  auto read = store_.Transact(
      [&](StoreSession& session) { due = session.DueMeetings(now, options_.batch); });
  if (!read) {
    spdlog::error("meetings: cannot read due meetings: {}", read.error().message);
    return 0;
  }
  for (const auto& meeting : due)
    ProcessOne(direct_executors_[meeting.server_id], meeting, now, {});
  return due.size();
}

void MeetingScheduler::Run(std::stop_token stop) {
  spdlog::info("meetings: scheduler started");
  std::uint64_t seen = changes_.generation();
  while (!stop.stop_requested()) {
    const UtcTime now = clock_();
    if (!ResumeAfterPause(now)) {
      std::optional<UtcTime> until;
      {
        std::lock_guard lock(mutex_);
        until = paused_until_;
      }
      seen = changes_.WaitUntil(until.value_or(now + options_.idle_cap), seen, stop);
      continue;
    }
    std::vector<StoredMeeting> due;
    std::optional<UtcTime> next_due;
    auto read = store_.Transact([&](StoreSession& session) {
      due = session.DueMeetings(now, options_.batch);
      next_due = session.NextMeetingDue();
    });
    if (!read) spdlog::error("meetings: cannot read due meetings: {}", read.error().message);
    {
      std::lock_guard lock(mutex_);
      for (auto& meeting : due) {
        if (!in_flight_.insert(meeting.id).second) continue;
        LaneFor(meeting.server_id).Submit(std::move(meeting));
      }
    }
    // Meetings in flight are still due in the store: their lanes notify when done.
    UtcTime wake = now + options_.idle_cap;
    if (next_due && *next_due > now && *next_due < wake) wake = *next_due;
    seen = changes_.WaitUntil(wake, seen, stop);
  }
  StopLanes();
  spdlog::info("meetings: scheduler stopped");
}

}  // namespace schedulight
