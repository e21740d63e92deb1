#pragma once
// What the engine reports while it works, for whoever exports metrics (the
// daemon's Metrics implements it; GET /api/v1/metrics renders it). The
// engine depends on this interface only, not on the daemon.
//
// Implementations are called from every lane thread at once: thread-safe.

#include <string>

namespace schedulight {

class EngineMetrics {
 public:
  virtual ~EngineMetrics() = default;
  // call: the BBB API call (create, end, getMeetingInfo, ...); outcome: "ok"
  // or the error kind; seconds: how long the call took.
  virtual void ObserveBbbCall(const std::string& call, const std::string& outcome,
                              double seconds) = 0;
  // A worker pass that failed (store unreachable, ...); worker as --only names it.
  virtual void CountWorkerError(const std::string& worker) = 0;
};

}  // namespace schedulight
