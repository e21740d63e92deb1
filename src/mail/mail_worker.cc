#include "mail/mail_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "mail/readable_mail.h"
#include "mail/smtp_sender.h"

namespace schedulight {

namespace {

// A text field of a mail's message; empty when missing (a damaged row must
// not throw on a lane thread).
std::string MessageField(const StoredMail& mail, const char* key) {
  if (!mail.message.is_object()) return "";
  const auto found = mail.message.find(key);
  return found != mail.message.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::chrono::seconds MailBackoff(int failed_attempts, const MailWorkerOptions& options) {
  std::chrono::seconds delay = options.backoff_base;
  for (int i = 1; i < failed_attempts && delay < options.backoff_max; ++i) delay *= 2;
  return std::min(delay, options.backoff_max);
}

// One relay's mails of a pass.
struct MailWorker::Lane {
  std::string key;  // endpoint URL + " " + user
  SmtpSettings settings;
  // Used only by the thread serving the lane (one at a time; Pass::mutex
  // hands the lane from one to the next):
  std::unique_ptr<MailTransport> transport;  // one connection for the pass
  std::optional<SendError> relay_down;       // the relay failed; until the lane runs dry
  // Guarded by Pass::mutex:
  std::deque<StoredMail> mails;  // claimed, not yet tried, in queue order
  bool busy = false;             // waiting for a thread or being served
};

// What RunPass shares with its lane threads and its renewer.
struct MailWorker::Pass {
  explicit Pass(std::stop_token token) : stop(std::move(token)) {}
  Pass(const Pass&) = delete;
  Pass& operator=(const Pass&) = delete;
  // Also when an exception leaves RunPass: the threads end before what they use.
  ~Pass() { End(); }

  // Lets the lane threads finish (or, stopping, drop) what they hold, joins
  // them, then stops the renewer. The RunPass thread only.
  void End() {
    {
      std::lock_guard lock(mutex);
      ending = true;
    }
    changed.notify_all();
    threads.clear();
    renewer.reset();
  }
  std::stop_token stop;
  // Each server's settings, looked up once per pass (the RunPass thread only).
  std::map<std::string, std::expected<SmtpSettings, std::string>> settings;

  std::mutex mutex;                     // guards the members below
  std::condition_variable_any changed;  // a lane waits, a mail is done, the pass ends
  std::map<std::string, Lane> lanes;    // by key; a node never moves
  std::deque<Lane*> waiting;            // lanes with mails and no thread, longest waiting first
  // The mails in lanes or being sent: claimed and not done. A claim that
  // ended unrenewed (a failing store) can be taken again by this very
  // worker; such a mail is not put into a lane twice.
  std::set<std::int64_t> unfinished;
  std::size_t serving = 0;  // threads serving a lane now
  bool ending = false;      // nothing more comes: idle threads return
  MailPassResult result;

  // The RunPass thread only; the threads end before the members above go.
  std::vector<std::jthread> threads;    // lane threads, at most max_parallel_relays
  std::optional<std::jthread> renewer;  // from the first claim on
};

MailWorker::MailWorker(Store& store, WorkerId worker, SettingsLookup settings,
                       TransportFactory transports, MailWorkerOptions options, Clock clock)
    : store_(store),
      worker_(std::move(worker)),
      settings_(std::move(settings)),
      transports_(std::move(transports)),
      options_(options),
      clock_(std::move(clock)) {}

std::expected<MailPassResult, StoreError> MailWorker::RunPass(std::stop_token stop) {
  if (!options_.deliver) {
    std::vector<StoredMail> due;
    auto read = store_.Transact([&](StoreSession& session) {
      due = session.DueMails(clock_(), std::numeric_limits<std::int32_t>::max());
    });
    if (!read) return std::unexpected(read.error());
    for (const auto& mail : due) LogHeld(mail);
    return MailPassResult{.held = static_cast<int>(due.size())};
  }
  Pass pass(stop);
  auto fed = Feed(pass);
  const bool claimed = pass.renewer.has_value();
  pass.End();
  if (claimed) ReleaseClaims();
  if (!fed) return std::unexpected(fed.error());
  return pass.result;
}

// Claims due mails and hands them to their lanes until nothing is due and
// every lane is done, or until a stop. Claims again as soon as everything
// claimed is done, and every look_again_every while lanes are busy, so no
// lane waits for another.
std::expected<void, StoreError> MailWorker::Feed(Pass& pass) {
  auto last_look = std::chrono::steady_clock::now() - options_.look_again_every;
  for (;;) {
    std::size_t room = 0;
    {
      std::unique_lock lock(pass.mutex);
      pass.changed.wait_until(lock, pass.stop, last_look + options_.look_again_every,
                              [&] { return pass.unfinished.empty(); });
      if (pass.stop.stop_requested()) return {};
      room = options_.batch_size - std::min(pass.unfinished.size(), options_.batch_size);
    }
    last_look = std::chrono::steady_clock::now();
    if (room == 0) continue;
    std::vector<StoredMail> claimed;
    auto done = store_.Transact([&](StoreSession& session) {
      claimed = session.ClaimDueMails(clock_(), worker_, options_.lease, room);
    });
    if (!done) return std::unexpected(done.error());
    if (claimed.empty()) {
      std::lock_guard lock(pass.mutex);
      if (pass.unfinished.empty()) return {};
      continue;
    }
    if (!pass.renewer) pass.renewer.emplace([this](std::stop_token stop) { Renew(stop); });
    Dispatch(pass, std::move(claimed));
  }
}

// Puts each mail into its relay's lane (recording at once the ones whose
// server has no usable settings) and starts lane threads as needed.
void MailWorker::Dispatch(Pass& pass, std::vector<StoredMail> claimed) {
  for (auto& mail : claimed) {
    const std::string server = MessageField(mail, "server");
    auto cached = pass.settings.find(server);
    if (cached == pass.settings.end())
      cached = pass.settings.emplace(server, settings_(server)).first;
    const auto& settings = cached->second;
    if (!settings) {
      const Outcome outcome = Record(
          mail, std::unexpected(SendError{
                    .temporary = true, .message = "server '" + server + "': " + settings.error()}));
      std::lock_guard lock(pass.mutex);
      Count(outcome, pass.result);
      continue;
    }
    const std::string key = settings->endpoint.url + " " + settings->user;
    std::lock_guard lock(pass.mutex);
    if (!pass.unfinished.insert(mail.id).second) continue;  // in a lane already
    auto [found, added] = pass.lanes.try_emplace(key);
    Lane& lane = found->second;
    if (added) {
      lane.key = key;
      lane.settings = *settings;
    }
    lane.mails.push_back(std::move(mail));
    if (!lane.busy) {
      lane.busy = true;
      pass.waiting.push_back(&lane);
    }
  }
  {
    std::lock_guard lock(pass.mutex);
    const std::size_t wanted = std::min(std::max<std::size_t>(1, options_.max_parallel_relays),
                                        pass.serving + pass.waiting.size());
    while (pass.threads.size() < wanted) pass.threads.emplace_back([this, &pass] { Serve(pass); });
  }
  pass.changed.notify_all();
}

// A lane thread: serves the lanes that wait, longest waiting first, until the pass ends.
void MailWorker::Serve(Pass& pass) {
  for (;;) {
    Lane* lane = nullptr;
    {
      std::unique_lock lock(pass.mutex);
      pass.changed.wait(lock, [&] { return !pass.waiting.empty() || pass.ending; });
      if (pass.waiting.empty()) return;
      lane = pass.waiting.front();
      pass.waiting.pop_front();
      ++pass.serving;
    }
    ServeLane(pass, *lane);
    {
      std::lock_guard lock(pass.mutex);
      --pass.serving;
    }
    pass.changed.notify_all();
  }
}

// Sends the lane's mails one after the other until it runs dry. Stopping,
// the rest stays claimed, for RunPass to release.
void MailWorker::ServeLane(Pass& pass, Lane& lane) {
  for (;;) {
    StoredMail mail;
    {
      std::lock_guard lock(pass.mutex);
      if (pass.stop.stop_requested()) {
        for (const auto& dropped : lane.mails) pass.unfinished.erase(dropped.id);
        lane.mails.clear();
      }
      if (lane.mails.empty()) {
        lane.busy = false;
        lane.relay_down.reset();  // a mail that comes later tries the relay again
        return;
      }
      mail = std::move(lane.mails.front());
      lane.mails.pop_front();
    }
    const Outcome outcome = Deliver(lane, mail, pass.stop);
    {
      std::lock_guard lock(pass.mutex);
      Count(outcome, pass.result);
      pass.unfinished.erase(mail.id);
    }
    pass.changed.notify_all();
  }
}

// The renewer of a pass: keeps this worker's mail claims from ending while
// the pass runs, however long a single send takes.
void MailWorker::Renew(std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any never;
  for (;;) {
    {
      std::unique_lock lock(mutex);
      never.wait_for(lock, stop, options_.renew_every, [] { return false; });
    }
    if (stop.stop_requested()) return;
    int renewed = 0;
    auto done = store_.Transact([&](StoreSession& session) {
      renewed = session.RenewMailClaims(worker_, clock_() + options_.lease);
    });
    if (!done) {
      spdlog::warn("mail: cannot renew the claims on the mails being sent: {}",
                   done.error().message);
    } else {
      spdlog::debug("mail: renewed {} claim(s)", renewed);
    }
  }
}

void MailWorker::ReleaseClaims() {
  int released = 0;
  auto done =
      store_.Transact([&](StoreSession& session) { released = session.ReleaseMails(worker_); });
  if (!done) {
    spdlog::error("mail: cannot release the claimed mails ({}); they are due again within {} s",
                  done.error().message, options_.lease.count());
  } else if (released > 0) {
    spdlog::info("mail: {} claimed mail(s) not sent, left queued and due", released);
  }
}

std::expected<std::optional<UtcTime>, StoreError> MailWorker::NextDue() {
  std::optional<UtcTime> next;
  auto read = store_.Transact([&](StoreSession& session) { next = session.NextMailAttempt(); });
  if (!read) return std::unexpected(read.error());
  return next;
}

void MailWorker::Count(Outcome outcome, MailPassResult& result) {
  switch (outcome) {
    case Outcome::kSent:
      ++result.sent;
      break;
    case Outcome::kRetrying:
      ++result.retrying;
      break;
    case Outcome::kFailed:
      ++result.failed;
      break;
    case Outcome::kReleased:
      break;
  }
}

MailWorker::Outcome MailWorker::Deliver(Lane& lane, const StoredMail& mail, std::stop_token stop) {
  if (lane.relay_down) {
    // Trying would only wait for the same timeout again.
    SendError same = *lane.relay_down;
    same.message = "not tried, the relay failed for an earlier mail: " + lane.relay_down->message;
    return Record(mail, std::unexpected(std::move(same)));
  }
  const std::string mime = MessageField(mail, "mime");
  if (options_.debug || lane.settings.debug) {
    spdlog::info("mail {} ({}) to {} via {}:\n{}", mail.id, mail.kind, mail.recipient,
                 lane.settings.endpoint.url, ReadableMail(mime));
  }
  if (!lane.transport) lane.transport = transports_(lane.settings, stop);
  auto sent = lane.transport->Send(MessageField(mail, "from"), mail.recipient, mime);
  if (!sent) {
    lane.transport.reset();  // start over with a fresh connection next time
    if (sent.error().relay_down) lane.relay_down = sent.error();
  }
  return Record(mail, sent);
}

MailWorker::Outcome MailWorker::Record(const StoredMail& mail,
                                       const std::expected<void, SendError>& sent) {
  if (!sent && sent.error().stopped) {
    // Not known to be sent, not tried to the end: RunPass releases it.
    spdlog::info("mail {} to {}: stopping, left queued", mail.id, mail.recipient);
    return Outcome::kReleased;
  }
  const UtcTime now = clock_();
  StoredMail update = mail;
  update.updated_at = now;
  update.attempts = mail.attempts + 1;
  Outcome outcome = Outcome::kSent;
  if (sent) {
    update.state = MailState::kSent;
    update.next_attempt_at.reset();
    spdlog::info("mail {} ({}) sent to {}", mail.id, mail.kind, mail.recipient);
  } else if (sent.error().temporary && update.attempts < options_.max_attempts) {
    update.last_error = sent.error().message;
    update.next_attempt_at = now + MailBackoff(update.attempts, options_);
    outcome = Outcome::kRetrying;
    spdlog::warn("mail {} to {}: attempt {} of {} failed, next at {}: {}", mail.id, mail.recipient,
                 update.attempts, options_.max_attempts, FormatUtc(*update.next_attempt_at),
                 update.last_error);
  } else {
    update.state = MailState::kFailed;
    update.last_error = sent.error().message;
    update.next_attempt_at.reset();
    outcome = Outcome::kFailed;
    spdlog::error("mail {} to {} failed after {} attempt(s): {}", mail.id, mail.recipient,
                  update.attempts, update.last_error);
  }
  if (auto finished = Finish(update); !finished) {
    // Either way the mail is tried again (sent twice rather than lost).
    spdlog::error("mail {}: the outcome is not recorded: {}", mail.id, finished.error().message);
  }
  return outcome;
}

// Writes the outcome while the claim is still this worker's.
std::expected<void, StoreError> MailWorker::Finish(const StoredMail& update) {
  bool held = false;
  auto stored = store_.Transact(
      [&](StoreSession& session) { held = session.FinishMailAttempt(update, worker_); });
  if (!stored) return std::unexpected(stored.error());
  if (!held) {
    return std::unexpected(
        StoreError{"the claim on it was lost (it was deleted, or another worker took it over)",
                   StoreErrorKind::kConflict});
  }
  return {};
}

void MailWorker::LogHeld(const StoredMail& mail) {
  if (!logged_held_.insert(mail.id).second) return;
  spdlog::info("mail delivery is off: mail {} ({}) to {} stays queued", mail.id, mail.kind,
               mail.recipient);
  if (options_.debug)
    spdlog::info("mail {}:\n{}", mail.id, ReadableMail(MessageField(mail, "mime")));
}

MailWorker::SettingsLookup StoreSmtpSettings(Store& store, std::optional<std::string> ca_file,
                                             SecretResolver resolve_secret) {
  return [&store, ca_file = std::move(ca_file), resolve_secret = std::move(resolve_secret)](
             const std::string& server_id) -> std::expected<SmtpSettings, std::string> {
    std::optional<StoredServer> server;
    auto read =
        store.Transact([&](StoreSession& session) { server = session.FindServer(server_id); });
    if (!read) return std::unexpected(read.error().message);
    if (!server) return std::unexpected("no such server in the store");
    return SmtpSettingsFromServer(server->document, ca_file, resolve_secret);
  };
}

MailWorker::TransportFactory SmtpTransports() {
  return [](const SmtpSettings& settings, std::stop_token stop) -> std::unique_ptr<MailTransport> {
    return std::make_unique<SmtpSender>(settings, std::move(stop));
  };
}

}  // namespace schedulight
