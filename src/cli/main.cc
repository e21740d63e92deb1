// schedulight: the one binary. Parses the command line, then runs the chosen
// subcommand; the subcommands live in cli/*_command(s).cc.

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/cli_context.h"

int main(int argc, char** argv) {
  using namespace schedulight;
  CliContext context;
  CLI::App app{
      "scheduLight automates BigBlueButton and Greenlight: servers, users, rooms, sharing and\n"
      "scheduled meetings, driven by a YAML file, this CLI and a REST API.",
      "schedulight"};
  app.set_version_flag("--version", SCHEDULIGHT_VERSION);
  app.add_option("-c,--config", context.config_path,
                 "Application config file (default: $SCHEDULIGHT_CONFIG, ./schedulight.yml, "
                 "/etc/schedulight/schedulight.yml, else built-in defaults)");
  app.add_option("--log-level", context.log_level,
                 "trace, debug, info, warn, error, critical or off (overrides log.level)");
  app.require_subcommand(1);
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  try {
    return context.run ? context.run() : kExitUsage;
  } catch (const CliExit& exit) {
    return exit.code;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitFailed;
  }
}
