#pragma once
// One pass over one claimed meeting (MeetingExecutor::Process): plans it at
// `now` (core/meeting_planner.h), runs the due steps in a few rounds (a
// step's result can make the next one due: started -> started mail), and
// records each step's statuses while the claim holds.
//
// The pass owns the claim's bookkeeping; the steps own the work:
//   room_setup.h        owner and room in Greenlight, sharing
//   bbb_steps.h         pre-open, start, keep open, end, live stream
//   meeting_mail_step.h the meeting's mails (queued with their 250 status)
// Steps return {step, code, message} (step_status.h); only the pass writes.
//
// Before every step and every BBB call the pass checks that its claim still
// holds and the revision is unchanged (MayContinue); when not (an admin
// disabled or changed the meeting, or the claim expired), it stops at once
// and writes nothing more. A stop request (shutdown) starts no new step.
//
// Internal to the engine; used on the lane's thread only.

#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "core/meeting_planner.h"
#include "engine/meeting_executor.h"
#include "engine/step_status.h"

namespace schedulight {

class MeetingPass {
 public:
  // changed_at: the stored meeting's updated_at (its last external change).
  MeetingPass(MeetingExecutor& executor, const Meeting& meeting, const MeetingClaim& claim,
              UtcTime changed_at, UtcTime now, std::stop_token stop);

  PassOutcome Run();

 private:
  bool LoadHistory();
  // Whether the pass may go on: the claim holds, the revision is unchanged,
  // and the store took every status so far. Reads the store (the claim
  // check) unless the pass already knows it must stop.
  bool MayContinue();
  // Stores a step's status (appended only when its code changes) while the
  // claim holds, and remembers it. A lost claim ends the pass (lost_); a
  // store that fails keeps the entry for later (unsaved_) and ends the pass.
  void Record(const StepStatus& status);
  void Record(const StepStatuses& statuses);
  // Updates the in-memory history the way the store did.
  void Remember(const StepStatus& status);

  // The meeting's room, set up on first use; a failure is recorded once and
  // holds every other step of this pass (room_error_).
  GreenlightRoom* Room();
  void Execute(const PlannedAction& action);
  void RunBbbStep(const PlannedAction& action);
  void Share(const std::string& email);
  void QueueMail(const PlannedAction& action);
  // The meeting's timing and mail switch, resolved once for the pass.
  PlannerSettings ResolveSettings() const;

  MeetingExecutor& executor_;
  const EngineContext& context_;
  const Meeting& meeting_;
  const MeetingClaim& claim_;
  UtcTime changed_at_;
  UtcTime now_;
  std::stop_token stop_;
  PlannerSettings settings_;  // ResolveSettings(), after the members it reads
  bool lost_ = false;         // the claim or revision is gone: no further call, no write
  std::vector<std::pair<std::string, StatusEntry>> unsaved_;  // statuses the store refused
  StatusHistory history_;
  std::optional<GreenlightRoom> room_;
  bool room_failed_ = false;
};

}  // namespace schedulight
