#pragma once
// The meeting scheduler, the daemon's "meetings" worker. It does not loop
// over all meetings: the store keeps each meeting's next due time, and every
// server has a lane (meeting_lane.h) on a thread of its own that claims its
// server's due meetings, processes them and sleeps until its server's next
// due time, a change to meetings (the store's change feed), or the idle cap.
// The scheduler's own thread only keeps one lane per stored server.
//
// Lanes claim from the store rather than being handed meetings, so a
// meeting is never processed twice at once (the claim), a meeting in flight
// is not in anyone's due set, and one slow server never delays another's
// due meetings.
//
// Shutdown: a stop request ends every lane after the step in hand; the
// meetings it had claimed and not started are handed back, still due.
//
// Threads: lanes_ is guarded by mutex_ (the scheduler's thread and the
// destructor); each lane is used by its own thread only.

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/worker.h"
#include "engine/meeting_lane.h"

namespace schedulight {

struct SchedulerOptions {
  // Longest sleep: changes made by another process are seen after at most this.
  std::chrono::seconds idle_cap{30};
  std::chrono::seconds poll_interval{30};
  std::chrono::seconds retry_after{60};
  LaneOptions lane;
  // This process is the store's only meetings worker (it holds the store's
  // meetings lock): at start it ends the claims a killed predecessor left,
  // so their meetings go on at once rather than after the lease.
  bool sole_worker = false;
};

class MeetingScheduler final : public Worker {
 public:
  // Loads the mail templates (an error names the broken template).
  static std::expected<std::unique_ptr<MeetingScheduler>, std::string> Create(
      Store& store, const AppConfig& config, WorkerId worker, SchedulerOptions options = {},
      DirectoryOpener open_directory = {}, Clock clock = SystemClock(),
      EngineMetrics* metrics = nullptr);
  ~MeetingScheduler() override;

  std::string Name() const override { return "meetings"; }
  void Run(std::stop_token stop) override;

  // Processes every meeting due at `now` on this thread, server after server,
  // and returns how many passes ran. What the lanes do, without threads:
  // tests drive a whole day with it on a fake clock.
  std::size_t ProcessDue(UtcTime now);

 private:
  class LaneThread;

  MeetingScheduler(Store& store, const AppConfig& config, WorkerId worker, SchedulerOptions options,
                   DirectoryOpener open_directory, Clock clock, TemplateSet templates,
                   EngineMetrics* metrics);

  // The ids of the stored servers; none when the store cannot be read.
  std::optional<std::vector<std::string>> ServerIds();
  // Starts a lane for every stored server and stops those of deleted ones.
  void KeepLanes(const std::vector<std::string>& server_ids);
  void StopLanes();

  Store& store_;
  const AppConfig& config_;
  WorkerId worker_;
  SchedulerOptions options_;
  DirectoryOpener open_directory_;
  Clock clock_;
  TemplateSet templates_;
  StreamRunner streams_;
  EngineContext context_;

  std::mutex mutex_;                                          // guards lanes_
  std::map<std::string, std::unique_ptr<LaneThread>> lanes_;  // by server id
  // ProcessDue()'s lanes, by server id (the caller's thread only).
  std::map<std::string, std::unique_ptr<MeetingLane>> direct_lanes_;
};

}  // namespace schedulight
