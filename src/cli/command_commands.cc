// schedulight command run FILE.yml|- [--json]; the other `command` subcommands are in
// command_queue_commands.cc.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <expected>

#include "admin/command_runner.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "config/text_file.h"

namespace schedulight {
namespace {

struct CommandRunArguments {
  std::string file;
  bool json = false;
};

std::expected<std::string, std::string> ReadInput(const std::string& file) {
  return file == "-" ? ReadStandardInput() : ReadInputFile(file);
}

void PrintResults(const std::vector<StoredCommand>& commands) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& command : commands) {
    for (const auto& result : command.results) {
      rows.push_back({command.id, command.document.value("command", ""), result.element,
                      result.ok ? "ok" : "FAILED", result.message});
    }
  }
  PrintTable({"COMMAND", "TYPE", "ELEMENT", "RESULT", "MESSAGE"}, rows);
}

int RunCommands(CliContext& context, const CommandRunArguments& args) {
  const std::string source = args.file == "-" ? "<stdin>" : args.file;
  auto text = ReadInput(args.file);
  if (!text) {
    fmt::print(stderr, "error: {}: cannot read the file: {}\n", source, text.error());
    return kExitUsage;
  }
  const AppConfig& config = context.Config();
  Store& store = context.ExistingStore();
  std::vector<std::string> warnings;
  auto commands = ReadCommands(*text, source, config, store, warnings);
  for (const auto& warning : warnings) fmt::print(stderr, "warning: {}\n", warning);
  if (!commands) {
    for (const auto& message : commands.error()) fmt::print(stderr, "error: {}\n", message);
    return kExitUsage;
  }
  auto templates = TemplateSet::Load(config.templates);
  if (!templates) {
    fmt::print(stderr, "error: mail templates: {}\n", templates.error());
    return kExitFailed;
  }
  // Each element's result is printed once, in the table below; the log's
  // line per element (what the daemon writes) is left to --log-level info.
  if (context.log_level.empty() && spdlog::default_logger()->level() < spdlog::level::warn) {
    spdlog::set_level(spdlog::level::warn);
  }
  CommandRunner runner(store, config, *templates);
  // Claims the commands it runs, so a daemon never runs one at the same time.
  const WorkerId worker = NewWorkerId("cli");
  std::vector<StoredCommand> ran;
  bool all_ok = true;
  for (const auto& command : *commands) {
    auto stored = runner.Run(command, worker);
    if (!stored) {
      const StoreError& error = stored.error();
      fmt::print(stderr, "error: {}{}\n",
                 error.kind == StoreErrorKind::kConflict ? "" : "store: ", error.message);
      return kExitFailed;
    }
    all_ok = all_ok && stored->state == CommandState::kDone;
    ran.push_back(std::move(*stored));
  }
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& command : ran) list.push_back(StoredCommandJson(command));
    PrintJson(list);
  } else {
    PrintResults(ran);
  }
  return all_ok ? kExitOk : kExitFailed;
}

}  // namespace

void AddCommandCommands(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "command",
      "One-shot Greenlight commands (create_user, share_room, ...; see docs/greenlight.md)");
  command->require_subcommand(1);
  auto args = std::make_shared<CommandRunArguments>();
  CLI::App* run = command->add_subcommand(
      "run",
      "Execute the commands of a data file now, against the servers in the store, and print "
      "each element's result once (--log-level info adds the log's line per element). Exit 1 "
      "when any element failed.");
  run->add_option("FILE", args->file, "Data file with a `commands:` mapping, or - for stdin")
      ->required();
  run->add_flag("--json", args->json, "Print the results as JSON");
  run->callback(
      [&context, args] { context.run = [&context, args] { return RunCommands(context, *args); }; });
  AddCommandQueueCommands(*command, context);
}

}  // namespace schedulight
