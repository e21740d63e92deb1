// schedulight server list|check ID

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "admin/greenlight_check.h"
#include "admin/server_check.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "core/server.h"
#include "engine/bbb_server_client.h"

namespace schedulight {
namespace {

std::string Text(const nlohmann::json& document, const char* key, const std::string& fallback) {
  auto it = document.find(key);
  return it != document.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The first validation error of a stored server (written by hand or by an
// older version), nullopt when it is valid.
std::optional<std::string> ServerDocumentProblem(const StoredServer& server) {
  if (!server.document.is_object()) return "the stored document is not an object";
  FieldErrors errors;
  try {
    ValidateServer(server.id, server.document, "", errors);
  } catch (const std::exception& e) {
    return std::string("the stored document cannot be read: ") + e.what();
  }
  if (errors.empty()) return std::nullopt;
  return errors.front().ToString();
}

// The GREENLIGHT column: "none" for `greenlight: false`, the version of a
// `greenlight:` mapping (2 when it names none), else the app config's
// default ("(default)").
std::string GreenlightText(const nlohmann::json& doc, const AppConfig& config) {
  const auto entry = doc.is_object() ? doc.find("greenlight") : doc.end();
  if (!doc.is_object() || entry == doc.end() || entry->is_null()) {
    return "v" + std::to_string(config.greenlight.version) + " (default)";
  }
  if (entry->is_boolean()) {
    return entry->get<bool>() ? "v" + std::to_string(config.greenlight.version) + " (default)"
                              : "none";
  }
  if (!entry->is_object()) return "?";
  const auto version = entry->find("version");
  if (version == entry->end()) return "v2";  // a mapping without version: 2 (core/server.cc)
  return version->is_number_integer() ? "v" + version->dump() : "?";
}

void WarnInvalid(const std::vector<StoredServer>& servers) {
  for (const auto& server : servers) {
    if (auto problem = ServerDocumentProblem(server)) {
      fmt::print(stderr,
                 "warning: server {}: the stored document is not valid ({}); fix it with "
                 "schedulight apply\n",
                 server.id, *problem);
    }
  }
}

int RunList(CliContext& context, bool json) {
  std::vector<StoredServer> servers;
  auto done = context.ExistingStore().Transact(
      [&](StoreSession& session) { servers = session.ListServers(); });
  if (!done) {
    fmt::print(stderr, "error: store: {}\n", done.error().message);
    return kExitFailed;
  }
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& server : servers) {
      const auto problem = ServerDocumentProblem(server);
      list.push_back({{"id", server.id},
                      {"problem", problem ? nlohmann::json(*problem) : nlohmann::json(nullptr)},
                      {"document", RedactServerDocument(server.document)}});
    }
    PrintJson(list);
    WarnInvalid(servers);
    return kExitOk;
  }
  if (servers.empty()) {
    fmt::print("No servers in the store. Add one with: schedulight apply FILE.yml\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& server : servers) {
    const nlohmann::json& doc = server.document;
    const std::string greenlight = GreenlightText(doc, context.Config());
    std::string id = server.id;
    if (ServerDocumentProblem(server)) id += " (invalid)";
    rows.push_back({id, Text(doc, "BBB_URL", "-"), Text(doc, "link_base", "-"),
                    Text(doc, "checksumAlgorithm", "sha1"), greenlight});
  }
  PrintTable({"ID", "BBB_URL", "LINK_BASE", "CHECKSUM", "GREENLIGHT"}, rows);
  WarnInvalid(servers);
  return kExitOk;
}

// The checks other modules add to `server check`, after the BBB ones.
std::vector<ExtraServerCheck> ExtraServerChecks(CliContext& context) {
  return {GreenlightSchemaCheck(context.Config().greenlight)};
}

int RunCheck(CliContext& context, const std::string& id, bool json) {
  auto server = LoadServer(context.ExistingStore(), id);
  if (!server) {
    fmt::print(stderr, "error: {}\n", server.error());
    return kExitFailed;
  }
  ServerCheckReport report = CheckServer(*server, ExtraServerChecks(context));
  if (json) {
    PrintJson(ServerCheckJson(report));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& step : report.steps)
      rows.push_back({ToString(step.outcome), step.name, step.detail});
    PrintTable({"RESULT", "CHECK", "DETAIL"}, rows);
  }
  return report.ok() ? kExitOk : kExitFailed;
}

}  // namespace

void AddServerCommands(CLI::App& app, CliContext& context) {
  CLI::App* server = app.add_subcommand("server", "BBB servers in the store");
  server->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  CLI::App* list = server->add_subcommand("list", "List servers (secrets are never shown)");
  list->add_flag("--json", *json, "Print JSON (secrets read \"***\")");
  list->callback(
      [&context, json] { context.run = [&context, json] { return RunList(context, *json); }; });

  auto check_id = std::make_shared<std::string>();
  auto check_json = std::make_shared<bool>(false);
  CLI::App* check = server->add_subcommand(
      "check", "Check a server: BBB URL answers, checksum accepted (exit 1 if anything fails)");
  check->add_option("ID", *check_id, "Server id")->required();
  check->add_flag("--json", *check_json, "Print JSON");
  check->callback([&context, check_id, check_json] {
    context.run = [&context, check_id, check_json] {
      return RunCheck(context, *check_id, *check_json);
    };
  });
}

}  // namespace schedulight
