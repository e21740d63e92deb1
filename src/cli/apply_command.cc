// schedulight apply FILE.yml [--prune] [--dry-run] [--json]

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>

#include "admin/apply.h"
#include "cli/cli_context.h"
#include "cli/output.h"

namespace schedulight {
namespace {

struct ApplyArguments {
  std::string file;
  ApplyOptions options;
  bool json = false;
};

nlohmann::json ChangesJson(const DocumentChanges& changes) {
  return {{"added", changes.added},
          {"updated", changes.updated},
          {"unchanged", changes.unchanged},
          {"pruned", changes.pruned}};
}

void PrintChanges(const char* what, const DocumentChanges& changes) {
  fmt::print("{}: {} added, {} updated, {} unchanged, {} pruned\n", what, changes.added.size(),
             changes.updated.size(), changes.unchanged.size(), changes.pruned.size());
  for (const auto& id : changes.added) fmt::print("  + {}\n", id);
  for (const auto& id : changes.updated) fmt::print("  ~ {}\n", id);
  for (const auto& id : changes.pruned) fmt::print("  - {}\n", id);
}

int RunApply(CliContext& context, const ApplyArguments& args) {
  const AppConfig& config = context.Config();
  Store& store = context.OpenedStore();
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto result = ApplyDataFile(args.file, args.options, config, store, now);
  if (!result) {
    for (const auto& message : result.error().messages) fmt::print(stderr, "error: {}\n", message);
    if (result.error().exit_code == kExitUsage) {
      fmt::print(stderr, "{} problem(s) found; nothing was stored.\n",
                 result.error().messages.size());
    }
    return result.error().exit_code;
  }
  const ApplySummary& summary = *result;
  for (const auto& warning : summary.warnings)
    fmt::print(stderr, "warning: {}: {}\n", args.file, warning);
  if (args.json) {
    PrintJson({{"dryRun", args.options.dry_run},
               {"servers", ChangesJson(summary.servers)},
               {"meetings", ChangesJson(summary.meetings)},
               {"commands",
                {{"queued", summary.commands_queued}, {"unchanged", summary.commands_unchanged}}}});
    return kExitOk;
  }
  if (args.options.dry_run) fmt::print("Dry run: nothing was written.\n");
  PrintChanges("servers", summary.servers);
  PrintChanges("meetings", summary.meetings);
  fmt::print("commands: {} queued, {} unchanged\n", summary.commands_queued.size(),
             summary.commands_unchanged.size());
  for (const auto& id : summary.commands_queued) fmt::print("  > {}\n", id);
  return kExitOk;
}

}  // namespace

void AddApplyCommand(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<ApplyArguments>();
  CLI::App* apply = app.add_subcommand(
      "apply",
      "Validate a data file (servers, meetings, commands) and store it. Nothing is stored when "
      "anything is invalid; re-applying an unchanged file changes nothing.");
  apply->add_option("FILE", args->file, "Data file in the original config.yml format")->required();
  apply->add_flag("--prune", args->options.prune,
                  "Delete stored servers and meetings that the file no longer has");
  apply->add_flag("--dry-run", args->options.dry_run, "Show what would change, write nothing");
  apply->add_flag("--json", args->json, "Print the summary as JSON");
  apply->callback(
      [&context, args] { context.run = [&context, args] { return RunApply(context, *args); }; });
}

}  // namespace schedulight
