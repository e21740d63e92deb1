#pragma once
// The "commands" part of the daemon: runs queued commands (POST /commands,
// `apply`) with CommandRunner::RunQueued under the environment's worker id,
// then sleeps until a change is signalled, the next command is due (a dead
// process's claim ends) or the idle cap passes (commands queued by another
// process, such as a CLI `apply`, cannot signal). A shutdown stops the
// command in hand between two elements and queues it again with the results
// so far; the next start runs only the elements without a result. The mail
// templates for share notifications are loaded once, when the worker is
// made (a malformed template stops start-up).

#include <chrono>

#include "admin/command_runner.h"
#include "daemon/worker_factory.h"
#include "mail/template_set.h"

namespace schedulight {

class CommandWorker : public Worker {
 public:
  CommandWorker(const WorkerEnvironment& environment, TemplateSet templates,
                std::chrono::milliseconds idle_cap = std::chrono::seconds(10));

  std::string Name() const override { return "commands"; }
  void Run(std::stop_token stop) override;

 private:
  std::chrono::milliseconds IdleWait();

  WorkerEnvironment environment_;
  TemplateSet templates_;  // before runner_, which refers to it
  CommandRunner runner_;
  std::chrono::milliseconds idle_cap_;
};

}  // namespace schedulight
