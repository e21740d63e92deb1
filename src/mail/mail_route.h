#pragma once
// Who a mail goes to and from, and whether it goes at all: the override
// chain recipient > meeting > server > app (SPEC 4.2). For every setting the
// most specific level that sets it wins:
//   send_emails   whether the mail is queued at all (default: false, so
//                 nothing is mailed unless someone switched it on)
//   mailFrom      the sender address (default: the meeting owner, as in
//                 the original: "mails are sent on behalf of the owner")
//   mailFromName  the sender's display name (default: the owner's name)
//   mailTo        a redirect of every mail to one address, for testing
//   mailToName    the display name used with the redirect
// Pure: no I/O, table-tested in tests/mail/mail_route_test.cc.

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mail/template_model.h"

namespace schedulight {

// One level's settings, each unset unless the level's document has the key.
struct MailOverrides {
  std::optional<bool> send_emails;
  std::optional<std::string> mail_from;
  std::optional<std::string> mail_from_name;
  std::optional<std::string> mail_to;
  std::optional<std::string> mail_to_name;
};

// Reads send_emails, mailFrom, mailFromName, mailTo, mailToName from a
// meeting, server or recipient document; keys of the wrong type are unset.
MailOverrides ReadMailOverrides(const nlohmann::json& document);

struct MailRouteInput {
  MailPerson recipient;  // whom the mail is meant for
  MailOverrides recipient_level;
  MailOverrides meeting;
  MailOverrides server;
  MailOverrides app;
  std::optional<MailPerson> owner;  // default sender
};

struct MailRoute {
  bool send = false;
  std::string send_decided_by;  // "recipient", "meeting", "server", "app" or "default"
  MailPerson from;
  MailPerson to;  // the envelope recipient: the redirect target when redirected
  bool redirected = false;
};

// Fails when the mail is to be sent but has no sender address.
std::expected<MailRoute, std::string> ResolveMailRoute(const MailRouteInput& input);

}  // namespace schedulight
