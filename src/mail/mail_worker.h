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
//
// Relays are independent: the mails of a batch are grouped by relay (the
// SMTP settings their server routes to: URL and user), and up to
// max_parallel_relays relays are served at once, each on its own thread and
// connection, its mails one after the other. So a relay that hangs delays
// only its own mails (and, with more hung relays than threads, the relays
// waiting for a thread, by at most one timeout each: see below).
// Mails to the same relay in one pass share one SMTP connection.
// When the relay itself fails (no connection, a timeout, TLS, the login:
// SendError::relay_down), the relay's other mails in the batch are not
// tried again in this pass: each is recorded with the same error as one
// failed attempt (what trying each would have given, without waiting one
// timeout per mail), so backoff and max_attempts count as before.
// A stop (RunPass's token) aborts the sends in progress within about a
// second; the mails that were claimed but not sent are released (due at
// once, attempts unchanged) for the next start.

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
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
  std::size_t max_parallel_relays = 4;  // relays served at once (app config mail.parallel_relays)
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
  // A transport for a relay; a stop on the token should cut its sends short.
  using TransportFactory =
      std::function<std::unique_ptr<MailTransport>(const SmtpSettings&, std::stop_token)>;

  MailWorker(Store& store, SettingsLookup settings, TransportFactory transports,
             MailWorkerOptions options, Clock clock);

  // Sends everything due now (batch after batch) and closes the connections.
  // Returns early when stop is requested (see above).
  std::expected<MailPassResult, StoreError> RunPass(std::stop_token stop = {});

  // When the next queued mail is due, for the daemon to sleep until.
  std::expected<std::optional<UtcTime>, StoreError> NextDue();

 private:
  enum class Outcome { kSent, kRetrying, kFailed, kReleased };
  // The mails of one batch that go to one relay, in queue order.
  struct Lane {
    std::string key;  // endpoint URL + " " + user
    const SmtpSettings* settings = nullptr;
    std::unique_ptr<MailTransport> transport;  // taken from open_, given back after
    std::vector<const StoredMail*> mails;
  };
  std::expected<std::vector<StoredMail>, StoreError> ClaimBatch(UtcTime now);
  void RunBatch(const std::vector<StoredMail>& batch, std::stop_token stop, MailPassResult& result);
  void RunLane(Lane& lane, std::stop_token stop, MailPassResult& result);
  void Count(Outcome outcome, MailPassResult& result);
  Outcome Record(const StoredMail& mail, const std::expected<void, SendError>& sent);
  void LogHeld(const StoredMail& mail);

  Store& store_;
  SettingsLookup settings_;
  TransportFactory transports_;
  MailWorkerOptions options_;
  Clock clock_;
  // Used by the thread in RunPass only; while a batch runs, each relay's
  // transport is moved into its lane (one lane per relay per batch).
  std::map<std::string, std::unique_ptr<MailTransport>> open_;  // by endpoint URL + user
  // Per pass: each server's settings are looked up once (RunPass's thread).
  std::map<std::string, std::expected<SmtpSettings, std::string>> settings_cache_;
  std::mutex result_mutex_;             // guards the MailPassResult lanes add to
  std::set<std::int64_t> logged_held_;  // with delivery off, each mail is logged once
};

// SettingsLookup reading the server document from the store.
MailWorker::SettingsLookup StoreSmtpSettings(Store& store, std::optional<std::string> ca_file,
                                             SecretResolver resolve_secret);

// TransportFactory making real SmtpSenders.
MailWorker::TransportFactory SmtpTransports();

}  // namespace schedulight
