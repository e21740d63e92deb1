#pragma once
// What every CLI subcommand needs: the global options, and the app config and
// store, loaded on first use so `--help` works without either. Only commands
// that store something create a store; the others refuse a missing one.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/app_config.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace schedulight {

// Exit codes (SPEC 2).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Thrown to stop a subcommand with an exit code after its message was printed.
struct CliExit {
  int code;
};

class CliContext {
 public:
  std::optional<std::string> config_path;  // --config
  std::string log_level;                   // --log-level

  // The subcommand's action, set while parsing and run after it.
  std::function<int()> run;

  // Loads the app config (and sets up logging) once; prints errors and throws CliExit.
  const AppConfig& Config();
  // Opens the store once, creating it (and the state directory) when it is
  // missing: for commands that store something. Prints errors and throws CliExit.
  Store& OpenedStore();
  // Opens the store once, for commands that read or change what is stored:
  // never creates one. A missing store fails with "no store at PATH — did
  // you mean --config ...?" (exit 1).
  Store& ExistingStore();

 private:
  std::optional<AppConfig> config_;
  std::unique_ptr<Store> store_;
};

// Subcommand registration, one file each.
void AddApplyCommand(CLI::App& app, CliContext& context);
void AddImportCsvCommand(CLI::App& app, CliContext& context);
void AddMeetingCommands(CLI::App& app, CliContext& context);
void AddMeetingsCommands(CLI::App& app, CliContext& context);
void AddServerCommands(CLI::App& app, CliContext& context);
void AddCommandCommands(CLI::App& app, CliContext& context);
void AddCommandQueueCommands(CLI::App& command, CliContext& context);  // under `command`
void AddStatusCommand(CLI::App& app, CliContext& context);

// `schedulight --version`: the version, the config file and the store in use.
int PrintVersion(CliContext& context);
void AddRoomCommands(CLI::App& app, CliContext& context);
void AddMailCommands(CLI::App& app, CliContext& context);
void AddRunCommand(CLI::App& app, CliContext& context);
void AddDemoCommand(CLI::App& app, CliContext& context);

}  // namespace schedulight
