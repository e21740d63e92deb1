#pragma once
// Turns "send this kind of mail to this person" into a queued mail: picks the
// template, renders it, adds the calendar invitation where one belongs,
// builds the MIME text, and returns the StoredMail to add to the queue (in
// the same store transaction that records the step's status 250).
//
// Rendering happens when the mail is queued, not when it is sent: the queue
// holds exactly what will go out (`schedulight mail show`), a broken
// template is reported at once, and the worker needs only the message and
// the server's SMTP settings. The SMTP password is not part of the queued
// mail; the worker looks the server up when it sends.
//
// StoredMail::message holds
//   {"server": id, "from": addr, "to": addr, "subject": text,
//    "message_id": "<...>", "redirected": bool, "mime": RFC 5322 text}

#include <expected>
#include <optional>
#include <string>

#include "mail/mail_route.h"
#include "mail/template_model.h"
#include "mail/template_set.h"
#include "store/store.h"

namespace schedulight {

struct MailRequest {
  std::string kind;                          // TemplateSet::Kinds(): meetingOwnerInfo, ...
  std::optional<std::string> template_name;  // the meeting's own template, if it names one
  std::string server_id;
  std::optional<std::string> meeting_id;
  MailRoute route;                        // from ResolveMailRoute
  TemplateModelInput model;               // what the template shows; model.language picks the set
  std::optional<std::string> recurrence;  // the meeting's RRULE, for the invitation
};

// Invitation and owner-info mails of meetings with a start date carry an .ics.
bool KindCarriesInvitation(const std::string& kind);

class MailComposer {
 public:
  explicit MailComposer(const TemplateSet& templates) : templates_(templates) {}

  std::expected<StoredMail, std::string> Compose(const MailRequest& request, UtcTime now) const;

 private:
  const TemplateSet& templates_;
};

}  // namespace schedulight
