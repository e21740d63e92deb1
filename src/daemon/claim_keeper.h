#pragma once
// Keeps this daemon's claims alive (store/claim.h): every kClaimRenewEvery it
// extends every claim the daemon's worker id holds -- meetings in a lane,
// the command running, mails being sent -- to a lease from now. So a claim
// lasts as long as the daemon works on it, however long one BBB call or SMTP
// send takes, and ends one lease after the daemon dies.
//
// The daemon runs it as an internal part ("claims") whenever it runs a part
// that claims work (meetings, commands, mail).

#include <chrono>
#include <expected>
#include <memory>
#include <string>

#include "core/worker.h"
#include "daemon/worker_factory.h"

namespace schedulight {

class ClaimKeeper final : public Worker {
 public:
  ClaimKeeper(Store& store, WorkerId worker, Clock clock, std::chrono::seconds lease = kClaimLease,
              std::chrono::seconds every = kClaimRenewEvery);

  std::string Name() const override { return "claims"; }
  void Run(std::stop_token stop) override;

  // One renewal now; returns how many claims it extended.
  std::expected<int, StoreError> RenewNow();

 private:
  Store& store_;
  WorkerId worker_;
  Clock clock_;
  std::chrono::seconds lease_;
  std::chrono::seconds every_;
};

std::unique_ptr<Worker> MakeClaimKeeper(const WorkerEnvironment& environment);

}  // namespace schedulight
