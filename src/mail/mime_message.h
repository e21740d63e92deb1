#pragma once
// Builds the text of a mail as RFC 5322 and MIME (RFC 2045-2049) define it,
// ready for SMTP: CRLF line ends, lines well under 998 octets, ASCII only.
//
// Layout (docs/mail.md):
//   without a calendar part:  multipart/alternative { text/plain, text/html }
//   with one:                 multipart/mixed {
//                               multipart/alternative { text/plain, text/html,
//                                                       text/calendar; method=REQUEST },
//                               application/ics attachment "invite.ics" }
// Text parts are UTF-8 in quoted-printable, the attachment is base64.
// Header values never carry CR or LF from their inputs; non-ASCII subjects and
// display names are RFC 2047 encoded words.

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "core/start_date.h"
#include "mail/template_model.h"

namespace schedulight {

struct MimeMail {
  MailPerson from;
  MailPerson to;
  std::string subject;
  std::string text;                     // the plain-text part, "\n" line ends
  std::string html;                     // the HTML part, "\n" line ends
  std::optional<std::string> calendar;  // a VCALENDAR with METHOD:REQUEST
  UtcTime date;
  std::string message_id;  // "<...@domain>", see NewMessageId
};

// The message text; fails for an address that is not a plain ASCII
// local@domain (no spaces, brackets, quotes, control characters).
std::expected<std::string, std::string> BuildMimeMessage(const MimeMail& mail);

// A new globally unique Message-ID, "<random.time@domain>" with the domain
// of the sender's address.
std::string NewMessageId(std::string_view from_address, UtcTime now);

// Whether address is a plain ASCII addr-spec scheduLight can put in headers
// and in the SMTP envelope.
bool IsValidMailAddress(std::string_view address);

// The domain of an address ("example.org" for "a@example.org").
std::string MailDomain(std::string_view address);

// Exposed for tests.
std::string FormatMailbox(const MailPerson& person);       // "Name" <a@b> or =?UTF-8?B?...?= <a@b>
std::string EncodeHeaderText(std::string_view text);       // RFC 2047 when needed, folded
std::string EncodeQuotedPrintable(std::string_view text);  // RFC 2045 6.7, CRLF line ends
std::string EncodeBase64Lines(std::string_view data);      // 76-column lines, CRLF
std::string FormatRfc5322Date(UtcTime time);               // "Tue, 01 Dec 2026 09:00:00 +0000"

}  // namespace schedulight
