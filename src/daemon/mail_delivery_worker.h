#pragma once
// The "mail" part of the daemon: a Worker around MailWorker (mail/mail_worker.h),
// which does the delivering, claiming mails under the process's worker id
// (WorkerEnvironment::worker_id). Each round runs one pass (everything due
// now, and what falls due while it runs), then sleeps until the next queued
// mail can be taken (its backoff, or the claim of a worker that died, ends),
// a change is signalled (a mail queued or retried through the API) or the
// idle cap passes (mails queued by another process cannot signal). A
// shutdown cuts the pass in progress short within about a second, also while
// a relay hangs; mails it had claimed but not sent are released, due at once
// (mail_worker.h): none is lost.

#include <chrono>
#include <memory>

#include "daemon/worker_factory.h"
#include "mail/mail_worker.h"

namespace schedulight {

class MailDeliveryWorker : public Worker {
 public:
  // delivering: false when mails are held (they stay due, so the worker
  // then sleeps the idle cap instead of waking for them).
  MailDeliveryWorker(const WorkerEnvironment& environment, std::unique_ptr<MailWorker> mail,
                     bool delivering,
                     std::chrono::milliseconds idle_cap = std::chrono::seconds(30));

  std::string Name() const override { return "mail"; }
  void Run(std::stop_token stop) override;

 private:
  // How long to sleep after a pass: until the next due mail, at most idle_cap_.
  std::chrono::steady_clock::time_point WakeTime();

  WorkerEnvironment environment_;
  std::unique_ptr<MailWorker> mail_;
  bool delivering_;
  std::chrono::milliseconds idle_cap_;
};

// The MailWorker options `schedulight run` uses: the app config's mail
// section, with --no-mail / --debug-mail on top.
MailWorkerOptions DaemonMailOptions(const MailConfig& config, MailSwitches switches);

}  // namespace schedulight
