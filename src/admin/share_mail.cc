#include "admin/share_mail.h"

#include "admin/room_links.h"
#include "engine/routed_mail.h"

namespace schedulight {

ShareMailer::ShareMailer(const TemplateSet& templates, const Server& server, std::string language,
                         UtcTime now)
    : templates_(templates), server_(server), language_(std::move(language)), now_(now) {}

std::string ShareMailer::Notify(const GreenlightRoom& room, const Recipient& user, bool shared) {
  const MailPerson recipient{user.email, user.full_name.value_or("")};
  const MailRouteInput route{.recipient = recipient,
                             .recipient_level = {.send_emails = user.send_emails},
                             .meeting = {},
                             .server = ReadMailOverrides(server_.document),
                             .app = {},
                             .owner = std::nullopt};
  MailRequest request;
  request.kind = shared ? "roomShared" : "roomUnshared";
  request.server_id = server_.id;
  TemplateModelInput& model = request.model;
  model.language = language_;
  model.recipient = recipient;
  model.owner = {room.owner_email, room.owner_name};
  model.room_link = RoomLinkOf(server_, room.uid);
  model.room = RoomMailFacts{room.name, room.uid, model.room_link};
  model.server_id = server_.id;
  model.link_base = server_.link_base.value_or("");

  auto mail = ComposeRoutedMail(templates_, route, std::move(request), now_);
  if (!mail) {
    // Without an owner the only missing sender is the server's mailFrom.
    return mail.error().permanent
               ? "no mail: " + mail.error().reason
               : "no mail: server '" + server_.id + "' has no mailFrom (sender address)";
  }
  if (!*mail) return "no mail: sending is off";
  const bool redirected = (*mail)->message.value("redirected", false);
  std::string note = redirected ? "mail queued (redirected to " + (*mail)->recipient + ")"
                                : std::string("mail queued");
  mails_.push_back(std::move(**mail));
  return note;
}

std::vector<StoredMail> ShareMailer::TakeMails() { return std::exchange(mails_, {}); }

}  // namespace schedulight
