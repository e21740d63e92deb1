#pragma once
// What the mail worker sends through: one open session with a relay. The
// real one is SmtpSender; tests of the queue logic may use a fake.

#include <expected>
#include <string>
#include <string_view>

namespace schedulight {

struct SendError {
  bool temporary = true;  // worth retrying later (4xx, network, TLS, AUTH) or not (5xx)
  std::string message;    // for the log and the mail's last_error; holds no secret
  // The relay itself failed (no connection, timeout, TLS, login), not this
  // one mail: the worker need not try the relay's other mails in this pass.
  bool relay_down = false;
  // The send was cut short because the worker is stopping: nothing is known
  // about the mail, it is neither sent nor failed.
  bool stopped = false;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Sends one message (RFC 5322 text with CRLF line ends) from envelope
  // sender `from` to envelope recipient `to`. The session stays open for
  // the next mail.
  virtual std::expected<void, SendError> Send(const std::string& from, const std::string& to,
                                              std::string_view message) = 0;
};

}  // namespace schedulight
