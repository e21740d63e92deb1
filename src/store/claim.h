#pragma once
// Claims: one owner at a time for every piece of work (a meeting's pass, a
// command, a mail). A worker takes work with Claim...(now, worker, lease,
// limit): the store marks each row taken (claimed_by = worker id,
// claim_until = now + lease) in the same transaction that selected it, and
// skips rows whose claim has not ended. Every write that finishes the work is
// conditional on still holding the claim; finishing ends the claim. A worker
// that dies or stops without finishing leaves its claims to end with the
// lease, so nothing stays taken for ever. Leases are short and renewed while
// the work runs (RenewClaims), so a dead worker's work is picked up within
// one lease.
//
// The contract is written so that PostgreSQL can implement it with
// SELECT ... FOR UPDATE SKIP LOCKED: no rowid tricks, no MAX(x)+1.

#include <chrono>
#include <string>

namespace schedulight {

// Who holds a claim: "host/pid/random" for a daemon, "cli/pid/random" for a
// CLI command that does work itself. Unique per process start.
struct WorkerId {
  std::string value;
};

// A new id for this process ("HOST/PID/6 hex").
WorkerId NewWorkerId(const std::string& role = "");

// How long a claim lasts without renewal, and how often holders renew it.
inline constexpr std::chrono::seconds kClaimLease{30};
inline constexpr std::chrono::seconds kClaimRenewEvery{10};

}  // namespace schedulight
