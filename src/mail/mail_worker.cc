#include "mail/mail_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

#include "mail/smtp_sender.h"

namespace schedulight {

std::chrono::seconds MailBackoff(int failed_attempts, const MailWorkerOptions& options) {
  std::chrono::seconds delay = options.backoff_base;
  for (int i = 1; i < failed_attempts && delay < options.backoff_max; ++i) delay *= 2;
  return std::min(delay, options.backoff_max);
}

MailWorker::MailWorker(Store& store, SettingsLookup settings, TransportFactory transports,
                       MailWorkerOptions options, Clock clock)
    : store_(store),
      settings_(std::move(settings)),
      transports_(std::move(transports)),
      options_(options),
      clock_(std::move(clock)) {}

std::expected<std::vector<StoredMail>, StoreError> MailWorker::ClaimBatch(UtcTime now) {
  std::vector<StoredMail> batch;
  auto claimed = store_.Transact([&](StoreSession& session) {
    batch = session.DueMails(now, options_.batch_size);
    for (auto& mail : batch) {
      StoredMail lease = mail;
      lease.next_attempt_at = now + options_.lease;
      session.UpdateMail(lease);
    }
  });
  if (!claimed) return std::unexpected(claimed.error());
  return batch;
}

std::expected<MailPassResult, StoreError> MailWorker::RunPass(std::stop_token stop) {
  MailPassResult result;
  if (!options_.deliver) {
    std::vector<StoredMail> due;
    auto read = store_.Transact([&](StoreSession& session) {
      due = session.DueMails(clock_(), std::numeric_limits<std::int32_t>::max());
    });
    if (!read) return std::unexpected(read.error());
    for (const auto& mail : due) LogHeld(mail);
    result.held = static_cast<int>(due.size());
    return result;
  }
  while (!stop.stop_requested()) {
    auto batch = ClaimBatch(clock_());
    if (!batch) {
      open_.clear();
      settings_cache_.clear();
      return std::unexpected(batch.error());
    }
    if (batch->empty()) break;
    RunBatch(*batch, stop, result);
  }
  open_.clear();  // QUIT: an idle connection would only time out on the relay
  settings_cache_.clear();
  return result;
}

std::expected<std::optional<UtcTime>, StoreError> MailWorker::NextDue() {
  std::optional<UtcTime> next;
  auto read = store_.Transact([&](StoreSession& session) { next = session.NextMailAttempt(); });
  if (!read) return std::unexpected(read.error());
  return next;
}

void MailWorker::Count(Outcome outcome, MailPassResult& result) {
  std::lock_guard lock(result_mutex_);
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

void MailWorker::RunBatch(const std::vector<StoredMail>& batch, std::stop_token stop,
                          MailPassResult& result) {
  // Group by relay, in queue order, on this thread (settings_cache_, open_).
  std::vector<Lane> lanes;
  std::map<std::string, std::size_t> lane_of;
  for (const auto& mail : batch) {
    const std::string server = mail.message.value("server", "");
    auto cached = settings_cache_.find(server);
    if (cached == settings_cache_.end())
      cached = settings_cache_.emplace(server, settings_(server)).first;
    const auto& settings = cached->second;
    if (!settings) {
      Count(Record(mail, std::unexpected(
                             SendError{.temporary = true,
                                       .message = "server '" + server + "': " + settings.error()})),
            result);
      continue;
    }
    const std::string key = settings->endpoint.url + " " + settings->user;
    auto [found, added] = lane_of.emplace(key, lanes.size());
    if (added) lanes.push_back({key, &*settings, std::move(open_[key]), {}});
    lanes[found->second].mails.push_back(&mail);
  }
  if (lanes.empty()) return;

  // A lane per relay; up to max_parallel_relays threads take lanes in order.
  std::atomic<std::size_t> next = 0;
  auto serve = [&] {
    for (std::size_t i = next++; i < lanes.size(); i = next++) RunLane(lanes[i], stop, result);
  };
  const std::size_t threads =
      std::min(lanes.size(), std::max<std::size_t>(1, options_.max_parallel_relays));
  {
    std::vector<std::jthread> helpers;
    for (std::size_t i = 1; i < threads; ++i) helpers.emplace_back(serve);
    serve();
  }  // joins
  for (auto& lane : lanes) {
    // A broken connection is opened afresh next time (the lane dropped it).
    if (lane.transport) {
      open_[lane.key] = std::move(lane.transport);
    } else {
      open_.erase(lane.key);
    }
  }
}

void MailWorker::RunLane(Lane& lane, std::stop_token stop, MailPassResult& result) {
  std::optional<SendError> relay_down;
  for (const StoredMail* mail : lane.mails) {
    if (stop.stop_requested()) {
      Count(Record(*mail, std::unexpected(SendError{.stopped = true})), result);
      continue;
    }
    if (relay_down) {
      // Trying would only wait for the same timeout again.
      SendError same = *relay_down;
      same.message = "not tried, the relay failed for an earlier mail: " + relay_down->message;
      Count(Record(*mail, std::unexpected(std::move(same))), result);
      continue;
    }
    const std::string& mime = mail->message.value("mime", std::string());
    if (options_.debug) {
      spdlog::info("mail {} to {} via {}:\n{}", mail->id, mail->recipient,
                   lane.settings->endpoint.url, mime);
    }
    if (!lane.transport) lane.transport = transports_(*lane.settings, stop);
    auto sent = lane.transport->Send(mail->message.value("from", ""), mail->recipient, mime);
    if (!sent) {
      lane.transport.reset();  // start over with a fresh connection next time
      if (sent.error().relay_down) relay_down = sent.error();
    }
    Count(Record(*mail, sent), result);
  }
}

MailWorker::Outcome MailWorker::Record(const StoredMail& mail,
                                       const std::expected<void, SendError>& sent) {
  const UtcTime now = clock_();
  StoredMail update = mail;
  update.updated_at = now;
  Outcome outcome = Outcome::kSent;
  if (!sent && sent.error().stopped) {
    // Not known to be sent, not tried to the end: due again at once, for the
    // next start, without counting an attempt.
    update.next_attempt_at = now;
    outcome = Outcome::kReleased;
    spdlog::info("mail {} to {}: stopping, left queued", mail.id, mail.recipient);
  } else if (sent) {
    update.attempts = mail.attempts + 1;
    update.state = MailState::kSent;
    update.next_attempt_at.reset();
    spdlog::info("mail {} ({}) sent to {}", mail.id, mail.kind, mail.recipient);
  } else if (update.attempts = mail.attempts + 1;
             sent.error().temporary && update.attempts < options_.max_attempts) {
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
  auto stored = store_.Transact([&](StoreSession& session) { session.UpdateMail(update); });
  if (!stored) {
    // The lease runs out and the mail is tried again: sent twice rather than lost.
    spdlog::error("mail {}: cannot record the outcome: {}", mail.id, stored.error().message);
  }
  return outcome;
}

void MailWorker::LogHeld(const StoredMail& mail) {
  if (!logged_held_.insert(mail.id).second) return;
  spdlog::info("mail delivery is off: mail {} ({}) to {} stays queued", mail.id, mail.kind,
               mail.recipient);
  if (options_.debug) spdlog::info("mail {}:\n{}", mail.id, mail.message.value("mime", ""));
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
