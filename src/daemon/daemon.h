#pragma once
// `schedulight run`: runs the selected workers (worker.h), each on its own
// std::jthread, until SIGTERM or SIGINT, then stops them all and waits for
// them within a deadline.
//
// Signals are handled without async-signal handlers: SIGTERM and SIGINT are
// blocked in every thread (the mask is set before the workers start and is
// inherited) and the calling thread takes them with sigtimedwait. On the
// first signal every worker's stop token is requested; each finishes or
// hands back its in-flight work (worker.h) and returns. A second signal, or
// the deadline passing, ends the process at once with exit code 1 (after
// logging which workers did not finish): work they had claimed is released
// by its lease, so nothing is lost, at worst done twice.
//
// A worker that returns, or throws, before stop was requested is a failure:
// the others are stopped and RunDaemon returns 1.

#include <chrono>
#include <memory>
#include <vector>

#include "core/worker.h"

namespace schedulight {

struct DaemonOptions {
  // How long the workers get to finish after the stop request. Below
  // systemd's default TimeoutStopSec and the 10 s SPEC 4.6 allows.
  std::chrono::milliseconds shutdown_deadline{std::chrono::seconds(8)};
};

// Blocks SIGTERM and SIGINT in the calling thread and so in every thread it
// starts afterwards. `run` calls it before building the workers, since a
// factory may start threads (a pool, a client library) and a thread that does
// not block them would let the default action kill the process. RunDaemon
// calls it too.
void BlockStopSignals();

// Runs workers until a signal or a worker failure. Returns the exit code: 0
// after a signal with every worker finished in time, 1 otherwise.
int RunDaemon(std::vector<std::unique_ptr<Worker>> workers, const DaemonOptions& options = {});

}  // namespace schedulight
