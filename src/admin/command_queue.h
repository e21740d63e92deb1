#pragma once
// Queuing single commands, for the REST API (POST /commands) and anything
// else that hands the command worker work one command at a time, plus
// listing and showing queued and finished commands with their per-element
// results (GET /commands, GET /commands/{id}), and an admin's retry and
// delete (`schedulight command retry|delete ID`).
//
// The server a command names is not checked when it is queued (the original
// accepted any name): the command worker records "no server ..." as the
// command's result, where GET /commands/{id} shows it.

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "admin/server_admin.h"
#include "store/store.h"

namespace schedulight {

// Validates document (the original's {"command", "server", "data"}) and
// queues it. Its id is document["id"] when given, else a new unique one
// ("api-20260101T100000-1a2b3c4d"). Queuing an id that exists replaces that
// command and queues it again, results cleared.
std::expected<StoredCommand, AdminFailure> QueueCommandDocument(Store& store,
                                                                const nlohmann::json& document,
                                                                UtcTime now);

// Commands in the order they were queued (the order they run in); only
// those in state when given.
std::expected<std::vector<StoredCommand>, AdminFailure> ListStoredCommands(
    Store& store, std::optional<CommandState> state);
std::expected<StoredCommand, AdminFailure> GetStoredCommand(Store& store, const std::string& id);

// An admin's retry of a failed command (`schedulight command retry ID`):
// queued again at the end of the queue, keeping the results of the elements
// that succeeded, so the next run does only the failed ones. kNotFound for
// an unknown id, kConflict when the command is not failed.
std::expected<StoredCommand, AdminFailure> RetryFailedCommand(Store& store, const std::string& id);

// Deletes a command and its results. A command running under a claim that
// has not ended at now is refused (kConflict): its process would lose it
// half-way; delete it once it finished, or when that process is gone.
std::expected<void, AdminFailure> DeleteStoredCommand(Store& store, const std::string& id,
                                                      UtcTime now);

// StoredCommandJson plus "created_at", "updated_at" and the "document" as
// queued, with create_user passwords ("pwd") reading "***".
nlohmann::json CommandQueueJson(const StoredCommand& command);

}  // namespace schedulight
