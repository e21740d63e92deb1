#include "admin/command_queue.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "admin/command_runner.h"
#include "core/command.h"
#include "core/server.h"

namespace schedulight {
namespace {

AdminFailure StoreFailure(const StoreError& error) {
  return {AdminFailure::Kind::kStore, "store: " + error.message, {}};
}

std::string NewCommandId(UtcTime now) {
  std::random_device random;
  const auto days = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss time{now - days};
  return fmt::format("api-{:04}{:02}{:02}T{:02}{:02}{:02}-{:08x}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count(),
                     random());
}

}  // namespace

std::expected<StoredCommand, AdminFailure> QueueCommandDocument(Store& store,
                                                                const nlohmann::json& document,
                                                                UtcTime now) {
  FieldErrors errors;
  std::string id;
  if (document.is_object() && document.contains("id")) {
    if (document["id"].is_string()) {
      id = document["id"].get<std::string>();
    } else {
      errors.push_back({"id", "must be text"});
    }
  } else {
    id = NewCommandId(now);
  }
  auto command = ValidateCommand(id, document, "", errors);
  if (!command || !errors.empty()) {
    return std::unexpected(AdminFailure{AdminFailure::Kind::kInvalid, "invalid command", errors});
  }
  StoredCommand stored{.id = id,
                       .server_id = command->server_id,
                       .document = document,
                       .state = CommandState::kQueued,
                       .results = {},
                       .created_at = now,
                       .updated_at = now};
  auto done = store.Transact([&](StoreSession& session) { session.PutCommand(stored); });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return stored;
}

std::expected<std::vector<StoredCommand>, AdminFailure> ListStoredCommands(
    Store& store, std::optional<CommandState> state) {
  std::vector<StoredCommand> commands;
  auto done = store.Transact([&](StoreSession& session) {
    for (auto& command : session.ListCommands()) {
      if (!state || command.state == *state) commands.push_back(std::move(command));
    }
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return commands;
}

std::expected<StoredCommand, AdminFailure> GetStoredCommand(Store& store, const std::string& id) {
  std::optional<StoredCommand> command;
  auto done = store.Transact([&](StoreSession& session) { command = session.FindCommand(id); });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!command) {
    return std::unexpected(
        AdminFailure{AdminFailure::Kind::kNotFound, "no command '" + id + "' in the store", {}});
  }
  return *command;
}

std::expected<StoredCommand, AdminFailure> RetryFailedCommand(Store& store, const std::string& id) {
  std::optional<StoredCommand> command;
  bool requeued = false;
  auto done = store.Transact([&](StoreSession& session) {
    requeued = session.RequeueFailedCommand(id);
    command = session.FindCommand(id);
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!command) {
    return std::unexpected(
        AdminFailure{AdminFailure::Kind::kNotFound, "no command '" + id + "' in the store", {}});
  }
  if (!requeued) {
    return std::unexpected(AdminFailure{
        AdminFailure::Kind::kConflict,
        fmt::format("command '{}' is {}, not failed: only failed commands are retried (see "
                    "`schedulight command show {}`)",
                    id, ToString(command->state), id),
        {}});
  }
  return *command;
}

std::expected<void, AdminFailure> DeleteStoredCommand(Store& store, const std::string& id,
                                                      UtcTime now) {
  std::optional<AdminFailure> refused;
  auto done = store.Transact([&](StoreSession& session) {
    auto command = session.FindCommand(id);
    if (!command) {
      refused =
          AdminFailure{AdminFailure::Kind::kNotFound, "no command '" + id + "' in the store", {}};
      return;
    }
    if (command->state == CommandState::kRunning && command->claim_until &&
        *command->claim_until >= now) {
      refused = AdminFailure{
          AdminFailure::Kind::kConflict,
          fmt::format("command '{}' is running in {} (claimed until {}): delete it after it "
                      "finished, or once that process is gone",
                      id, command->claimed_by, FormatUtc(*command->claim_until)),
          {}};
      return;
    }
    session.DeleteCommand(id);
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (refused) return std::unexpected(*refused);
  return {};
}

nlohmann::json CommandQueueJson(const StoredCommand& command) {
  nlohmann::json json = StoredCommandJson(command);
  json["created_at"] = FormatUtc(command.created_at);
  json["updated_at"] = FormatUtc(command.updated_at);
  nlohmann::json document = command.document;
  if (document.is_object() && document.value("command", "") == "create_user" &&
      document.contains("data") && document["data"].is_object()) {
    for (auto& [email, user] : document["data"].items()) {
      if (user.is_object() && user.contains("pwd") && !user["pwd"].is_null()) {
        user["pwd"] = kRedacted;
      }
    }
  }
  json["document"] = std::move(document);
  return json;
}

}  // namespace schedulight
