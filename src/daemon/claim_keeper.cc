#include "daemon/claim_keeper.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace schedulight {

ClaimKeeper::ClaimKeeper(Store& store, WorkerId worker, Clock clock, std::chrono::seconds lease,
                         std::chrono::seconds every)
    : store_(store),
      worker_(std::move(worker)),
      clock_(std::move(clock)),
      lease_(lease),
      every_(every) {}

std::expected<int, StoreError> ClaimKeeper::RenewNow() {
  int renewed = 0;
  auto done = store_.Transact(
      [&](StoreSession& session) { renewed = session.RenewClaims(worker_, clock_() + lease_); });
  if (!done) return std::unexpected(done.error());
  return renewed;
}

void ClaimKeeper::Run(std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any woken;
  std::unique_lock lock(mutex);
  while (!woken.wait_for(lock, stop, every_, [] { return false; }) && !stop.stop_requested()) {
    if (auto renewed = RenewNow(); !renewed) {
      spdlog::error("claims: cannot renew this daemon's claims: {}", renewed.error().message);
    }
  }
}

std::unique_ptr<Worker> MakeClaimKeeper(const WorkerEnvironment& environment) {
  return std::make_unique<ClaimKeeper>(environment.store, environment.worker_id, SystemClock());
}

}  // namespace schedulight
