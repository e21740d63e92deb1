#include "daemon/mail_delivery_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/store_backoff.h"

namespace schedulight {
namespace {

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

MailWorkerOptions DaemonMailOptions(const MailConfig& config, MailSwitches switches) {
  MailWorkerOptions options;
  options.deliver = config.enabled && !switches.no_mail;
  options.debug = config.debug || switches.debug_mail;
  options.max_attempts = config.max_attempts;
  options.max_parallel_relays = config.parallel_relays;
  return options;
}

MailDeliveryWorker::MailDeliveryWorker(const WorkerEnvironment& environment,
                                       std::unique_ptr<MailWorker> mail, bool delivering,
                                       std::chrono::milliseconds idle_cap)
    : environment_(environment),
      mail_(std::move(mail)),
      delivering_(delivering),
      idle_cap_(idle_cap) {}

std::chrono::steady_clock::time_point MailDeliveryWorker::WakeTime() {
  const auto now = std::chrono::steady_clock::now();
  const auto latest = now + idle_cap_;
  if (!delivering_) return latest;
  auto next = mail_->NextDue();
  if (!next) {
    spdlog::error("mail: {}", next.error().message);
    environment_.metrics.CountWorkerError(Name());
    return latest;
  }
  if (!*next) return latest;
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(**next - Now());
  // Second resolution: a mail due "now" may still be a second ahead of the pass.
  return std::min(latest, now + std::max(wait, std::chrono::milliseconds(1000)));
}

void MailDeliveryWorker::Run(std::stop_token stop) {
  std::uint64_t seen = environment_.store.Changes().Generation(ChangeTopic::kMails);
  StoreBackoff backoff;  // a failing store (full disk) is tried less and less often
  while (!stop.stop_requested()) {
    auto pass = mail_->RunPass(stop);
    auto wake = WakeTime();
    if (!pass) {
      spdlog::error("mail: {}", pass.error().message);
      environment_.metrics.CountWorkerError(Name());
      wake = std::max(wake, std::chrono::steady_clock::now() + backoff.Failed());
    } else {
      backoff.Succeeded();
      if (pass->sent + pass->retrying + pass->failed > 0) {
        spdlog::info("mail: {} sent, {} to be retried, {} failed", pass->sent, pass->retrying,
                     pass->failed);
      }
    }
    seen = environment_.store.Changes().WaitUntil(ChangeTopic::kMails, wake, seen, stop);
  }
}

std::expected<std::unique_ptr<Worker>, std::string> MakeMailWorker(
    const WorkerEnvironment& environment, MailSwitches switches) {
  const MailWorkerOptions options = DaemonMailOptions(environment.config.mail, switches);
  if (!options.deliver) spdlog::warn("mail: delivery is off; mails stay queued and are logged");
  auto mail = std::make_unique<MailWorker>(
      environment.store, environment.worker_id,
      StoreSmtpSettings(environment.store, environment.config.mail.ca_file, ResolveSecret),
      SmtpTransports(), options, Now);
  return std::make_unique<MailDeliveryWorker>(environment, std::move(mail), options.deliver);
}

}  // namespace schedulight
