// schedulight apply FILE.yml [--prune] [--dry-run] [--retry-failed] [--json]
// Prints what changed; with --json the summary, or the errors, as JSON on
// stdout. Failed commands the file still names are pointed out (`command
// list`), and queued again with --retry-failed.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>

#include "admin/apply.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "config/text_file.h"

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

// The errors of a failed apply: lines on stderr, or JSON on stdout with --json.
int PrintFailure(const ApplyArguments& args, const ApplyFailure& failure) {
  const bool invalid = failure.exit_code == kExitUsage;
  if (args.json) {
    PrintJson({{"stored", false}, {"exitCode", failure.exit_code}, {"errors", failure.messages}});
    return failure.exit_code;
  }
  for (const auto& message : failure.messages) fmt::print(stderr, "error: {}\n", message);
  if (invalid)
    fmt::print(stderr, "{} problem(s) found; nothing was stored.\n", failure.messages.size());
  return failure.exit_code;
}

std::string CommandsLine(const ApplySummary& summary) {
  std::string line = fmt::format("commands: {} queued", summary.commands_queued.size());
  if (!summary.commands_retried.empty()) {
    line += fmt::format(", {} retried", summary.commands_retried.size());
  }
  line += fmt::format(", {} unchanged", summary.commands_unchanged.size());
  if (!summary.commands_failed.empty()) {
    line += fmt::format(
        " ({} failed: see `schedulight command list`; queue them again with `schedulight apply "
        "--retry-failed` or `schedulight command retry ID`)",
        summary.commands_failed.size());
  }
  return line;
}

int RunApply(CliContext& context, const ApplyArguments& args) {
  const AppConfig& config = context.Config();
  auto text = ReadInputFile(args.file);  // before the store is opened (and maybe created)
  if (!text) {
    return PrintFailure(args,
                        {kExitUsage, {args.file + ": cannot read the file: " + text.error()}});
  }
  Store& store = context.OpenedStore();
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto result = ApplyDataText(*text, args.file, args.options, config, store, now);
  if (!result) return PrintFailure(args, result.error());
  const ApplySummary& summary = *result;
  for (const auto& warning : summary.warnings)
    fmt::print(stderr, "warning: {}: {}\n", args.file, warning);
  if (args.json) {
    PrintJson({{"dryRun", args.options.dry_run},
               {"servers", ChangesJson(summary.servers)},
               {"meetings", ChangesJson(summary.meetings)},
               {"commands",
                {{"queued", summary.commands_queued},
                 {"unchanged", summary.commands_unchanged},
                 {"failed", summary.commands_failed},
                 {"retried", summary.commands_retried}}}});
    return kExitOk;
  }
  if (args.options.dry_run) fmt::print("Dry run: nothing was written.\n");
  PrintChanges("servers", summary.servers);
  PrintChanges("meetings", summary.meetings);
  fmt::print("{}\n", CommandsLine(summary));
  for (const auto& id : summary.commands_queued) fmt::print("  > {}\n", id);
  for (const auto& id : summary.commands_retried) fmt::print("  > {} (retry)\n", id);
  for (const auto& id : summary.commands_failed) fmt::print("  ! {} (failed)\n", id);
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
  apply->add_flag("--retry-failed", args->options.retry_failed,
                  "Queue the file's failed commands again (those whose document is unchanged)");
  apply->add_flag("--json", args->json, "Print the summary, or the errors, as JSON on stdout");
  apply->callback(
      [&context, args] { context.run = [&context, args] { return RunApply(context, *args); }; });
}

}  // namespace schedulight
