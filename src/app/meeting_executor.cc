#include "app/meeting_executor.h"

#include <spdlog/spdlog.h>

#include <set>
#include <thread>
#include <tuple>

#include "app/bbb_server_client.h"
#include "app/meeting_create_request.h"
#include "app/routed_mail.h"
#include "bbb/checksum.h"

namespace schedulight {
namespace {

using namespace status_code;

MailPerson PersonOf(const Recipient& recipient) {
  return {recipient.email, recipient.full_name.value_or("")};
}

// The document of one recipient inside a meeting (for its send_emails / mail overrides).
nlohmann::json RecipientDocument(const Meeting& meeting, const char* list,
                                 const std::string& email) {
  const nlohmann::json& doc = meeting.document;
  if (doc.contains(list) && doc[list].is_object() && doc[list].contains(email) &&
      doc[list][email].is_object()) {
    return doc[list][email];
  }
  return nlohmann::json::object();
}

// The "room" of a meeting on a server without Greenlight: BBB's meeting id
// and passwords, stable across restarts without being stored (derived from
// the server's secret, which already grants everything they do).
GreenlightRoom BbbOnlyRoom(const Meeting& meeting, const std::string& secret) {
  GreenlightRoom room;
  room.uid = meeting.meeting_uid.value_or(meeting.id);
  room.name = meeting.name;
  room.meeting_id = meeting.meeting_id.value_or("schedulight-" + meeting.id);
  room.owner_email = meeting.owner.email;
  room.owner_name = meeting.owner.full_name;
  auto derived = [&](const char* role) {
    return HexDigest(ChecksumAlgorithm::kSha256, secret + "/" + role + "/" + room.meeting_id)
        .substr(0, 20);
  };
  room.moderator_pw = derived("moderator");
  room.attendee_pw = derived("attendee");
  return room;
}

const Recipient* FindRecipient(const std::vector<Recipient>& list, const std::string& email) {
  for (const auto& recipient : list) {
    if (recipient.email == email) return &recipient;
  }
  return nullptr;
}

}  // namespace

// One Process() call: the meeting, its history and its room, and the steps.
class MeetingPass {
 public:
  MeetingPass(MeetingExecutor& executor, const Meeting& meeting, const MeetingClaim& claim,
              UtcTime changed_at, UtcTime now, std::stop_token stop)
      : executor_(executor),
        context_(executor.context_),
        meeting_(meeting),
        claim_(claim),
        changed_at_(changed_at),
        now_(now),
        stop_(std::move(stop)) {}

  PassOutcome Run();

 private:
  // --- claim and status ---------------------------------------------------
  bool LoadHistory();
  // Whether the pass may go on: the claim holds, the revision is unchanged,
  // and the store took every status so far. Reads the store (the claim
  // check) unless the pass already knows it must stop.
  bool MayContinue();
  // Stores a step's status (appended only when its code changes) while the
  // claim holds, and remembers it. A lost claim ends the pass (lost_); a store
  // that fails keeps the entry for later (unsaved_) and ends the pass.
  void Record(const std::string& step_path, int code, const std::string& message);
  // Updates the in-memory history the way the store did.
  void Remember(const std::string& step_path, int code, const std::string& message);

  // --- owner and room (SPEC 4.2 steps 1-2) ---------------------------------
  std::expected<const GreenlightRoom*, std::string> Room();
  std::expected<GreenlightRoom, std::pair<int, std::string>> SetUpRoom(GreenlightDirectory& gl);
  std::expected<void, std::string> EnsureUser(GreenlightDirectory& gl, const std::string& email,
                                              const std::string& name,
                                              const std::optional<std::string>& password);

  // --- steps ----------------------------------------------------------------
  void Execute(const PlannedAction& action);
  void WaitForStart();
  void PreOpen();
  void KeepOpen();
  void Start();
  void End();
  void StartStream();
  void WatchStream();
  void StopStream();
  void Share(const std::string& email);
  void QueueMail(const PlannedAction& action);

  // Creates the meeting (or confirms it exists); records last_session in Greenlight.
  std::expected<CreateMeetingResult, std::string> Create();
  // Ends the meeting and waits until BBB no longer knows it. Returns whether
  // it was running; an error when it could not be closed.
  std::expected<bool, std::string> EndAndWait();
  std::expected<StreamTarget, std::string> Stream();
  // A BBB call, counted and timed in the metrics (GET /metrics).
  // Not called at all when the pass must stop (MayContinue): an admin's
  // disable or edit that committed before this point wins.
  template <typename Call>
  auto Timed(const char* call, Call&& request) -> decltype(request()) {
    if (!MayContinue()) {
      return std::unexpected(
          BbbError{.kind = BbbErrorKind::kTransport,
                   .message = std::string(call) + " not called: the pass stopped"});
    }
    const auto started = std::chrono::steady_clock::now();
    auto result = request();
    if (context_.metrics != nullptr) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      context_.metrics->ObserveBbbCall(call, result ? "ok" : "error", took.count());
    }
    return result;
  }
  std::expected<MeetingInfo, BbbError> Info(BbbClient& bbb, const std::string& meeting_id) {
    return Timed("getMeetingInfo", [&] { return bbb.GetMeetingInfo(meeting_id); });
  }
  std::string ModeratorJoinUrl(const std::string& full_name);
  std::string AttendeeJoinUrl(const MailPerson& person);
  PlannerSettings Settings() const;

  MeetingExecutor& executor_;
  const EngineContext& context_;
  const Meeting& meeting_;
  const MeetingClaim& claim_;
  UtcTime changed_at_;  // the stored meeting's updated_at: its last external change
  UtcTime now_;
  std::stop_token stop_;
  bool lost_ = false;  // the claim or revision is gone: no further call, no write
  std::vector<std::pair<std::string, StatusEntry>> unsaved_;  // statuses the store refused
  StatusHistory history_;
  std::optional<GreenlightRoom> room_;
  std::optional<std::string> room_error_;
};

PlannerSettings MeetingPass::Settings() const {
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

bool MeetingPass::LoadHistory() {
  auto loaded = context_.store.Read(
      [&](StoreSession& session) { history_ = session.MeetingStatus(meeting_.id); });
  if (!loaded)
    spdlog::error("meeting {}: cannot read its status: {}", meeting_.id, loaded.error().message);
  return loaded.has_value();
}

void MeetingPass::Remember(const std::string& step_path, int code, const std::string& message) {
  auto& entries = history_[step_path];
  if (entries.empty() || entries.back().code != code) entries.push_back({now_, code, message});
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

void MeetingPass::Record(const std::string& step_path, int code, const std::string& message) {
  if (lost_) return;
  const StatusEntry entry{now_, code, message};
  if (!unsaved_.empty()) {  // keep the order: this one goes after the ones already waiting
    unsaved_.emplace_back(step_path, entry);
    Remember(step_path, code, message);
    return;
  }
  auto recorded = context_.store.Transact(
      [&](StoreSession& session) { session.RecordPassStatus(claim_, step_path, entry); });
  if (!recorded && recorded.error().kind == StoreErrorKind::kConflict) {
    lost_ = true;
    spdlog::info("meeting {}: changed or taken over while being processed; {} {} not recorded",
                 meeting_.id, step_path, code);
    return;
  }
  if (!recorded) {
    spdlog::error("meeting {}: cannot record {} {} now, kept for later: {}", meeting_.id, step_path,
                  code, recorded.error().message);
    unsaved_.emplace_back(step_path, entry);
    Remember(step_path, code, message);
    return;
  }
  Remember(step_path, code, message);
  const auto level = IsRetryableFailure(code) ? spdlog::level::warn : spdlog::level::info;
  spdlog::log(level, "meeting {}: {} {} {}", meeting_.id, step_path, code, message);
}

PassOutcome MeetingPass::Run() {
  using End = PassOutcome::End;
  if (!LoadHistory()) return {.end = End::kStoreFailed, .next_due = now_ + context_.retry_after};
  const PlannerSettings settings = Settings();
  std::set<std::tuple<ActionKind, std::string>> done;
  MeetingPlan plan;
  bool interrupted = false;  // a step was left undone: lost claim, stop, store failure
  for (int round = 0; round < 6 && !interrupted; ++round) {
    plan = PlanMeeting(meeting_, history_, settings, now_);
    bool acted = false;
    for (const auto& action : plan.due) {
      if (!done.insert({action.kind, action.step}).second) continue;  // once per pass
      if (stop_.stop_requested() || !MayContinue()) {
        interrupted = true;
        break;
      }
      Execute(action);
      acted = true;
      // A failed owner/room set-up or start holds everything else until its retry.
      if (room_error_) break;
    }
    if (!acted || room_error_) break;
  }
  if (lost_) return {.end = End::kLost};
  std::optional<UtcTime> next_due = plan.next_due;
  if (room_error_) {
    next_due = now_ + context_.retry_after;
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
      return WaitForStart();
    case ActionKind::kPreOpen:
      return PreOpen();
    case ActionKind::kKeepOpen:
      return KeepOpen();
    case ActionKind::kStart:
      return Start();
    case ActionKind::kEnd:
      return End();
    case ActionKind::kStartStream:
      return StartStream();
    case ActionKind::kWatchStream:
      return WatchStream();
    case ActionKind::kStopStream:
      return StopStream();
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

// --- owner and room ----------------------------------------------------------

std::expected<void, std::string> MeetingPass::EnsureUser(
    GreenlightDirectory& gl, const std::string& email, const std::string& name,
    const std::optional<std::string>& password) {
  auto found = gl.FindUser(email);
  if (!found) return std::unexpected(found.error().message);
  if (*found) return {};
  NewUser user{.email = email,
               .name = name.empty() ? email.substr(0, email.find('@')) : name,
               .password = password};
  auto created = gl.CreateUser(user);
  if (!created) return std::unexpected(created.error().message);
  spdlog::info("meeting {}: created Greenlight user {}", meeting_.id, email);
  return {};
}

std::expected<GreenlightRoom, std::pair<int, std::string>> MeetingPass::SetUpRoom(
    GreenlightDirectory& gl) {
  const Owner& owner = meeting_.owner;
  if (auto user = EnsureUser(gl, owner.email, owner.full_name, owner.password); !user) {
    return std::unexpected(
        std::pair{kOwnerOrRoomMissing, "owner not found and creation failed: " + user.error()});
  }
  GreenlightRoom room;
  if (meeting_.use_home_room) {
    auto home = gl.EnsureHomeRoom(owner.email);
    if (!home) {
      return std::unexpected(
          std::pair{kOwnerOrRoomMissing, "home room could not be used: " + home.error().message});
    }
    room = *home;
  } else {
    auto found = gl.FindRoom(*meeting_.meeting_uid);
    if (!found) return std::unexpected(std::pair{kRoomNotCreated, found.error().message});
    if (*found) {
      room = **found;
      if (room.owner_email != owner.email) {
        return std::unexpected(
            std::pair{kRoomNotCreated, "room '" + room.uid + "' belongs to " + room.owner_email +
                                           ", not to the meeting's owner " + owner.email});
      }
    } else {
      NewRoom wanted{
          .owner_email = owner.email, .name = meeting_.name, .uid = meeting_.meeting_uid};
      if (meeting_.document.contains("accessCode")) {
        const auto& code = meeting_.document["accessCode"];
        wanted.access_code = code.is_string() ? code.get<std::string>() : code.dump();
      }
      auto created = gl.CreateRoom(wanted);
      if (!created) {
        return std::unexpected(
            std::pair{kRoomNotCreated, "room could not be created: " + created.error().message});
      }
      room = *created;
    }
  }
  if (room.name != meeting_.name) {
    auto renamed = gl.RenameRoom(room.uid, std::nullopt, meeting_.name);
    if (renamed) room = *renamed;
  }
  return room;
}

std::expected<const GreenlightRoom*, std::string> MeetingPass::Room() {
  if (room_) return &*room_;
  if (room_error_) return std::unexpected(*room_error_);
  if (executor_.server_.without_greenlight) {
    auto secret = ResolveSecret(executor_.server_.bbb_secret);
    if (!secret) {
      room_error_ = "BBB_SECRET: " + secret.error();
      Record(step::kStatus, kFailedWillRetry, *room_error_);
      return std::unexpected(*room_error_);
    }
    room_ = BbbOnlyRoom(meeting_, *secret);
    return &*room_;
  }
  auto gl = executor_.Directory();
  if (!gl) {
    room_error_ = "Greenlight: " + gl.error();
    Record(step::kStatus, kFailedWillRetry, *room_error_);
    return std::unexpected(*room_error_);
  }
  auto room = SetUpRoom(**gl);
  if (!room) {
    room_error_ = room.error().second;
    Record(step::kStatus, room.error().first, *room_error_);
    return std::unexpected(*room_error_);
  }
  room_ = std::move(*room);
  return &*room_;
}

// --- BBB ----------------------------------------------------------------------

std::expected<CreateMeetingResult, std::string> MeetingPass::Create() {
  auto room = Room();
  if (!room) return std::unexpected(room.error());
  auto bbb = executor_.Bbb();
  if (!bbb) return std::unexpected(bbb.error());
  const int version = executor_.GreenlightVersion();
  auto created = Timed("create", [&] {
    return (*bbb)->CreateMeeting(
        BuildCreateRequest(meeting_, **room, version, executor_.server_.link_base));
  });
  if (!created) return std::unexpected(created.error().ToString());
  if (version != 0 &&
      (!(*room)->last_session_ms || *(*room)->last_session_ms != created->create_time)) {
    // Greenlight puts last_session into every join URL: it must be this session's createTime.
    if (auto gl = executor_.Directory()) {
      auto noted = (*gl)->RecordMeetingStarted((*room)->uid, created->create_time);
      if (!noted) {
        spdlog::warn("meeting {}: could not note the session in Greenlight: {}", meeting_.id,
                     noted.error().message);
      } else {
        room_->last_session_ms = created->create_time;
      }
    }
  }
  return *created;
}

std::expected<bool, std::string> MeetingPass::EndAndWait() {
  auto room = Room();
  if (!room) return std::unexpected(room.error());
  auto bbb = executor_.Bbb();
  if (!bbb) return std::unexpected(bbb.error());
  auto ended =
      Timed("end", [&] { return (*bbb)->EndMeeting((*room)->meeting_id, (*room)->moderator_pw); });
  if (!ended && ended.error().message_key == "invalidPassword") {
    // Started by someone else with other passwords: end it with its own.
    if (auto info = Info(**bbb, (*room)->meeting_id)) {
      ended =
          Timed("end", [&] { return (*bbb)->EndMeeting((*room)->meeting_id, info->moderator_pw); });
    }
  }
  if (!ended) {
    if (ended.error().message_key == "notFound") return false;
    return std::unexpected(ended.error().ToString());
  }
  const auto deadline = std::chrono::steady_clock::now() + context_.end_wait;
  while (true) {
    auto info = Info(**bbb, (*room)->meeting_id);
    if (!info && info.error().message_key == "notFound") return true;
    if (std::chrono::steady_clock::now() >= deadline || stop_.stop_requested()) {
      return std::unexpected(std::string("BBB still reports the meeting after end"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void MeetingPass::WaitForStart() {
  // Owner and room are set up right away, so links in early mails already work.
  if (!Room()) return;
  Record(step::kStatus, kWaitingForStart, "waiting for startDate " + StartDateText(meeting_));
}

void MeetingPass::PreOpen() {
  auto ended = EndAndWait();
  if (!ended) {
    if (!room_error_)
      Record(step::kPreOpen, kCouldNotClose,
             "could not close meeting for pre-opening: " + ended.error());
    return;
  }
  auto created = Create();
  if (!created) {
    if (!room_error_)
      Record(step::kPreOpen, kFailedWillRetry,
             "meeting could not be pre-opened: " + created.error());
    return;
  }
  Record(step::kPreOpen, kDone,
         *ended ? "closed the running meeting so new parameters apply, then opened it"
                : "meeting opened");
}

void MeetingPass::KeepOpen() {
  // BBB closes a meeting nobody joined after a few minutes; create it again.
  auto created = Create();
  if (!created && !room_error_) {
    Record(step::kStatus, kFailedWillRetry,
           "could not keep the pre-opened meeting open: " + created.error());
  }
}

void MeetingPass::Start() {
  auto created = Create();
  if (!created) {
    if (!room_error_)
      Record(step::kStatus, kFailedWillRetry, "meeting could not be started: " + created.error());
    return;
  }
  auto bbb = executor_.Bbb();
  auto info = Info(**bbb, created->meeting_id);
  const bool joined = info && info->participant_count > 0;
  if (joined) {
    Record(step::kStatus, kDone, "meeting started, users joined");
  } else {
    Record(step::kStatus, kStartedNobodyJoined, "meeting started, no users joined yet");
  }
}

void MeetingPass::End() {
  auto ended = EndAndWait();
  if (!ended) {
    if (!room_error_)
      Record(step::kEndMeeting, kCouldNotClose, "could not close meeting: " + ended.error());
    return;
  }
  Record(step::kEndMeeting, kDone, *ended ? "closed meeting" : "meeting was not running");
  Record(step::kStatus, kDone, "meeting has finished and was closed");
}

// --- live stream --------------------------------------------------------------

std::expected<StreamTarget, std::string> MeetingPass::Stream() {
  auto room = Room();
  if (!room) return std::unexpected(room.error());
  auto bbb = executor_.Bbb();
  if (!bbb) return std::unexpected(bbb.error());
  const LiveStreaming& live = *meeting_.live_streaming;
  auto secret = ResolveSecret(executor_.server_.bbb_secret);
  if (!secret) return std::unexpected("BBB_SECRET: " + secret.error());
  return StreamTarget{.streamer_host = live.streamer_host,
                      .bbb_url = (*bbb)->api_base(),
                      .bbb_secret = *secret,
                      .meeting_id = (*room)->meeting_id,
                      .stream_url = live.target_url,
                      .intro = live.play_intro.value_or("")};
}

void MeetingPass::StartStream() {
  auto target = Stream();
  if (!target) {
    if (!room_error_)
      Record(step::kLiveStreaming, kFailedWillRetry, "liveStreaming failed: " + target.error());
    return;
  }
  auto started = context_.streams.Start(*target, stop_);
  if (!started) {
    Record(step::kLiveStreaming, kFailedWillRetry, "liveStreaming failed: " + started.error());
    return;
  }
  Record(step::kLiveStreaming, kDone, "liveStreaming started " + started->output);
}

void MeetingPass::WatchStream() {
  auto room = Room();
  auto bbb = executor_.Bbb();
  if (!room || !bbb) return;
  auto info = Info(**bbb, (*room)->meeting_id);
  if (!info && info.error().message_key == "notFound") {
    Record(step::kEndMeeting, kDone, "meeting ended");
    Record(step::kStatus, kDone, "meeting has finished");
  }
}

void MeetingPass::StopStream() {
  auto target = Stream();
  if (!target) {
    if (!room_error_)
      Record(step::kLiveStreamingStopped, kFailedWillRetry,
             "could not stop liveStreaming: " + target.error());
    return;
  }
  auto stopped = context_.streams.Stop(*target, stop_);
  if (!stopped) {
    Record(step::kLiveStreamingStopped, kFailedWillRetry,
           "could not stop liveStreaming: " + stopped.error());
    return;
  }
  Record(step::kLiveStreamingStopped, kDone, "liveStreaming stopped");
}

// --- sharing and mail -----------------------------------------------------------

void MeetingPass::Share(const std::string& email) {
  const std::string step_path = step::ShareWith(email);
  if (executor_.server_.without_greenlight) {
    Record(step_path, kDone,
           "no Greenlight on this server: the share mail carries a moderator join link");
    return;
  }
  auto room = Room();
  if (!room) return;
  auto gl = executor_.Directory();
  if (!gl) {
    Record(step_path, kFailedWillRetry, "Greenlight: " + gl.error());
    return;
  }
  const Recipient* user = FindRecipient(meeting_.share_with, email);
  if (auto ensured =
          EnsureUser(**gl, email, user && user->full_name ? *user->full_name : "", std::nullopt);
      !ensured) {
    Record(step_path, kOwnerOrRoomMissing,
           "user not found and creation failed: " + ensured.error());
    return;
  }
  auto shared = (*gl)->ShareRoom((*room)->uid, email);
  if (!shared) {
    Record(step_path, kFailedWillRetry, "could not share the room: " + shared.error().message);
    return;
  }
  Record(step_path, kDone, *shared ? "room shared" : "room was shared already");
}

std::string MeetingPass::ModeratorJoinUrl(const std::string& full_name) {
  auto bbb = executor_.Bbb();
  if (!bbb || !room_) return "";
  JoinRequest join{.meeting_id = room_->meeting_id, .full_name = full_name};
  if (room_->moderator_pw) {
    join.password = room_->moderator_pw;  // Greenlight 2 rooms
  } else {
    join.role = "MODERATOR";  // Greenlight 3: BBB 2.4+ join by role
  }
  return (*bbb)->JoinUrl(join);
}

std::string MeetingPass::AttendeeJoinUrl(const MailPerson& person) {
  auto bbb = executor_.Bbb();
  if (!bbb || !room_) return "";
  return (*bbb)->JoinUrl({.meeting_id = room_->meeting_id,
                          .full_name = person.name.empty() ? person.email : person.name,
                          .password = room_->attendee_pw});
}

void MeetingPass::QueueMail(const PlannedAction& action) {
  struct MailKind {
    const char* kind;
    const char* template_key;
    const char* recipients;  // list the recipient is in, or nullptr for the owner
  };
  static const std::map<ActionKind, MailKind> kKinds = {
      {ActionKind::kOwnerInfoMail, {"meetingOwnerInfo", "meetingOwnerInfoTemplate", nullptr}},
      {ActionKind::kOwnerStartedMail,
       {"meetingOwnerStarted", "meetingOwnerStartedTemplate", nullptr}},
      {ActionKind::kReminderMail,
       {"meetingOwnerReminder", "meetingOwnerReminderTemplate", nullptr}},
      {ActionKind::kShareMail, {"meetingShareInfo", "meetingShareInfoTemplate", "shareWith"}},
      {ActionKind::kInvitationMail,
       {"meetingInvitationInfo", "meetingInvitationInfoTemplate", "sendInvitationLink"}},
      {ActionKind::kModeratorMail,
       {"meetingModeratorInfo", "meetingModeratorInfoTemplate", "sendModeratorLink"}},
  };
  const MailKind& kind = kKinds.at(action.kind);
  auto room = Room();
  if (!room) return;

  const MailPerson owner{meeting_.owner.email, meeting_.owner.full_name};
  MailPerson recipient = owner;
  nlohmann::json recipient_doc = nlohmann::json::object();
  if (kind.recipients != nullptr) {
    const auto& list = action.kind == ActionKind::kShareMail        ? meeting_.share_with
                       : action.kind == ActionKind::kInvitationMail ? meeting_.invitations
                                                                    : meeting_.moderator_links;
    if (const Recipient* found = FindRecipient(list, action.recipient))
      recipient = PersonOf(*found);
    recipient_doc = RecipientDocument(meeting_, kind.recipients, action.recipient);
  }
  const MailRouteInput route{.recipient = recipient,
                             .recipient_level = ReadMailOverrides(recipient_doc),
                             .meeting = ReadMailOverrides(meeting_.document),
                             .server = ReadMailOverrides(executor_.server_.document),
                             .app = {},
                             .owner = owner};

  MailRequest request;
  request.kind = kind.kind;
  if (meeting_.document.contains(kind.template_key) &&
      meeting_.document[kind.template_key].is_string()) {
    request.template_name = meeting_.document[kind.template_key].get<std::string>();
  }
  request.server_id = executor_.server_.id;
  request.meeting_id = meeting_.id;
  request.recurrence = meeting_.recurrence;
  TemplateModelInput& model = request.model;
  model.language = meeting_.document.value("language", context_.config.language);
  model.recipient = recipient;
  model.owner = owner;
  const PlannerSettings settings = Settings();
  model.meeting = MeetingMailFacts{
      .id = meeting_.id,
      .name = meeting_.name,
      .description = meeting_.document.value("description", ""),
      .starts_at = meeting_.starts_at,
      .zone = FindTimeZone(meeting_.timezone),
      .duration_minutes = settings.timing.end_after_minutes > 0
                              ? std::optional<std::int64_t>(settings.timing.end_after_minutes)
                              : std::nullopt};
  const std::string link_base = executor_.server_.link_base.value_or("");
  std::string room_link = link_base.empty() ? "" : link_base + "/" + (*room)->uid;
  if (executor_.server_.without_greenlight) {
    // No Greenlight room page: guests get an attendee join link, everyone
    // else (owner, people the room is "shared" with) a moderator join link.
    room_link = action.kind == ActionKind::kInvitationMail
                    ? AttendeeJoinUrl(recipient)
                    : ModeratorJoinUrl(recipient.name.empty() ? recipient.email : recipient.name);
  }
  model.room = RoomMailFacts{(*room)->name, (*room)->uid, room_link};
  model.room_link = room_link;
  if (action.kind != ActionKind::kInvitationMail && action.kind != ActionKind::kShareMail) {
    model.moderator_link =
        ModeratorJoinUrl(recipient.name.empty() ? recipient.email : recipient.name);
  }
  model.server_id = executor_.server_.id;
  model.link_base = link_base;

  auto composed = ComposeRoutedMail(context_.templates, route, std::move(request), now_);
  if (!composed) {
    Record(action.step, composed.error().permanent ? kMailNotQueuedPermanently : kMailNotQueued,
           "mail not queued: " + composed.error().reason);
    return;
  }
  if (!*composed) {
    Record(action.step, kMailNotQueued, "mail not queued: sending is off");
    return;
  }
  const StoredMail& mail = **composed;
  if (!MayContinue()) return;
  // The mail and the status that says it is queued: both or neither.
  auto queued = context_.store.Transact([&](StoreSession& session) {
    session.RecordPassStatus(claim_, action.step, {now_, kMailQueued, std::string("mail queued")});
    session.AddMail(mail);
  });
  if (!queued && queued.error().kind == StoreErrorKind::kConflict) {
    lost_ = true;
    return;
  }
  if (!queued) {
    Record(action.step, kMailNotQueued, "mail could not be queued: " + queued.error().message);
    return;
  }
  Remember(action.step, kMailQueued, "mail queued");
  spdlog::info("meeting {}: {} queued for {}", meeting_.id, kind.kind, mail.recipient);
}

// --- MeetingExecutor ------------------------------------------------------------

MeetingExecutor::MeetingExecutor(const EngineContext& context, Server server,
                                 DirectoryOpener open_directory)
    : context_(context), server_(std::move(server)), open_directory_(std::move(open_directory)) {
  if (!open_directory_) {
    open_directory_ = [](const GreenlightAccess& access) {
      return OpenGreenlightDirectory(access);
    };
  }
}

MeetingExecutor::~MeetingExecutor() = default;

int MeetingExecutor::GreenlightVersion() const {
  if (server_.without_greenlight) return 0;
  return GreenlightAccessFor(
             server_, {context_.config.greenlight.version, context_.config.greenlight.database})
      .version;
}

std::expected<BbbClient*, std::string> MeetingExecutor::Bbb() {
  if (!bbb_) {
    auto client = MakeBbbClient(server_);
    if (!client) return std::unexpected(client.error());
    bbb_.emplace(std::move(*client));
  }
  return &*bbb_;
}

std::expected<GreenlightDirectory*, std::string> MeetingExecutor::Directory() {
  if (!directory_) {
    const GreenlightAccess access = GreenlightAccessFor(
        server_, {context_.config.greenlight.version, context_.config.greenlight.database});
    auto opened = open_directory_(access);
    if (!opened) return std::unexpected(opened.error().message);
    directory_ = std::move(*opened);
  }
  return directory_.get();
}

PassOutcome MeetingExecutor::Process(const StoredMeeting& stored, const MeetingClaim& claim,
                                     UtcTime now, std::stop_token stop) {
  FieldErrors errors;
  const date::time_zone* zone = context_.config.timezone;
  auto meeting =
      ValidateMeeting(stored.id, stored.document, "meetings." + stored.id, {zone}, errors);
  if (!meeting) {
    // Stored documents were validated on the way in; this means the rules got stricter.
    spdlog::error("meeting {}: stored document is no longer valid: {}", stored.id,
                  errors.empty() ? "" : errors.front().ToString());
    return {.end = PassOutcome::End::kFinished, .next_due = std::nullopt};
  }
  // The start as stored when the meeting was applied: the same instant
  // `meeting list` shows, whatever zone this process runs in.
  if (stored.starts_at) meeting->starts_at = stored.starts_at;
  return MeetingPass(*this, *meeting, claim, stored.updated_at, now, std::move(stop)).Run();
}

}  // namespace schedulight
