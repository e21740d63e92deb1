#include "core/meeting_planner.h"

#include <algorithm>

namespace schedulight {

namespace step {
std::string ShareWith(const std::string& email) { return "shareWith_" + email; }
std::string ShareMail(const std::string& email) { return ShareWith(email) + "_sendShareMail"; }
std::string Invitation(const std::string& email) { return "sendInvitationLink_" + email; }
std::string ModeratorLink(const std::string& email) { return "sendModeratorLink_" + email; }
}  // namespace step

std::string ToString(ActionKind kind) {
  switch (kind) {
    case ActionKind::kWaitForStart:
      return "wait for start";
    case ActionKind::kPreOpen:
      return "pre-open";
    case ActionKind::kKeepOpen:
      return "keep open";
    case ActionKind::kStart:
      return "start";
    case ActionKind::kEnd:
      return "end";
    case ActionKind::kStartStream:
      return "start live stream";
    case ActionKind::kWatchStream:
      return "watch live stream";
    case ActionKind::kStopStream:
      return "stop live stream";
    case ActionKind::kOwnerInfoMail:
      return "owner info mail";
    case ActionKind::kOwnerStartedMail:
      return "owner started mail";
    case ActionKind::kReminderMail:
      return "owner reminder mail";
    case ActionKind::kShare:
      return "share room";
    case ActionKind::kShareMail:
      return "share mail";
    case ActionKind::kInvitationMail:
      return "invitation mail";
    case ActionKind::kModeratorMail:
      return "moderator link mail";
  }
  return "unknown";
}

MeetingTiming ResolveTiming(const Meeting& meeting, const MeetingTiming& defaults) {
  return {meeting.pre_open_minutes.value_or(defaults.pre_open_minutes),
          meeting.pre_start_minutes.value_or(defaults.pre_start_minutes),
          meeting.end_after_minutes.value_or(defaults.end_after_minutes),
          meeting.reminder_minutes.value_or(defaults.reminder_minutes)};
}

bool IsRetryableFailure(int code) {
  using namespace status_code;
  return code == kFailedWillRetry || code == kRoomNotCreated || code == kOwnerOrRoomMissing ||
         code == kCouldNotClose || code == kMailNotQueued || code == kMailNotQueuedPermanently;
}

std::chrono::seconds RetryDelay(std::chrono::seconds retry_after, int attempts) {
  std::chrono::seconds delay = retry_after;
  for (int i = 1; i < attempts && delay < kMaxRetryDelay; ++i) delay *= 2;
  return std::min(delay, std::max(retry_after, kMaxRetryDelay));
}

namespace {

using std::chrono::minutes;

// Collects due actions and the earliest future time something falls due.
class PlanBuilder {
 public:
  PlanBuilder(const StatusHistory& history, const PlannerSettings& settings, UtcTime now)
      : history_(history), settings_(settings), now_(now) {}

  const StatusEntry* Latest(const std::string& step_path) const {
    auto it = history_.find(step_path);
    return it == history_.end() || it->second.empty() ? nullptr : &it->second.back();
  }
  int Code(const std::string& step_path) const {
    const StatusEntry* entry = Latest(step_path);
    return entry == nullptr ? 0 : entry->code;
  }
  UtcTime now() const { return now_; }

  // Plans kind at step_path from `from` on; a step that failed last waits out
  // its retry delay first.
  void Consider(ActionKind kind, const std::string& step_path, UtcTime from,
                const std::string& recipient = "") {
    UtcTime due = from;
    const StatusEntry* last = Latest(step_path);
    if (last && last->code == status_code::kMailNotQueuedPermanently &&
        !(settings_.changed_at && last->time < *settings_.changed_at)) {
      return;  // permanent: only a change to the meeting tries it again
    }
    if (last && IsRetryableFailure(last->code)) {
      due = std::max(due, last->LastAt() + RetryDelay(settings_.retry_after, last->attempts));
    }
    if (due <= now_) {
      plan_.due.push_back({kind, step_path, recipient});
    } else {
      WakeAt(due);
    }
  }

  // A mail step that would be due from `from` on: planned when `sends`,
  // otherwise recorded once as skipped (260) when it would be due, so an
  // admin can tell the policy from a bug. A queued mail (250) stays queued.
  void ConsiderMail(ActionKind kind, const std::string& step_path, UtcTime from, bool sends,
                    const std::string& recipient = "") {
    const int code = Code(step_path);
    if (code == status_code::kMailQueued) return;
    if (sends) return Consider(kind, step_path, from, recipient);
    if (code != status_code::kMailSkipped && from <= now_) plan_.skipped.push_back(step_path);
  }

  void WakeAt(UtcTime time) {
    if (!plan_.next_due || time < *plan_.next_due) plan_.next_due = time;
  }
  void PollAgain() { WakeAt(now_ + settings_.poll_interval); }

  MeetingPlan& plan() { return plan_; }

 private:
  const StatusHistory& history_;
  const PlannerSettings& settings_;
  UtcTime now_;
  MeetingPlan plan_;
};

bool MailsFor(const Recipient& recipient, const PlannerSettings& settings) {
  return recipient.send_emails.value_or(settings.send_emails);
}

// Start, pre-open and waiting (SPEC 4.2 step 3).
void PlanStart(const Meeting& meeting, const MeetingTiming& timing,
               const std::optional<UtcTime>& end_at, PlanBuilder& builder) {
  const UtcTime now = builder.now();
  if (!meeting.starts_at) {
    builder.Consider(ActionKind::kStart, step::kStatus, now);
    builder.PollAgain();
    return;
  }
  if (end_at && now >= *end_at) return;  // missed entirely: kEnd closes it
  const UtcTime start_at = *meeting.starts_at - minutes(timing.pre_start_minutes);
  if (now >= start_at) {
    builder.Consider(ActionKind::kStart, step::kStatus, start_at);
    builder.PollAgain();
    return;
  }
  if (builder.Code(step::kStatus) != status_code::kWaitingForStart) {
    builder.Consider(ActionKind::kWaitForStart, step::kStatus, now);
  }
  builder.WakeAt(start_at);
  if (timing.pre_open_minutes <= 0) return;
  const UtcTime open_at = start_at - minutes(timing.pre_open_minutes);
  if (now < open_at) {
    builder.WakeAt(open_at);
  } else if (builder.Code(step::kPreOpen) != status_code::kDone) {
    builder.Consider(ActionKind::kPreOpen, step::kPreOpen, open_at);
    builder.PollAgain();
  } else {
    builder.Consider(ActionKind::kKeepOpen, step::kPreOpen, open_at);
    builder.PollAgain();
  }
}

void PlanStream(const Meeting& meeting, bool finished, PlanBuilder& builder) {
  if (!meeting.live_streaming) return;
  const bool stream_started = builder.Code(step::kLiveStreaming) == status_code::kDone;
  if (!stream_started) {
    if (!finished && builder.Code(step::kStatus) == status_code::kDone) {
      builder.Consider(ActionKind::kStartStream, step::kLiveStreaming, builder.now());
    }
    return;
  }
  if (builder.Code(step::kLiveStreamingStopped) == status_code::kDone) return;
  if (finished) {
    builder.Consider(ActionKind::kStopStream, step::kLiveStreamingStopped, builder.now());
  } else {
    builder.Consider(ActionKind::kWatchStream, step::kEndMeeting, builder.now());
    builder.PollAgain();
  }
}

void PlanOwnerMails(const Meeting& meeting, const MeetingTiming& timing,
                    const PlannerSettings& settings, PlanBuilder& builder) {
  const bool sends = settings.send_emails;
  const int status = builder.Code(step::kStatus);
  builder.ConsiderMail(ActionKind::kOwnerInfoMail, step::kOwnerInfoMail, builder.now(), sends);
  if (status == status_code::kStartedNobodyJoined || status == status_code::kDone) {
    builder.ConsiderMail(ActionKind::kOwnerStartedMail, step::kOwnerStartMail, builder.now(),
                         sends);
  }
  if (timing.reminder_minutes > 0 && meeting.starts_at && status != status_code::kDone &&
      builder.now() < *meeting.starts_at) {
    builder.ConsiderMail(ActionKind::kReminderMail, step::kOwnerReminderMail,
                         *meeting.starts_at - minutes(timing.reminder_minutes), sends);
  }
}

void PlanSharingAndInvitations(const Meeting& meeting, const PlannerSettings& settings, bool over,
                               PlanBuilder& builder) {
  const UtcTime now = builder.now();
  for (const auto& user : meeting.share_with) {
    if (builder.Code(step::ShareWith(user.email)) != status_code::kDone) {
      builder.Consider(ActionKind::kShare, step::ShareWith(user.email), now, user.email);
    } else if (!over) {
      builder.ConsiderMail(ActionKind::kShareMail, step::ShareMail(user.email), now,
                           MailsFor(user, settings), user.email);
    }
  }
  if (over) return;
  for (const auto& guest : meeting.invitations) {
    builder.ConsiderMail(ActionKind::kInvitationMail, step::Invitation(guest.email), now,
                         MailsFor(guest, settings), guest.email);
  }
  for (const auto& moderator : meeting.moderator_links) {
    builder.ConsiderMail(ActionKind::kModeratorMail, step::ModeratorLink(moderator.email), now,
                         MailsFor(moderator, settings), moderator.email);
  }
}

}  // namespace

MeetingPlan PlanMeeting(const Meeting& meeting, const StatusHistory& history,
                        const PlannerSettings& settings, UtcTime now) {
  PlanBuilder builder(history, settings, now);
  MeetingPlan& plan = builder.plan();
  const StatusEntry* main = builder.Latest(step::kStatus);
  if (main && main->code == status_code::kDisabled) {
    plan.disabled = true;
    return plan;
  }
  // Owner or room set-up failed, or the start failed: everything waits for the retry.
  if (main && IsRetryableFailure(main->code)) {
    const UtcTime retry_at = main->LastAt() + RetryDelay(settings.retry_after, main->attempts);
    if (now < retry_at) {
      builder.WakeAt(retry_at);
      return plan;
    }
  }

  const MeetingTiming& timing = settings.timing;
  std::optional<UtcTime> end_at;
  if (meeting.starts_at && timing.end_after_minutes > 0) {
    end_at = *meeting.starts_at + minutes(timing.end_after_minutes);
  }
  const bool finished = builder.Code(step::kEndMeeting) == status_code::kDone;
  const bool over = finished || (end_at && now >= *end_at);
  plan.finished = finished;

  if (!finished && builder.Code(step::kStatus) != status_code::kDone) {
    PlanStart(meeting, timing, end_at, builder);
  }
  if (end_at && !finished) builder.Consider(ActionKind::kEnd, step::kEndMeeting, *end_at);
  PlanStream(meeting, finished, builder);
  if (!over) PlanOwnerMails(meeting, timing, settings, builder);
  PlanSharingAndInvitations(meeting, settings, over, builder);

  if (!plan.due.empty()) builder.PollAgain();
  return plan;
}

}  // namespace schedulight
