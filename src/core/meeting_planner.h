#pragma once
// The meeting planner (SPEC 4.2, 4.3): from a meeting, its status history and
// the current time, decide which steps are due now and when the meeting must
// be looked at next. Pure: no I/O, no clock; the scheduler executes the
// actions and records their statuses, then asks again.
//
// Every action is guarded by the status of its step path (SPEC 3), so once a
// step reached its final code it is never planned again: a restart repeats
// nothing finished. A step whose latest code is a failure (400, 401, 404,
// 420, 440, 550) is retried after `retry_after`, not in a tight loop.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/meeting.h"
#include "core/start_date.h"
#include "core/status.h"

namespace schedulight {

// Step paths of the status model (SPEC 3).
namespace step {
inline constexpr const char* kStatus = "status";
inline constexpr const char* kPreOpen = "preOpen";
inline constexpr const char* kEndMeeting = "endMeeting";
inline constexpr const char* kLiveStreaming = "liveStreaming";
inline constexpr const char* kLiveStreamingStopped = "liveStreaming_stopped";
inline constexpr const char* kOwnerInfoMail = "owner_infoMailSent";
inline constexpr const char* kOwnerStartMail = "owner_startMailSent";
inline constexpr const char* kOwnerReminderMail = "owner_reminderMailSent";
std::string ShareWith(const std::string& email);      // shareWith_<email>
std::string ShareMail(const std::string& email);      // shareWith_<email>_sendShareMail
std::string Invitation(const std::string& email);     // sendInvitationLink_<email>
std::string ModeratorLink(const std::string& email);  // sendModeratorLink_<email>
}  // namespace step

// Minutes that apply to one meeting: its own values, else the app defaults.
struct MeetingTiming {
  std::int64_t pre_open_minutes = 90;
  std::int64_t pre_start_minutes = 0;
  std::int64_t end_after_minutes = 0;  // 0: never end automatically
  std::int64_t reminder_minutes = 0;   // 0: no reminder
};

enum class ActionKind {
  kWaitForStart,      // record 201 "waiting for startDate"
  kPreOpen,           // end a running instance once (new parameters apply), then create
  kKeepOpen,          // pre-open window: create again if BBB closed the empty room
  kStart,             // create (or confirm running); 210 nobody joined / 220 users joined
  kEnd,               // end the BBB meeting; the meeting is finished
  kStartStream,       // start the live stream (the meeting runs with users)
  kWatchStream,       // the stream runs: see whether the meeting still runs
  kStopStream,        // the meeting is over: stop the stream
  kOwnerInfoMail,     // queue meetingOwnerInfo
  kOwnerStartedMail,  // queue meetingOwnerStarted
  kReminderMail,      // queue meetingOwnerReminder
  kShare,             // share the room with `recipient` (create the user if missing)
  kShareMail,         // queue meetingShareInfo to `recipient`
  kInvitationMail,    // queue meetingInvitationInfo to `recipient`
  kModeratorMail,     // queue meetingModeratorInfo to `recipient`
};

std::string ToString(ActionKind kind);

struct PlannedAction {
  ActionKind kind;
  std::string step;       // the step path whose status the action records
  std::string recipient;  // mail address for per-person actions, else empty

  bool operator==(const PlannedAction&) const = default;
};

struct PlannerSettings {
  MeetingTiming timing;
  // send_emails resolved meeting > server > false; a recipient's own
  // send_emails overrides it for that recipient.
  bool send_emails = false;
  // How often BBB is asked about a meeting inside its active window.
  std::chrono::seconds poll_interval{30};
  // How long a failed step waits before it is tried again.
  std::chrono::seconds retry_after{60};
  // When the meeting was last changed by an admin (a new document, a status
  // edit). A step that failed permanently (550: a mail that can never be
  // composed, e.g. a template that does not exist) is tried again only after
  // such a change, never on a timer.
  std::optional<UtcTime> changed_at;
};

struct MeetingPlan {
  std::vector<PlannedAction> due;  // to execute now, in this order
  // Mail steps left out by policy (send_emails is off for the recipient)
  // that would be due now and are not yet recorded as such: the pass records
  // 260 "skipped" on each, once. Not work: they never make the meeting due.
  std::vector<std::string> skipped;
  // When to plan this meeting again if nothing else changes; none = never
  // (finished or disabled).
  std::optional<UtcTime> next_due;
  bool disabled = false;
  bool finished = false;
};

// The merged timing of a meeting.
MeetingTiming ResolveTiming(const Meeting& meeting, const MeetingTiming& defaults);

// Whether a status code means "failed, try again later".
bool IsRetryableFailure(int code);

// The longest a failed step waits before it is tried again.
inline constexpr std::chrono::seconds kMaxRetryDelay{3600};

// How long a step waits after failing `attempts` times in a row: retry_after
// (60 s), doubled with every further failure, at most kMaxRetryDelay:
// 1, 2, 4, 8, 16, 32 minutes, then every hour.
std::chrono::seconds RetryDelay(std::chrono::seconds retry_after, int attempts);

MeetingPlan PlanMeeting(const Meeting& meeting, const StatusHistory& history,
                        const PlannerSettings& settings, UtcTime now);

}  // namespace schedulight
