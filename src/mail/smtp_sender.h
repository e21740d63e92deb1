#pragma once
// Sends mails over SMTP with libcurl. One SmtpSender holds one curl easy
// handle, and libcurl keeps its SMTP connection open between transfers, so a
// queue of mails to the same relay goes over one connection (STARTTLS and
// AUTH once). The connection is closed (QUIT) when the sender is destroyed.
// Not thread-safe: one sender per worker thread. A stop requested on the
// token given at construction aborts a transfer in progress within about a
// second (libcurl's progress callback), so a hung relay cannot hold up a
// shutdown for its connect or transfer timeout.

#include <cstddef>
#include <memory>
#include <stop_token>

#include "mail/mail_transport.h"
#include "mail/smtp_settings.h"

namespace schedulight {

class SmtpSender final : public MailTransport {
 public:
  explicit SmtpSender(SmtpSettings settings, std::stop_token stop = {});
  ~SmtpSender() override;
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  std::expected<void, SendError> Send(const std::string& from, const std::string& to,
                                      std::string_view message) override;

  // How many TCP connections this sender has opened so far.
  std::size_t ConnectionsOpened() const { return connections_opened_; }

 private:
  struct CurlDeleter {
    void operator()(void* handle) const;
  };

  SmtpSettings settings_;
  std::stop_token stop_;
  std::unique_ptr<void, CurlDeleter> curl_;  // CURL*
  std::size_t connections_opened_ = 0;
};

}  // namespace schedulight
