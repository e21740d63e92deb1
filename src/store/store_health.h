#pragma once
// Whether the store can be written, as the store's own transactions found it:
// for healthz, the metrics and the workers' backoff. A transaction that fails
// for a reason of the database itself (disk full, an I/O error, a read-only
// file, locked by another process for too long) makes the store unhealthy;
// the next transaction that commits a change makes it healthy again. A read
// alone proves nothing: with a full disk, reads still work.
//
// Thread-safe: the store records into it from whichever thread runs a
// transaction, healthz and the metrics read it from API threads.

#include <cstdint>
#include <mutex>
#include <string>

namespace schedulight {

struct StoreHealth {
  bool healthy = true;
  std::string problem;  // why it is unhealthy, in plain words ("database or disk is full")
  std::uint64_t write_errors = 0;  // transactions that failed that way since the store was opened
};

class StoreHealthTracker {
 public:
  void Failed(std::string problem);
  void Wrote();  // a transaction that changed something committed
  StoreHealth Snapshot() const;

 private:
  mutable std::mutex mutex_;  // guards health_
  StoreHealth health_;
};

}  // namespace schedulight
