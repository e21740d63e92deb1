// schedulight import-csv FILE.csv [--write FILE.yml] [--skip-bad] [--dry-run] [--json]

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "admin/csv_import.h"
#include "cli/cli_context.h"
#include "cli/output.h"

namespace schedulight {
namespace {

struct ImportCsvArguments {
  std::string file;
  std::string write_file;
  CsvImportOptions options;
  bool json = false;
};

void PrintSummary(const ImportCsvArguments& args, const CsvImportSummary& summary) {
  if (args.options.dry_run) fmt::print("Dry run: nothing was written.\n");
  const DocumentChanges& changes = summary.meetings;
  fmt::print("meetings: {} added, {} updated, {} unchanged{}\n", changes.added.size(),
             changes.updated.size(), changes.unchanged.size(),
             args.options.write_file ? " in " + *args.options.write_file : "");
  for (const auto& id : changes.added) fmt::print("  + {}\n", id);
  for (const auto& id : changes.updated) fmt::print("  ~ {}\n", id);
  if (!summary.skipped_lines.empty()) {
    fmt::print("{} bad line(s) skipped.\n", summary.skipped_lines.size());
  }
  if (args.options.write_file && !args.options.dry_run) {
    fmt::print("Nothing was stored; run `schedulight apply {}` to store it.\n",
               *args.options.write_file);
  }
}

nlohmann::json SummaryJson(const ImportCsvArguments& args, const CsvImportSummary& summary) {
  nlohmann::json json = {{"dryRun", args.options.dry_run},
                         {"meetings",
                          {{"added", summary.meetings.added},
                           {"updated", summary.meetings.updated},
                           {"unchanged", summary.meetings.unchanged}}},
                         {"skippedLines", summary.skipped_lines},
                         {"skipped", summary.skipped}};
  if (args.options.write_file) json["writtenTo"] = *args.options.write_file;
  return json;
}

int RunImportCsv(CliContext& context, ImportCsvArguments args) {
  if (!args.write_file.empty()) args.options.write_file = args.write_file;
  const AppConfig& config = context.Config();
  Store& store = context.OpenedStore();
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto result = ImportCsvFile(args.file, args.options, config, store, now);
  if (!result) {
    for (const auto& message : result.error().messages) fmt::print(stderr, "error: {}\n", message);
    if (result.error().exit_code == kExitUsage) {
      fmt::print(stderr, "{} problem(s) found; nothing was imported{}.\n",
                 result.error().messages.size(),
                 args.options.skip_bad ? "" : " (--skip-bad imports the good lines)");
    }
    return result.error().exit_code;
  }
  for (const auto& message : result->skipped) fmt::print(stderr, "skipped: {}\n", message);
  if (args.json) {
    PrintJson(SummaryJson(args, *result));
  } else {
    PrintSummary(args, *result);
  }
  return kExitOk;
}

}  // namespace

void AddImportCsvCommand(CLI::App& app, CliContext& context) {
  auto args = std::make_shared<ImportCsvArguments>();
  CLI::App* command = app.add_subcommand(
      "import-csv",
      "Import meetings from the original's CSV "
      "(givenname;surname;email;password;startdate;room_url;live_url;title;server) into the "
      "store, or with --write into a data file. A file with a bad line imports nothing unless "
      "--skip-bad is given; re-importing the same file changes nothing.");
  command->add_option("FILE", args->file, "CSV file, one meeting a line")->required();
  command->add_option("--write", args->write_file,
                      "Merge the meetings into this data file (created if missing) instead of "
                      "storing them; its comments are kept");
  command->add_flag("--skip-bad", args->options.skip_bad,
                    "Import the good lines of a file with bad ones and list the bad ones");
  command->add_flag("--dry-run", args->options.dry_run, "Show what would change, write nothing");
  command->add_flag("--json", args->json, "Print the summary as JSON");
  command->callback([&context, args] {
    context.run = [&context, args] { return RunImportCsv(context, *args); };
  });
}

}  // namespace schedulight
