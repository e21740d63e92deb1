// schedulight status [--json]  and  schedulight --version
// Which config file and which store this command line uses, and what the
// store holds: servers, meetings, commands and mails by state. A store that
// does not exist yet is reported as such, never created.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/cli_context.h"
#include "cli/output.h"
#include "config/store_location.h"

namespace schedulight {
namespace {

struct Where {
  std::string config;  // the config file, or how the config was made
  std::string store;   // the store URL, absolute
  bool exists = true;  // false: a store file that is not there yet
};

Where WhereFrom(CliContext& context) {
  const AppConfig& config = context.Config();
  Where where{.config = config.source == "built-in defaults" ? "none found (built-in defaults)"
                                                             : config.source,
              .store = StoreUrlForOutput(config.store)};
  if (auto path = SqliteStorePath(config.store)) {
    std::error_code error;
    where.exists = std::filesystem::exists(*path, error);
  }
  return where;
}

std::string StoreText(const Where& where) {
  return where.store + (where.exists ? "" : " (not created yet: `schedulight apply FILE.yml`)");
}

struct Counts {
  std::size_t servers = 0, meetings = 0;
  std::map<CommandState, int> commands;
  std::map<MailState, std::size_t> mails;
};

std::expected<Counts, StoreError> CountStored(Store& store) {
  Counts counts;
  auto read = store.Read([&](StoreSession& session) {
    counts.servers = session.ListServers().size();
    counts.meetings = session.ListMeetings().size();
    counts.commands = session.CountCommandsByState();
    for (auto state : {MailState::kQueued, MailState::kSent, MailState::kFailed}) {
      counts.mails[state] = session.ListMails(state).size();
    }
  });
  if (!read) return std::unexpected(read.error());
  return counts;
}

int RunStatus(CliContext& context, bool json) {
  const Where where = WhereFrom(context);
  std::optional<Counts> counts;
  if (where.exists) {
    auto counted = CountStored(context.ExistingStore());
    if (!counted) {
      fmt::print(stderr, "error: store {}: {}\n", where.store, counted.error().message);
      return kExitFailed;
    }
    counts = std::move(*counted);
  }
  if (json) {
    nlohmann::json out = {{"version", SCHEDULIGHT_VERSION},
                          {"config", where.config},
                          {"store", where.store},
                          {"storeExists", where.exists}};
    if (counts) {
      nlohmann::json commands, mails;
      for (const auto& [state, count] : counts->commands) commands[ToString(state)] = count;
      for (const auto& [state, count] : counts->mails) mails[ToString(state)] = count;
      out["servers"] = counts->servers;
      out["meetings"] = counts->meetings;
      out["commands"] = commands;
      out["mails"] = mails;
    }
    PrintJson(out);
    return kExitOk;
  }
  fmt::print("config:   {}\nstore:    {}\n", where.config, StoreText(where));
  if (!counts) return kExitOk;
  const auto& c = counts->commands;
  const auto& m = counts->mails;
  fmt::print(
      "servers:  {}\nmeetings: {}\ncommands: {} queued, {} running, {} done, {} failed\n"
      "mails:    {} queued, {} sent, {} failed\n",
      counts->servers, counts->meetings, c.at(CommandState::kQueued), c.at(CommandState::kRunning),
      c.at(CommandState::kDone), c.at(CommandState::kFailed), m.at(MailState::kQueued),
      m.at(MailState::kSent), m.at(MailState::kFailed));
  if (c.at(CommandState::kFailed) > 0) {
    fmt::print("Failed commands: `schedulight command list --state failed`.\n");
  }
  return kExitOk;
}

}  // namespace

int PrintVersion(CliContext& context) {
  fmt::print("schedulight {}\n", SCHEDULIGHT_VERSION);
  const Where where = WhereFrom(context);
  fmt::print("config: {}\nstore:  {}\n", where.config, StoreText(where));
  return kExitOk;
}

void AddStatusCommand(CLI::App& app, CliContext& context) {
  auto json = std::make_shared<bool>(false);
  CLI::App* status = app.add_subcommand(
      "status", "Which config file and store are in use, and what the store holds");
  status->add_flag("--json", *json, "Print JSON");
  status->callback(
      [&context, json] { context.run = [&context, json] { return RunStatus(context, *json); }; });
}

}  // namespace schedulight
