// schedulight run [--only api,meetings,commands,mail] [--no-mail] [--debug-mail]
//                 [--watch FILE.yml] [--listen HOST:PORT]
// The daemon (SPEC 4.6): locks its store against a second daemon
// (store/store_lock.h), builds the selected workers, then runs them until
// SIGTERM/SIGINT (daemon/daemon.h). Its first log line names the config file and the store.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iterator>
#include <set>

#include "api/api_worker.h"
#include "cli/cli_context.h"
#include "config/store_location.h"
#include "daemon/claim_keeper.h"
#include "daemon/daemon.h"
#include "daemon/worker_factory.h"
#include "store/store_lock.h"

namespace schedulight {
namespace {

const std::vector<std::string> kParts = {"api", "meetings", "commands", "mail"};

struct RunArguments {
  std::vector<std::string> only;
  bool no_mail = false;
  bool debug_mail = false;
  std::string watch;
  std::string listen;
};

// The worker for one part, or the reason it cannot run.
std::expected<std::unique_ptr<Worker>, std::string> MakePart(const std::string& part,
                                                             const WorkerEnvironment& environment,
                                                             const ApiContext& api,
                                                             const RunArguments& args) {
  if (part == "api") {
    return MakeApiWorker(
        api, args.listen.empty() ? std::nullopt : std::optional<std::string>(args.listen));
  }
  if (part == "meetings") return MakeMeetingWorker(environment);
  if (part == "commands") return MakeCommandWorker(environment);
  return MakeMailWorker(environment, {.no_mail = args.no_mail, .debug_mail = args.debug_mail});
}

int Run(CliContext& context, const RunArguments& args) {
  BlockStopSignals();  // before anything can start a thread
  const AppConfig& config = context.Config();
  // The first line of every daemon log: which config and which store.
  spdlog::info("schedulight {} starting: config {}, store {}", SCHEDULIGHT_VERSION, config.source,
               StoreUrlForOutput(config.store));
  std::set<std::string> selected(args.only.begin(), args.only.end());
  if (selected.empty()) selected.insert(kParts.begin(), kParts.end());
  // One daemon per part and store (store_lock.h), held until Run returns.
  std::vector<std::string> parts;
  std::ranges::copy_if(kParts, std::back_inserter(parts),
                       [&](const std::string& part) { return selected.contains(part); });
  auto store_locks = StoreLock::AcquireParts(config.store, parts);
  if (!store_locks) {
    fmt::print(stderr, "error: {}\n", store_locks.error());
    return kExitFailed;
  }
  Store& store = context.OpenedStore();
  Metrics metrics;
  const WorkerEnvironment environment{store, config, NewWorkerId(), metrics,
                                      SqliteStorePath(config.store).has_value()};
  const ApiContext api{store, config, metrics, SystemClock()};
  spdlog::info("worker id {}", environment.worker_id.value);

  std::vector<std::unique_ptr<Worker>> workers;
  for (const auto& part : kParts) {  // in a fixed order, whatever order --only has
    if (!selected.contains(part)) continue;
    auto worker = MakePart(part, environment, api, args);
    if (!worker) {
      fmt::print(stderr, "error: {}\n", worker.error());
      return kExitFailed;
    }
    workers.push_back(std::move(*worker));
  }
  // Parts that claim work keep their claims alive while they hold them.
  if (selected.contains("meetings") || selected.contains("commands") || selected.contains("mail")) {
    workers.push_back(MakeClaimKeeper(environment));
  }
  if (!args.watch.empty()) {
    auto watch = MakeWatchWorker(environment, args.watch);
    if (!watch) {
      fmt::print(stderr, "error: {}\n", watch.error());
      return kExitUsage;
    }
    workers.push_back(std::move(*watch));
  }
  return RunDaemon(std::move(workers));
}

}  // namespace

void AddRunCommand(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* run = app.add_subcommand(
      "run", "Run the daemon: REST API, meeting scheduler, command worker and mail worker");
  run->add_option(
         "--only", args->only,
         "Run only these parts (comma-separated): " + fmt::format("{}", fmt::join(kParts, ",")))
      ->delimiter(',')
      ->check(CLI::IsMember(kParts));
  run->add_flag("--no-mail", args->no_mail, "Send no mail: mails stay queued and are logged");
  run->add_flag("--debug-mail", args->debug_mail, "Log every mail whole");
  run->add_option("--watch", args->watch, "Apply this data file at start and whenever it changes")
      ->check(CLI::ExistingFile);
  run->add_option("--listen", args->listen, "API address HOST:PORT (overrides api.listen)");
  run->callback(
      [&context, args] { context.run = [&context, args] { return Run(context, *args); }; });
}

}  // namespace schedulight
