#pragma once
// Delivers the mail queue. Each pass takes the mails that are due, sends
// them, and records the outcome:
//   sent                 state sent
//   temporary failure    attempts + 1 and next_attempt_at = now + backoff
//                        (base * 2^(attempts-1), capped), or state failed once
//                        attempts reaches max_attempts; last_error kept
//   permanent failure    (a 5xx answer) state failed at once
//
// Claims (store/claim.h). The worker takes mails with ClaimDueMails under its
// WorkerId for a lease (kClaimLease), so a second worker on the same store
// leaves them alone; next_attempt_at only ever means "not before" (backoff).
// While a pass holds claims, a small renewer thread of the pass extends them
// every renew_every with RenewMailClaims (the mails only: the meetings and
// commands of the same process renew their own), whatever the sends are
// doing, so a send that stalls for longer than the lease keeps its claim.
// Each outcome is written with FinishMailAttempt: only while the claim is
// still this worker's, and it ends the claim. When a pass ends (done, or
// stopped), whatever it still holds is released (ReleaseMails): due at once,
// attempts unchanged. A worker that dies without releasing (SIGKILL, the
// daemon's forced exit) leaves its claims to end with the lease: another or a
// restarted worker sends those mails once it ends, within one lease. A mail is
// never lost; at worst it is sent twice, when the worker dies between the
// relay's acceptance and the recording: at most one mail per relay that was
// sending at that moment.
//
// Relays are independent lanes: each claimed mail goes to the lane of its
// relay (the SMTP settings its server routes to: URL and user), and up to
// max_parallel_relays lanes are served at once, each on its own thread and
// connection (kept for the pass), its mails in queue order. No lane waits for
// another: while lanes are busy the pass claims what fell due every
// look_again_every (at once when everything claimed is done) and hands it to
// its lane, so a mail for relay B queued while relay A hangs goes out at
// once. At most batch_size mails are claimed and unfinished at a time: only
// when that many mails of hung relays are ahead of it in the queue does B's
// mail wait for A's timeout.
// When the relay itself fails (no connection, a timeout, TLS, the login:
// SendError::relay_down), the mails waiting in its lane are not tried until
// the lane runs dry: each is recorded with the same error as one failed
// attempt (what trying each would have given, without waiting one timeout
// per mail), so backoff and max_attempts count as before.
// A stop (RunPass's token) aborts the sends in progress within about a
// second; the mails claimed but not sent are released for the next start.

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stop_token>
#include <string>

#include "core/clock.h"
#include "mail/mail_transport.h"
#include "mail/smtp_settings.h"
#include "store/claim.h"
#include "store/store.h"

namespace schedulight {

struct MailWorkerOptions {
  bool deliver = true;  // false (--no-mail, mail.enabled: false): mails stay queued, are logged
  bool debug = false;   // --debug-mail / mail.debug: log every mail whole, decoded and masked
  int max_attempts = 8;
  std::chrono::seconds backoff_base{60};
  std::chrono::seconds backoff_max{std::chrono::hours(6)};
  std::chrono::seconds lease = kClaimLease;  // a claim lasts this long unrenewed
  std::chrono::milliseconds renew_every =
      kClaimRenewEvery;                              // while a pass holds claims (real time)
  std::chrono::milliseconds look_again_every{1000};  // claims what fell due while lanes are busy
  std::size_t batch_size = 100;                      // mails claimed and unfinished at most
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
  using Clock = ::schedulight::Clock;
  // The SMTP settings of a server id (looked up at send time, so a changed
  // password applies to mails already queued).
  using SettingsLookup =
      std::function<std::expected<SmtpSettings, std::string>(const std::string&)>;
  // A transport for a relay; a stop on the token should cut its sends short.
  using TransportFactory =
      std::function<std::unique_ptr<MailTransport>(const SmtpSettings&, std::stop_token)>;

  // worker: whom the claims are for; unique per process (NewWorkerId()).
  MailWorker(Store& store, WorkerId worker, SettingsLookup settings, TransportFactory transports,
             MailWorkerOptions options, Clock clock);

  // Sends everything due now, and what falls due while it runs, then closes
  // the connections and releases what it still holds. Returns early when
  // stop is requested (see above). Not to be called on two threads at once.
  std::expected<MailPassResult, StoreError> RunPass(std::stop_token stop = {});

  // When the next queued mail can be taken (its backoff or another worker's
  // claim ends), for the daemon to sleep until.
  std::expected<std::optional<UtcTime>, StoreError> NextDue();

  const WorkerId& worker() const { return worker_; }

 private:
  enum class Outcome { kSent, kRetrying, kFailed, kReleased };
  struct Lane;  // one relay's mails, in queue order (mail_worker.cc)
  struct Pass;  // the state one RunPass shares with its threads

  std::expected<void, StoreError> Feed(Pass& pass);
  void Dispatch(Pass& pass, std::vector<StoredMail> claimed);
  void Serve(Pass& pass);
  void ServeLane(Pass& pass, Lane& lane);
  void Renew(std::stop_token stop);
  void ReleaseClaims();
  Outcome Deliver(Lane& lane, const StoredMail& mail, std::stop_token stop);
  Outcome Record(const StoredMail& mail, const std::expected<void, SendError>& sent);
  std::expected<void, StoreError> Finish(const StoredMail& update);
  static void Count(Outcome outcome, MailPassResult& result);
  void LogHeld(const StoredMail& mail);

  Store& store_;
  WorkerId worker_;
  SettingsLookup settings_;
  TransportFactory transports_;
  MailWorkerOptions options_;
  Clock clock_;
  std::set<std::int64_t> logged_held_;  // with delivery off, each mail is logged once
};

// SettingsLookup reading the server document from the store.
MailWorker::SettingsLookup StoreSmtpSettings(Store& store, std::optional<std::string> ca_file,
                                             SecretResolver resolve_secret);

// TransportFactory making real SmtpSenders.
MailWorker::TransportFactory SmtpTransports();

}  // namespace schedulight
