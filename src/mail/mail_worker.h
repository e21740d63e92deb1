#pragma once
// Delivers the mail queue. Each pass takes the mails that are due, sends
// them, and records the outcome:
//   sent                 state sent
//   temporary failure    attempts + 1 and next_attempt_at = now + backoff
//                        (base * 2^(attempts-1), capped), or state failed once
//                        attempts reaches max_attempts; last_error kept
//   permanent failure    (a 5xx answer) state failed at once
// Mails are claimed before sending by moving their next_attempt_at a lease
// ahead, in the same transaction that selected them, so a second worker on
// the same store leaves them alone and a crash mid-send only delays them
// until the lease ends: a mail is never lost, at worst sent twice.
// Mails to the same relay in one pass share one SMTP connection.

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "mail/mail_transport.h"
#include "mail/smtp_settings.h"
#include "store/store.h"

namespace schedulight {

struct MailWorkerOptions {
  bool deliver = true;  // false (--no-mail, mail.enabled: false): mails stay queued, are logged
  bool debug = false;   // --debug-mail / mail.debug: log every mail whole
  int max_attempts = 8;
  std::chrono::seconds backoff_base{60};
  std::chrono::seconds backoff_max{std::chrono::hours(6)};
  std::chrono::seconds lease{std::chrono::minutes(10)};
  std::size_t batch_size = 100;
};

// The delay before attempt number failed_attempts + 1.
std::chrono::seconds MailBackoff(int failed_attempts, const MailWorkerOptions& options);

struct MailPassResult {
  int sent = 0;
  int retrying = 0;  // failed for now, queued again with a backoff
  int failed = 0;    // given up
  int held = 0;      // left queued because delivery is off
};

class MailWorker {
 public:
  using Clock = std::function<UtcTime()>;
  // The SMTP settings of a server id (looked up at send time, so a changed
  // password applies to mails already queued).
  using SettingsLookup =
      std::function<std::expected<SmtpSettings, std::string>(const std::string&)>;
  using TransportFactory = std::function<std::unique_ptr<MailTransport>(const SmtpSettings&)>;

  MailWorker(Store& store, SettingsLookup settings, TransportFactory transports,
             MailWorkerOptions options, Clock clock);

  // Sends everything due now (batch after batch) and closes the connections.
  std::expected<MailPassResult, StoreError> RunPass();

  // When the next queued mail is due, for the daemon to sleep until.
  std::expected<std::optional<UtcTime>, StoreError> NextDue();

 private:
  enum class Outcome { kSent, kRetrying, kFailed };
  std::expected<std::vector<StoredMail>, StoreError> ClaimBatch(UtcTime now);
  Outcome Deliver(const StoredMail& mail);
  std::expected<void, SendError> SendOne(const StoredMail& mail);
  void LogHeld(const StoredMail& mail);

  Store& store_;
  SettingsLookup settings_;
  TransportFactory transports_;
  MailWorkerOptions options_;
  Clock clock_;
  std::map<std::string, std::unique_ptr<MailTransport>> open_;  // by endpoint URL + user
  // Per pass: each server's settings are looked up once.
  std::map<std::string, std::expected<SmtpSettings, std::string>> settings_cache_;
  std::set<std::int64_t> logged_held_;  // with delivery off, each mail is logged once
};

// SettingsLookup reading the server document from the store.
MailWorker::SettingsLookup StoreSmtpSettings(Store& store, std::optional<std::string> ca_file,
                                             SecretResolver resolve_secret);

// TransportFactory making real SmtpSenders.
MailWorker::TransportFactory SmtpTransports();

}  // namespace schedulight
