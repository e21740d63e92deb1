#pragma once
// The common first half of queueing any mail: decide through the override
// chain whether it goes and from whom to whom (ResolveMailRoute), then render
// it (MailComposer). The caller adds the returned StoredMail to the store in
// the same transaction that records what the mail is about (a meeting's step
// status, a command's results), so a mail is queued exactly when its cause is
// recorded.

#include <expected>
#include <optional>
#include <string>

#include "mail/mail_composer.h"
#include "mail/mail_route.h"
#include "mail/template_set.h"
#include "store/store.h"

namespace schedulight {

// Why a mail that was to go could not be composed.
struct MailNotComposed {
  // false: no route (e.g. no sender address: fixable by settings, worth a
  // retry); true: the template or the MIME text failed for this mail.
  bool permanent = false;
  std::string reason;
};

// Resolves route; when sending is on, sets request.route and
// request.model.sender from it and composes the mail with templates.
// Returns nullopt when sending is off for this recipient.
std::expected<std::optional<StoredMail>, MailNotComposed> ComposeRoutedMail(
    const TemplateSet& templates, const MailRouteInput& route, MailRequest request, UtcTime now);

}  // namespace schedulight
