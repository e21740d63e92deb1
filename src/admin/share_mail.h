#pragma once
// The notification mails of share_room / unshare_room (SPEC 4.1): a user who
// got access to a room gets roomShared, a user who lost it roomUnshared.
//
// Whether a mail goes is decided by the override chain with the levels a
// command has: the user's own `send_emails` in the command's data, then the
// server's `send_emails` (default false). Commands have no owner, so the
// sender is the server's mailFrom / mailFromName; without a sender address
// the mail cannot go, which is reported in the element's result and does
// not fail the share. The server's mailTo redirect applies as for meetings.
//
// The caller notifies only about shares that changed something (sharing
// twice or unsharing a user without a share mails nobody), and queues the
// collected mails together with the command's results.

#include <string>
#include <vector>

#include "core/meeting.h"
#include "core/server.h"
#include "greenlight/directory.h"
#include "mail/template_set.h"
#include "store/store.h"

namespace schedulight {

class ShareMailer {
 public:
  // templates and server must outlive the mailer; language picks the
  // template set (the app config's language).
  ShareMailer(const TemplateSet& templates, const Server& server, std::string language,
              UtcTime now);

  // Composes roomShared (shared) or roomUnshared for user about room and
  // keeps it for TakeMails. Returns the note for the element's result:
  // "mail queued", "mail queued (redirected to ...)", "no mail: sending is
  // off", or "no mail: <why>".
  std::string Notify(const GreenlightRoom& room, const Recipient& user, bool shared);

  // The mails composed so far (moved out); add them to the store's queue.
  std::vector<StoredMail> TakeMails();

 private:
  const TemplateSet& templates_;
  const Server& server_;
  std::string language_;
  UtcTime now_;
  std::vector<StoredMail> mails_;
};

}  // namespace schedulight
