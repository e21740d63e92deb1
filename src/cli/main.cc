// schedulight: the one binary. Parses the command line, then runs the chosen
// subcommand; the subcommands live in cli/*_command(s).cc. `--version` names
// the config file and the store in use too; a command line that does not
// parse gets a hint (usage_hints.h) where one helps.

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/cli_context.h"
#include "cli/usage_hints.h"

int main(int argc, char** argv) {
  using namespace schedulight;
  CliContext context;
  CLI::App app{
      "scheduLight automates BigBlueButton and Greenlight: servers, users, rooms, sharing and\n"
      "scheduled meetings, driven by a YAML file, this CLI and a REST API.",
      "schedulight"};
  bool version = false;
  app.add_flag("--version", version, "Print the version, the config file and the store in use");
  app.add_option("-c,--config", context.config_path,
                 "Application config file (default: $SCHEDULIGHT_CONFIG, ./schedulight.yml, "
                 "/etc/schedulight/schedulight.yml, else built-in defaults)");
  app.add_option("--log-level", context.log_level,
                 "trace, debug, info, warn, error, critical or off (overrides log.level)");
  app.require_subcommand(0, 1);
  app.fallthrough();

  AddApplyCommand(app, context);
  AddImportCsvCommand(app, context);
  AddMeetingCommands(app, context);
  AddMeetingsCommands(app, context);
  AddServerCommands(app, context);
  AddCommandCommands(app, context);
  AddRoomCommands(app, context);
  AddMailCommands(app, context);
  AddRunCommand(app, context);
  AddDemoCommand(app, context);
  AddStatusCommand(app, context);

  const std::vector<std::string> args(argv + 1, argv + argc);
  if (auto hint = OriginalFlagHint(args)) {
    fmt::print(stderr, "error: {}\n", *hint);
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      if (auto hint = UnknownCommandHint(app, args)) {
        fmt::print(stderr, "error: {}\n", *hint);
        return kExitUsage;
      }
    }
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (version) return PrintVersion(context);
    if (!context.run) {
      fmt::print(stderr, "error: a command is required; `schedulight --help` lists them\n");
      return kExitUsage;
    }
    return context.run();
  } catch (const CliExit& exit) {
    return exit.code;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitFailed;
  }
}
