// schedulight command list [--state S] | show ID | retry ID | delete ID  [--json]
// The stored Greenlight commands (queued by `apply`, POST /commands or
// `command run`): their state and per-element results, in queue order; a
// failed one queued again (retry), or removed (delete). Exit 1 for an
// unknown id or a refused retry/delete; an empty list is exit 0.

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "admin/command_queue.h"
#include "admin/command_runner.h"
#include "cli/cli_context.h"
#include "cli/output.h"

namespace schedulight {
namespace {

struct CommandQueueArguments {
  std::string id;
  std::string state;
  bool json = false;
};

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

int Fail(const AdminFailure& failure) {
  fmt::print(stderr, "error: {}\n", failure.message);
  return kExitFailed;
}

std::string ResultsText(const StoredCommand& command) {
  std::size_t ok = 0;
  for (const auto& result : command.results) ok += result.ok ? 1 : 0;
  if (command.results.empty()) return "-";
  return fmt::format("{} ok, {} failed", ok, command.results.size() - ok);
}

int RunList(CliContext& context, const CommandQueueArguments& args) {
  std::optional<CommandState> state;
  if (!args.state.empty()) {
    state = CommandStateFromString(args.state);
    if (!state) {
      fmt::print(stderr, "error: --state must be queued, running, done or failed, not '{}'\n",
                 args.state);
      return kExitUsage;
    }
  }
  auto commands = ListStoredCommands(context.ExistingStore(), state);
  if (!commands) return Fail(commands.error());
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& command : *commands) list.push_back(CommandQueueJson(command));
    PrintJson(list);
    return kExitOk;
  }
  if (commands->empty()) {
    fmt::print("No commands{}.\n", args.state.empty() ? "" : " in state " + args.state);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& command : *commands) {
    rows.push_back({command.id, command.document.value("command", ""), command.server_id,
                    ToString(command.state), ResultsText(command), FormatUtc(command.updated_at)});
  }
  PrintTable({"ID", "TYPE", "SERVER", "STATE", "RESULTS", "UPDATED"}, rows);
  return kExitOk;
}

void PrintCommand(const StoredCommand& command) {
  fmt::print("id:       {}\ntype:     {}\nserver:   {}\nstate:    {}\nqueued:   {}\nupdated:  {}\n",
             command.id, command.document.value("command", ""), command.server_id,
             ToString(command.state), FormatUtc(command.created_at), FormatUtc(command.updated_at));
  if (!command.claimed_by.empty()) {
    fmt::print("run by:   {}{}\n", command.claimed_by,
               command.claim_until ? " until " + FormatUtc(*command.claim_until) : "");
  }
  if (command.results.empty()) {
    fmt::print("results:  none yet\n");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& result : command.results) {
    rows.push_back({result.element, result.ok ? "ok" : "FAILED", result.message});
  }
  fmt::print("results:\n");
  PrintTable({"ELEMENT", "RESULT", "MESSAGE"}, rows);
}

int RunShow(CliContext& context, const CommandQueueArguments& args) {
  auto command = GetStoredCommand(context.ExistingStore(), args.id);
  if (!command) return Fail(command.error());
  if (args.json) {
    PrintJson(CommandQueueJson(*command));
  } else {
    PrintCommand(*command);
  }
  return kExitOk;
}

int RunRetry(CliContext& context, const CommandQueueArguments& args) {
  auto command = RetryFailedCommand(context.ExistingStore(), args.id);
  if (!command) return Fail(command.error());
  if (args.json) {
    PrintJson(CommandQueueJson(*command));
  } else {
    fmt::print(
        "Command {} queued again ({} element(s) that succeeded are kept); the command worker "
        "runs the others (`schedulight run`), or now: `schedulight command show {}` after it.\n",
        args.id, command->results.size(), args.id);
  }
  return kExitOk;
}

int RunDelete(CliContext& context, const CommandQueueArguments& args) {
  auto deleted = DeleteStoredCommand(context.ExistingStore(), args.id, Now());
  if (!deleted) return Fail(deleted.error());
  if (args.json) {
    PrintJson({{"id", args.id}, {"deleted", true}});
  } else {
    fmt::print("Command {} deleted with its results.\n", args.id);
  }
  return kExitOk;
}

void Add(CLI::App& parent, CliContext& context, const std::string& name,
         const std::string& description, bool takes_id,
         std::function<int(CliContext&, const CommandQueueArguments&)> action) {
  auto args = std::make_shared<CommandQueueArguments>();
  CLI::App* command = parent.add_subcommand(name, description);
  if (takes_id) {
    command->add_option("ID", args->id, "Command id (the key under `commands:`)")->required();
  } else {
    command->add_option("--state", args->state,
                        "Only commands in this state: queued, running, "
                        "done or failed");
  }
  command->add_flag("--json", args->json, "Print JSON");
  command->callback([&context, args, action] {
    context.run = [&context, args, action] { return action(context, *args); };
  });
}

}  // namespace

void AddCommandQueueCommands(CLI::App& command, CliContext& context) {
  Add(command, context, "list", "List stored commands in queue order: state and results", false,
      RunList);
  Add(command, context, "show", "Show a command and each element's result", true, RunShow);
  Add(command, context, "retry",
      "Queue a failed command again; elements that succeeded are not run again", true, RunRetry);
  Add(command, context, "delete", "Delete a command and its results (not while it runs)", true,
      RunDelete);
}

}  // namespace schedulight
