#pragma once
// A long-running part of the daemon: the API server, the meeting scheduler,
// the command worker, the mail worker. `schedulight run` starts the workers
// selected with --only, each on its own thread, and stops them all on
// SIGTERM/SIGINT by requesting stop on their tokens.

#include <stop_token>
#include <string>

namespace schedulight {

class Worker {
 public:
  virtual ~Worker() = default;

  // "api", "meetings", "commands" or "mail", as --only names them.
  virtual std::string Name() const = 0;

  // Does the work until stop is requested, then returns within a few seconds,
  // leaving nothing half-done in the store (a step either recorded its status
  // or will be planned again).
  virtual void Run(std::stop_token stop) = 0;
};

}  // namespace schedulight
