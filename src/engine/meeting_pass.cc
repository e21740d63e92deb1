#include "engine/meeting_pass.h"

#include <spdlog/spdlog.h>

#include <set>
#include <tuple>

#include "core/status.h"
#include "engine/bbb_steps.h"
#include "engine/meeting_create_request.h"
#include "engine/meeting_mail_step.h"
#include "engine/room_setup.h"
#include "mail/mail_route.h"

namespace schedulight {

using namespace status_code;

namespace {

// A Greenlight error for the admin: it says "Greenlight" once (the
// directory's own errors already start with "Greenlight database ...").
std::string NamingGreenlight(const std::string& error) {
  return error.starts_with("Greenlight") ? error : "Greenlight: " + error;
}

}  // namespace

MeetingPass::MeetingPass(MeetingExecutor& executor, const Meeting& meeting,
                         const MeetingClaim& claim, UtcTime changed_at, UtcTime now,
                         std::stop_token stop)
    : executor_(executor),
      context_(executor.context_),
      meeting_(meeting),
      claim_(claim),
      changed_at_(changed_at),
      now_(now),
      stop_(std::move(stop)),
      settings_(ResolveSettings()) {}

PlannerSettings MeetingPass::ResolveSettings() const {
  const AppConfig& config = context_.config;
  PlannerSettings settings;
  settings.timing = ResolveTiming(
      meeting_, {config.defaults.pre_open_minutes, config.defaults.pre_start_minutes,
                 config.defaults.end_after_minutes, config.defaults.reminder_minutes});
  const MailOverrides meeting_level = ReadMailOverrides(meeting_.document);
  const MailOverrides server_level = ReadMailOverrides(executor_.server_.document);
  settings.send_emails =
      meeting_level.send_emails.value_or(server_level.send_emails.value_or(false));
  settings.poll_interval = context_.poll_interval;
  settings.retry_after = context_.retry_after;
  settings.changed_at = changed_at_;
  return settings;
}

// --- claim and status ----------------------------------------------------------

bool MeetingPass::LoadHistory() {
  auto loaded = context_.store.Read(
      [&](StoreSession& session) { history_ = session.MeetingStatus(meeting_.id); });
  if (!loaded)
    spdlog::error("meeting {}: cannot read its status: {}", meeting_.id, loaded.error().message);
  return loaded.has_value();
}

void MeetingPass::Remember(const StepStatus& status) {
  auto& entries = history_[status.step];
  if (entries.empty() || entries.back().code != status.code) {
    entries.push_back({now_, status.code, status.message});
    return;
  }
  StatusEntry& repeated = entries.back();  // as the store counts it (store.h RecordStatus)
  ++repeated.attempts;
  repeated.last_at = now_;
}

bool MeetingPass::MayContinue() {
  if (lost_ || !unsaved_.empty()) return false;
  bool holds = false;
  auto read =
      context_.store.Read([&](StoreSession& session) { holds = session.HoldsMeeting(claim_); });
  if (!read) return true;  // cannot tell: the next status write decides
  if (!holds) {
    lost_ = true;
    spdlog::info("meeting {}: changed or taken over while being processed; this pass stops",
                 meeting_.id);
  }
  return holds;
}

void MeetingPass::Record(const StepStatus& status) {
  if (lost_) return;
  const StatusEntry entry{now_, status.code, status.message};
  if (!unsaved_.empty()) {  // keep the order: this one goes after the ones already waiting
    unsaved_.emplace_back(status.step, entry);
    Remember(status);
    return;
  }
  auto recorded = context_.store.Transact(
      [&](StoreSession& session) { session.RecordPassStatus(claim_, status.step, entry); });
  if (!recorded && recorded.error().kind == StoreErrorKind::kConflict) {
    lost_ = true;
    spdlog::info("meeting {}: changed or taken over while being processed; {} {} not recorded",
                 meeting_.id, status.step, status.code);
    return;
  }
  if (!recorded) {
    spdlog::error("meeting {}: cannot record {} {} now, kept for later: {}", meeting_.id,
                  status.step, status.code, recorded.error().message);
    unsaved_.emplace_back(status.step, entry);
    Remember(status);
    return;
  }
  // One line per change of state; the same code again (a poll finding
  // nobody joined yet, a retry failing the same way) is for debugging only.
  const auto& entries = history_[status.step];
  const bool changed = entries.empty() || entries.back().code != status.code;
  Remember(status);
  auto level = IsRetryableFailure(status.code) ? spdlog::level::warn : spdlog::level::info;
  if (!changed) level = spdlog::level::debug;
  spdlog::log(level, "meeting {}: {} {} {}", meeting_.id, status.step, status.code, status.message);
}

void MeetingPass::Record(const StepStatuses& statuses) {
  for (const StepStatus& status : statuses) Record(status);
}

// --- the pass ----------------------------------------------------------------------

PassOutcome MeetingPass::Run() {
  using End = PassOutcome::End;
  if (!LoadHistory()) return {.end = End::kStoreFailed, .next_due = now_ + context_.retry_after};
  std::set<std::tuple<ActionKind, std::string>> done;
  MeetingPlan plan;
  bool interrupted = false;  // a step was left undone: lost claim, stop, store failure
  for (int round = 0; round < 6 && !interrupted; ++round) {
    plan = PlanMeeting(meeting_, history_, settings_, now_);
    for (const std::string& step_path : plan.skipped) {
      Record({step_path, kMailSkipped, "skipped: send_emails is off"});
    }
    bool acted = false;
    for (const auto& action : plan.due) {
      if (!done.insert({action.kind, action.step}).second) continue;  // once per pass
      if (stop_.stop_requested() || !MayContinue()) {
        interrupted = true;
        break;
      }
      Execute(action);
      acted = true;
      // A failed owner/room set-up holds everything else until its retry.
      if (room_failed_) break;
    }
    if (!acted || room_failed_) break;
  }
  if (lost_) return {.end = End::kLost};
  std::optional<UtcTime> next_due = plan.next_due;
  if (room_failed_) {
    const auto& entries = history_[step::kStatus];
    next_due =
        now_ + RetryDelay(context_.retry_after, entries.empty() ? 1 : entries.back().attempts);
  } else if (!plan.due.empty()) {
    // Something stayed due (a poll step): look again after the poll interval.
    const UtcTime poll = now_ + context_.poll_interval;
    next_due = plan.next_due ? std::min(*plan.next_due, poll) : poll;
  }
  if (!unsaved_.empty()) {
    return {.end = End::kStoreFailed, .next_due = next_due, .unsaved = std::move(unsaved_)};
  }
  if (interrupted) return {.end = End::kStopped};
  return {.end = End::kFinished, .next_due = next_due};
}

void MeetingPass::Execute(const PlannedAction& action) {
  spdlog::debug("meeting {}: {}", meeting_.id, ToString(action.kind));
  switch (action.kind) {
    case ActionKind::kWaitForStart:
      // Owner and room are set up right away, so links in early mails already work.
      if (Room() != nullptr) {
        Record(
            {step::kStatus, kWaitingForStart, "waiting for startDate " + StartDateText(meeting_)});
      }
      return;
    case ActionKind::kPreOpen:
    case ActionKind::kKeepOpen:
    case ActionKind::kStart:
    case ActionKind::kEnd:
    case ActionKind::kStartStream:
    case ActionKind::kWatchStream:
    case ActionKind::kStopStream:
      return RunBbbStep(action);
    case ActionKind::kShare:
      return Share(action.recipient);
    case ActionKind::kOwnerInfoMail:
    case ActionKind::kOwnerStartedMail:
    case ActionKind::kReminderMail:
    case ActionKind::kShareMail:
    case ActionKind::kInvitationMail:
    case ActionKind::kModeratorMail:
      return QueueMail(action);
  }
}

GreenlightRoom* MeetingPass::Room() {
  if (room_) return &*room_;
  if (room_failed_) return nullptr;
  const Server& server = executor_.server_;
  std::expected<GreenlightRoom, StepStatus> room;
  if (server.without_greenlight) {
    auto secret = ResolveSecret(server.bbb_secret);
    if (secret) {
      room = BbbOnlyRoom(meeting_, *secret);
    } else {
      room = std::unexpected(
          StepStatus{step::kStatus, kFailedWillRetry, "BBB_SECRET: " + secret.error()});
    }
  } else if (auto greenlight = executor_.Directory(); !greenlight) {
    room = std::unexpected(
        StepStatus{step::kStatus, kFailedWillRetry, NamingGreenlight(greenlight.error())});
  } else {
    room = SetUpGreenlightRoom(**greenlight, meeting_);
  }
  if (!room) {
    room_failed_ = true;
    Record(room.error());
    return nullptr;
  }
  room_ = std::move(*room);
  return &*room_;
}

void MeetingPass::RunBbbStep(const PlannedAction& action) {
  GreenlightRoom* room = Room();
  if (room == nullptr) return;
  const int version = executor_.GreenlightVersion();
  GreenlightDirectory* greenlight = nullptr;
  if (version != 0) {
    if (auto opened = executor_.Directory()) greenlight = *opened;
  }
  BbbCallGate gate([this] { return MayContinue(); }, context_.metrics);
  MeetingBbbSteps steps({.meeting = meeting_,
                         .server = executor_.server_,
                         .bbb = executor_.Bbb(),
                         .room = *room,
                         .greenlight = greenlight,
                         .greenlight_version = version,
                         .streams = context_.streams,
                         .end_wait = context_.end_wait,
                         .stop = stop_,
                         .gate = gate});
  switch (action.kind) {
    case ActionKind::kPreOpen:
      return Record(steps.PreOpen());
    case ActionKind::kKeepOpen:
      return Record(steps.KeepOpen());
    case ActionKind::kStart:
      return Record(steps.Start());
    case ActionKind::kEnd:
      return Record(steps.End());
    case ActionKind::kStartStream:
      return Record(steps.StartStream());
    case ActionKind::kWatchStream:
      return Record(steps.WatchStream());
    case ActionKind::kStopStream:
      return Record(steps.StopStream());
    default:
      return;
  }
}

void MeetingPass::Share(const std::string& email) {
  if (executor_.server_.without_greenlight) {
    Record({step::ShareWith(email), kDone,
            "no Greenlight on this server: the share mail carries a moderator join link"});
    return;
  }
  GreenlightRoom* room = Room();
  if (room == nullptr) return;
  auto greenlight = executor_.Directory();
  if (!greenlight) {
    Record({step::ShareWith(email), kFailedWillRetry, NamingGreenlight(greenlight.error())});
    return;
  }
  Record(ShareRoom(**greenlight, meeting_, *room, email));
}

void MeetingPass::QueueMail(const PlannedAction& action) {
  GreenlightRoom* room = Room();
  if (room == nullptr) return;
  auto bbb = executor_.Bbb();
  auto composed =
      ComposeMeetingMail(action, {.config = context_.config,
                                  .templates = context_.templates,
                                  .server = executor_.server_,
                                  .meeting = meeting_,
                                  .room = *room,
                                  .bbb = bbb ? *bbb : nullptr,
                                  .end_after_minutes = settings_.timing.end_after_minutes,
                                  .now = now_});
  if (!composed) return Record(composed.error());
  const StoredMail& mail = *composed;
  if (!MayContinue()) return;
  // The mail and the status that says it is queued: both or neither.
  const StepStatus queued_status{action.step, kMailQueued, "mail queued"};
  auto queued = context_.store.Transact([&](StoreSession& session) {
    session.RecordPassStatus(claim_, action.step, {now_, kMailQueued, queued_status.message});
    session.AddMail(mail);
  });
  if (!queued && queued.error().kind == StoreErrorKind::kConflict) {
    lost_ = true;
    return;
  }
  if (!queued) {
    Record({action.step, kMailNotQueued, "mail could not be queued: " + queued.error().message});
    return;
  }
  Remember(queued_status);
  spdlog::info("meeting {}: {} queued for {}", meeting_.id, mail.kind, mail.recipient);
}

}  // namespace schedulight
