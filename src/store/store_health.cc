#include "store/store_health.h"

namespace schedulight {

void StoreHealthTracker::Failed(std::string problem) {
  std::lock_guard lock(mutex_);
  health_.healthy = false;
  health_.problem = std::move(problem);
  ++health_.write_errors;
}

void StoreHealthTracker::Wrote() {
  std::lock_guard lock(mutex_);
  health_.healthy = true;
  health_.problem.clear();
}

StoreHealth StoreHealthTracker::Snapshot() const {
  std::lock_guard lock(mutex_);
  return health_;
}

}  // namespace schedulight
