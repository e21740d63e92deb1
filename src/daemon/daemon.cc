#include "daemon/daemon.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace schedulight {
namespace {

// What the worker threads report back to the daemon's thread.
struct Progress {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<bool> finished;
  bool failed = false;  // a worker ended before stop was requested, or threw
};

void RunWorker(Worker& worker, std::stop_token stop, Progress& progress, std::size_t index) {
  bool ok = true;
  try {
    worker.Run(stop);
  } catch (const std::exception& e) {
    spdlog::error("{}: stopped by an error: {}", worker.Name(), e.what());
    ok = false;
  } catch (...) {
    spdlog::error("{}: stopped by an unknown error", worker.Name());
    ok = false;
  }
  if (ok && !stop.stop_requested()) spdlog::error("{}: ended on its own", worker.Name());
  {
    std::lock_guard lock(progress.mutex);
    progress.finished[index] = true;
    if (!ok || !stop.stop_requested()) progress.failed = true;
  }
  progress.changed.notify_all();
}

// Waits for SIGTERM/SIGINT (blocked in every thread) up to timeout; returns the signal or 0.
int TakeSignal(const sigset_t& signals, std::chrono::milliseconds timeout) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec wait{static_cast<time_t>(seconds.count()),
                      static_cast<long>((timeout - seconds).count() * 1000000)};
  const int signal = ::sigtimedwait(&signals, nullptr, &wait);
  return signal > 0 ? signal : 0;
}

const char* SignalName(int signal) { return signal == SIGINT ? "SIGINT" : "SIGTERM"; }

bool AllFinished(const Progress& progress) {
  for (bool finished : progress.finished) {
    if (!finished) return false;
  }
  return true;
}

// After a second signal or the deadline: say who is still busy and end now.
[[noreturn]] void Abandon(const std::vector<std::unique_ptr<Worker>>& workers, Progress& progress,
                          const char* why) {
  std::string busy;
  {
    std::lock_guard lock(progress.mutex);
    for (std::size_t i = 0; i < workers.size(); ++i) {
      if (!progress.finished[i]) busy += (busy.empty() ? "" : ", ") + workers[i]->Name();
    }
  }
  spdlog::error("{}: exiting without waiting for {}; their claimed work is released by its lease",
                why, busy);
  spdlog::default_logger()->flush();
  std::_Exit(1);
}

sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void BlockStopSignals() {
  const sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int RunDaemon(std::vector<std::unique_ptr<Worker>> workers, const DaemonOptions& options) {
  const sigset_t signals = StopSignals();
  BlockStopSignals();  // inherited by the threads below

  Progress progress;
  progress.finished.assign(workers.size(), false);
  std::vector<std::jthread> threads;
  std::string names;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    names += (names.empty() ? "" : ", ") + workers[i]->Name();
    threads.emplace_back([&workers, &progress, i](std::stop_token stop) {
      RunWorker(*workers[i], stop, progress, i);
    });
  }
  spdlog::info("running {}; SIGTERM or SIGINT stops", names);

  int exit_code = 0;
  for (;;) {
    if (int signal = TakeSignal(signals, std::chrono::milliseconds(200))) {
      spdlog::info("{} received: stopping {}", SignalName(signal), names);
      break;
    }
    std::lock_guard lock(progress.mutex);
    if (progress.failed) {
      spdlog::error("a part of the daemon failed: stopping the others");
      exit_code = 1;
      break;
    }
  }

  for (auto& thread : threads) thread.request_stop();
  const auto deadline = std::chrono::steady_clock::now() + options.shutdown_deadline;
  for (;;) {
    {
      std::unique_lock lock(progress.mutex);
      progress.changed.wait_for(lock, std::chrono::milliseconds(100),
                                [&] { return AllFinished(progress); });
      if (AllFinished(progress)) break;
    }
    if (TakeSignal(signals, std::chrono::milliseconds(0)))
      Abandon(workers, progress, "second signal");
    if (std::chrono::steady_clock::now() >= deadline) {
      Abandon(workers, progress, "shutdown deadline passed");
    }
  }
  threads.clear();  // joins; every worker has returned
  if (progress.failed) exit_code = 1;
  spdlog::info("stopped{}", exit_code == 0 ? "" : " after a failure");
  return exit_code;
}

}  // namespace schedulight
