#include "engine/meeting_mail_step.h"

#include <map>

#include "core/status.h"
#include "engine/routed_mail.h"

namespace schedulight {
namespace {

using namespace status_code;

struct MailKind {
  const char* kind;
  const char* template_key;
  const char* recipients;  // the meeting's list the recipient is in; nullptr: the owner
};

const MailKind& KindOf(ActionKind action) {
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
  return kKinds.at(action);
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

std::string ModeratorJoinUrl(const MeetingMailInput& in, const std::string& full_name) {
  if (in.bbb == nullptr) return "";
  JoinRequest join{.meeting_id = in.room.meeting_id, .full_name = full_name};
  if (in.room.moderator_pw) {
    join.password = in.room.moderator_pw;  // Greenlight 2 rooms
  } else {
    join.role = "MODERATOR";  // Greenlight 3: BBB 2.4+ join by role
  }
  return in.bbb->JoinUrl(join);
}

std::string AttendeeJoinUrl(const MeetingMailInput& in, const MailPerson& person) {
  if (in.bbb == nullptr) return "";
  return in.bbb->JoinUrl({.meeting_id = in.room.meeting_id,
                          .full_name = person.name.empty() ? person.email : person.name,
                          .password = in.room.attendee_pw});
}

}  // namespace

std::expected<StoredMail, StepStatus> ComposeMeetingMail(const PlannedAction& action,
                                                         const MeetingMailInput& in) {
  const MailKind& kind = KindOf(action.kind);
  const Meeting& meeting = in.meeting;
  const MailPerson owner{meeting.owner.email, meeting.owner.full_name};
  MailPerson recipient = owner;
  nlohmann::json recipient_doc = nlohmann::json::object();
  if (kind.recipients != nullptr) {
    const auto& list = action.kind == ActionKind::kShareMail        ? meeting.share_with
                       : action.kind == ActionKind::kInvitationMail ? meeting.invitations
                                                                    : meeting.moderator_links;
    if (const Recipient* found = FindRecipient(list, action.recipient)) {
      recipient = {found->email, found->full_name.value_or("")};
    }
    recipient_doc = RecipientDocument(meeting, kind.recipients, action.recipient);
  }
  const MailRouteInput route{.recipient = recipient,
                             .recipient_level = ReadMailOverrides(recipient_doc),
                             .meeting = ReadMailOverrides(meeting.document),
                             .server = ReadMailOverrides(in.server.document),
                             .app = {},
                             .owner = owner};

  MailRequest request;
  request.kind = kind.kind;
  if (meeting.document.contains(kind.template_key) &&
      meeting.document[kind.template_key].is_string()) {
    request.template_name = meeting.document[kind.template_key].get<std::string>();
  }
  request.server_id = in.server.id;
  request.meeting_id = meeting.id;
  request.recurrence = meeting.recurrence;
  TemplateModelInput& model = request.model;
  model.language = meeting.document.value("language", in.config.language);
  model.recipient = recipient;
  model.owner = owner;
  model.meeting =
      MeetingMailFacts{.id = meeting.id,
                       .name = meeting.name,
                       .description = meeting.document.value("description", ""),
                       .starts_at = meeting.starts_at,
                       .zone = FindTimeZone(meeting.timezone),
                       .duration_minutes = in.end_after_minutes > 0
                                               ? std::optional<std::int64_t>(in.end_after_minutes)
                                               : std::nullopt};
  const std::string link_base = in.server.link_base.value_or("");
  const std::string recipient_name = recipient.name.empty() ? recipient.email : recipient.name;
  std::string room_link = link_base.empty() ? "" : link_base + "/" + in.room.uid;
  if (in.server.without_greenlight) {
    // No Greenlight room page: guests get an attendee join link, everyone
    // else (owner, people the room is "shared" with) a moderator join link.
    room_link = action.kind == ActionKind::kInvitationMail ? AttendeeJoinUrl(in, recipient)
                                                           : ModeratorJoinUrl(in, recipient_name);
  }
  model.room = RoomMailFacts{in.room.name, in.room.uid, room_link};
  model.room_link = room_link;
  if (action.kind != ActionKind::kInvitationMail && action.kind != ActionKind::kShareMail) {
    model.moderator_link = ModeratorJoinUrl(in, recipient_name);
  }
  model.server_id = in.server.id;
  model.link_base = link_base;

  auto composed = ComposeRoutedMail(in.templates, route, std::move(request), in.now);
  if (!composed) {
    return std::unexpected(StepStatus{
        action.step, composed.error().permanent ? kMailNotQueuedPermanently : kMailNotQueued,
        "mail not queued: " + composed.error().reason});
  }
  if (!*composed) {
    return std::unexpected(
        StepStatus{action.step, kMailNotQueued, "mail not queued: sending is off"});
  }
  return std::move(**composed);
}

}  // namespace schedulight
