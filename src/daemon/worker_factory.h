#pragma once
// Builds the daemon's workers (worker.h) from what they share. `schedulight
// run` calls one factory per part selected with --only (the API worker comes
// from src/api, which app must not depend on). A factory fails with a
// message, before any thread starts, when its part cannot run.

#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "config/app_config.h"
#include "core/worker.h"
#include "daemon/metrics.h"
#include "store/claim.h"
#include "store/store.h"

namespace schedulight {

// What every worker may use; everything here outlives the workers.
struct WorkerEnvironment {
  Store& store;
  const AppConfig& config;
  WorkerId worker_id;  // who holds this daemon's claims (store/claim.h)
  Metrics& metrics;
  // The daemon holds the store's part locks (store_lock.h): no other daemon
  // runs its parts on this store, so claims left by a killed predecessor
  // may be taken over at start.
  bool holds_part_locks = false;
};

// Switches of `schedulight run` that concern the mail worker; they add to the
// app config (mail.enabled false or --no-mail holds mails; either debug logs them).
struct MailSwitches {
  bool no_mail = false;
  bool debug_mail = false;
};

// "meetings": the meeting scheduler (SPEC 4.2/4.3, meeting_scheduler.h).
std::expected<std::unique_ptr<Worker>, std::string> MakeMeetingWorker(
    const WorkerEnvironment& environment);

// "commands": runs queued commands (command_worker.h).
std::expected<std::unique_ptr<Worker>, std::string> MakeCommandWorker(
    const WorkerEnvironment& environment);

// "mail": delivers the mail queue (mail_delivery_worker.h).
std::expected<std::unique_ptr<Worker>, std::string> MakeMailWorker(
    const WorkerEnvironment& environment, MailSwitches switches);

// "watch": applies data_file at start and whenever it changes (watch_worker.h).
std::expected<std::unique_ptr<Worker>, std::string> MakeWatchWorker(
    const WorkerEnvironment& environment, const std::string& data_file);

}  // namespace schedulight
