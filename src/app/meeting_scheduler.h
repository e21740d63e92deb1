#pragma once
// The meeting scheduler (SPEC 4.3), the daemon's "meetings" worker. It does
// not loop over all meetings: the store keeps each meeting's next due time,
// the scheduler takes the due ones, hands each to the lane of its server, and
// sleeps until the earliest next due time, a change (API write, apply,
// a lane finishing), or its idle cap, whichever comes first.
//
// Lanes: one thread per server, each with its own BBB client and Greenlight
// connection. Meetings of different servers run concurrently, so a slow or
// dead server never delays the meetings of another; the meetings of one
// server run one after the other.
//
// After a meeting is processed its next due time is written back, unless the
// meeting was changed meanwhile (then the change's "due now" stands).
//
// When that write fails (a full disk, an I/O error) the meeting would stay
// due and be processed again at once, with its BBB calls, in a loop. Instead
// the scheduler keeps the unsaved next due time and pauses every meeting
// (store_backoff.h: 1 s, doubling to 60 s); when the pause is over it first
// writes what it kept, and only when that works takes due meetings again.
// So a meeting whose result could not be stored is not processed again, and
// while the store fails no meeting is started at all.

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "app/change_signal.h"
#include "app/meeting_executor.h"
#include "app/store_backoff.h"
#include "app/worker.h"
#include "core/clock.h"

namespace schedulight {

struct SchedulerOptions {
  // Longest sleep: changes made by another process are seen after at most this.
  std::chrono::seconds idle_cap{30};
  std::chrono::seconds poll_interval{30};
  std::chrono::seconds retry_after{60};
  std::size_t batch = 500;  // meetings taken from the store per look
};

class MeetingScheduler final : public Worker {
 public:
  // Loads the mail templates (an error names the broken template).
  static std::expected<std::unique_ptr<MeetingScheduler>, std::string> Create(
      Store& store, const AppConfig& config, ChangeSignal& changes, SchedulerOptions options = {},
      DirectoryOpener open_directory = {}, Clock clock = SystemNow, Metrics* metrics = nullptr);
  ~MeetingScheduler() override;

  std::string Name() const override { return "meetings"; }
  void Run(std::stop_token stop) override;

  // Processes every meeting due at `now` on this thread, server after server,
  // and returns how many it processed. What a lane does, without threads:
  // tests drive a whole day with it on a fake clock.
  std::size_t ProcessDue(UtcTime now);

 private:
  class Lane;

  MeetingScheduler(Store& store, const AppConfig& config, ChangeSignal& changes,
                   SchedulerOptions options, DirectoryOpener open_directory, Clock clock,
                   TemplateSet templates, Metrics* metrics);

  // Processes one meeting with executor (re)built for its server; writes the next due time.
  void ProcessOne(std::unique_ptr<MeetingExecutor>& executor, const StoredMeeting& meeting,
                  UtcTime now, std::stop_token stop);
  // Writes a processed meeting's next due time; on failure keeps it and pauses.
  void StoreNextDue(const StoredMeeting& meeting, std::optional<UtcTime> next_due, UtcTime now);
  // Whether meetings are paused at now after a store write failure.
  bool Paused(UtcTime now);
  // Ends a pause that is over by writing the kept next due times; false when
  // still paused (not over yet, or the store still fails).
  bool ResumeAfterPause(UtcTime now);
  void Finished(const std::string& meeting_id);
  Lane& LaneFor(const std::string& server_id);
  void StopLanes();

  Store& store_;
  const AppConfig& config_;
  ChangeSignal& changes_;
  SchedulerOptions options_;
  DirectoryOpener open_directory_;
  Clock clock_;
  TemplateSet templates_;
  StreamRunner streams_;
  EngineContext context_;

  // A next due time the store did not take.
  struct Unsaved {
    nlohmann::json document;  // the meeting's document when it was processed
    std::optional<UtcTime> next_due;
  };

  std::mutex mutex_;                 // guards in_flight_, lanes_, backoff_, paused_until_, unsaved_
  std::set<std::string> in_flight_;  // meeting ids handed to a lane and not finished
  std::map<std::string, std::unique_ptr<Lane>> lanes_;
  StoreBackoff backoff_;
  std::optional<UtcTime> paused_until_;     // no meeting is processed before it
  std::map<std::string, Unsaved> unsaved_;  // by meeting id
  // Executors of ProcessDue(), by server id.
  std::map<std::string, std::unique_ptr<MeetingExecutor>> direct_executors_;
};

}  // namespace schedulight
