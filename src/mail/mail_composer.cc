#include "mail/mail_composer.h"

#include "mail/calendar_invite.h"
#include "mail/mail_renderer.h"
#include "mail/mime_message.h"

namespace schedulight {
namespace {

std::expected<std::optional<std::string>, std::string> Invitation(const MailRequest& request,
                                                                  UtcTime now) {
  const auto& meeting = request.model.meeting;
  if (!KindCarriesInvitation(request.kind) || !meeting || !meeting->starts_at) return std::nullopt;
  CalendarInvite invite;
  const MailPerson& organizer =
      request.model.owner.email.empty() ? request.route.from : request.model.owner;
  invite.uid = CalendarUid(meeting->id, MailDomain(organizer.email));
  invite.summary = meeting->name;
  invite.description = meeting->description;
  invite.starts_at = *meeting->starts_at;
  invite.duration_minutes = meeting->duration_minutes.value_or(60);
  invite.url = request.model.room_link;
  invite.organizer = organizer;
  invite.attendee = request.model.recipient;
  invite.recurrence = request.recurrence;
  invite.stamp = now;
  auto text = BuildCalendarInvite(invite);
  if (!text) return std::unexpected(text.error());
  return std::optional<std::string>(std::move(*text));
}

}  // namespace

bool KindCarriesInvitation(const std::string& kind) {
  return kind == "meetingInvitationInfo" || kind == "meetingOwnerInfo";
}

std::expected<StoredMail, std::string> MailComposer::Compose(const MailRequest& request,
                                                             UtcTime now) const {
  auto found =
      templates_.Find(request.template_name.value_or(request.kind), request.model.language);
  if (!found) return std::unexpected(found.error());
  auto rendered = RenderMail(**found, BuildTemplateModel(request.model));
  if (!rendered) return std::unexpected(rendered.error());
  auto calendar = Invitation(request, now);
  if (!calendar) return std::unexpected(calendar.error());

  MimeMail mime{.from = request.route.from,
                .to = request.route.to,
                .subject = rendered->subject,
                .text = rendered->text,
                .html = rendered->html,
                .calendar = *calendar,
                .date = now,
                .message_id = NewMessageId(request.route.from.email, now)};
  auto text = BuildMimeMessage(mime);
  if (!text) return std::unexpected(text.error());

  StoredMail mail;
  mail.meeting_id = request.meeting_id;
  mail.kind = request.kind;
  mail.recipient = request.route.to.email;
  mail.message = {{"server", request.server_id},   {"from", request.route.from.email},
                  {"to", request.route.to.email},  {"subject", rendered->subject},
                  {"message_id", mime.message_id}, {"redirected", request.route.redirected},
                  {"mime", std::move(*text)}};
  mail.state = MailState::kQueued;
  mail.created_at = now;
  mail.updated_at = now;
  return mail;
}

}  // namespace schedulight
