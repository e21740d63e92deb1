#pragma once
// One server's share of the meeting engine: claims that server's due
// meetings from the store (store.h ClaimDueMeetings), runs a pass for each
// (meeting_executor.h), and writes each pass's outcome back. The scheduler
// (meeting_scheduler.h) gives every server a lane on a thread of its own, so
// a slow or dead server never delays the meetings of another.
//
// Ownership: a meeting is this lane's from the claim until the pass's
// outcome is written (FinishMeetingPass / ReleaseMeeting). Claimed meetings
// are not due for anyone else, so a meeting is never processed twice at
// once, in this process or another.
//
// When the store cannot be written (a full disk, an I/O error), a pass's
// statuses and next due time are kept here, not lost and not redone: the lane
// pauses (store_backoff.h: 1 s doubling to 60 s), and when the pause is over
// it first writes what it kept, and only when that works claims again. So a
// step whose result could not be stored is not done again, and while the
// store fails the lane starts nothing.
//
// Not thread-safe: one thread at a time (its own, or ProcessDue's caller).

#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/meeting_executor.h"
#include "engine/store_backoff.h"

namespace schedulight {

struct LaneOptions {
  std::chrono::seconds lease = kClaimLease;
  std::size_t batch = 8;  // meetings claimed at once
};

class MeetingLane {
 public:
  MeetingLane(const EngineContext& context, std::string server_id, WorkerId worker,
              DirectoryOpener open_directory, LaneOptions options = {});

  const std::string& server_id() const { return server_id_; }

  // Claims and processes the server's due meetings, batch after batch, each
  // at most once per call, until none is due or stop is requested; every
  // claim and every pass reads the time afresh from clock. Returns how many
  // passes ran. Paused (store failures): 0.
  std::size_t ProcessDue(const Clock& clock, std::stop_token stop);

  // When this lane should look again (the server's next due meeting, or the
  // end of a pause); none when nothing will be due without a change.
  std::optional<UtcTime> NextWake();

 private:
  // A pass's outcome the store did not take.
  struct Unsaved {
    MeetingClaim claim;
    std::vector<std::pair<std::string, StatusEntry>> statuses;
    std::optional<UtcTime> next_due;
  };

  void ProcessOne(const StoredMeeting& meeting, UtcTime now, std::stop_token stop);
  // Writes a pass's outcome; keeps it and pauses when the store fails.
  void WriteOutcome(Unsaved outcome, UtcTime now);
  // Writes one kept outcome (conditional on the claim, as the pass's own writes).
  std::expected<void, StoreError> WriteKept(const Unsaved& kept);
  // Ends a pause that is over by writing what was kept; false while paused.
  bool ResumeAfterPause(UtcTime now);
  void Pause(UtcTime now, const std::string& why);

  const EngineContext& context_;
  std::string server_id_;
  WorkerId worker_;
  DirectoryOpener open_directory_;
  LaneOptions options_;
  std::unique_ptr<MeetingExecutor> executor_;  // rebuilt when the server's document changes
  StoreBackoff backoff_;
  std::optional<UtcTime> paused_until_;  // no meeting is claimed before it
  std::vector<Unsaved> unsaved_;         // in the order the passes ended
};

}  // namespace schedulight
