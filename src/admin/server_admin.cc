#include "admin/server_admin.h"

#include "core/server.h"

namespace schedulight {
namespace {

AdminFailure StoreFailure(const StoreError& error) {
  return {AdminFailure::Kind::kStore, "store: " + error.message, {}};
}

AdminFailure NotFound(const std::string& id) {
  return {AdminFailure::Kind::kNotFound, "no server '" + id + "' in the store", {}};
}

const nlohmann::json* Child(const nlohmann::json* object, const char* key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

// One "***" placeholder at object[key]: restored from stored[key], or an error.
void RestorePlaceholder(nlohmann::json& object, const nlohmann::json* stored, const char* key,
                        const std::string& path, FieldErrors& errors) {
  if (!object.is_object() || !object.contains(key)) return;
  if (object[key] != kRedacted) return;
  const nlohmann::json* secret = Child(stored, key);
  if (secret != nullptr && secret->is_string()) {
    object[key] = *secret;
  } else {
    errors.push_back(
        {JoinPath(path, key), "'***' stands for the stored secret, but none is stored"});
  }
}

}  // namespace

void RestoreRedactedSecrets(nlohmann::json& document, const nlohmann::json* stored,
                            const std::string& path, FieldErrors& errors) {
  if (!document.is_object()) return;
  RestorePlaceholder(document, stored, "BBB_SECRET", path, errors);
  RestorePlaceholder(document, stored, "mailPassword", path, errors);
  if (document.contains("owner") && document["owner"].is_object()) {
    RestorePlaceholder(document["owner"], Child(stored, "owner"), "password",
                       JoinPath(path, "owner"), errors);
  }
  if (document.contains("liveStreaming") && document["liveStreaming"].is_object()) {
    RestorePlaceholder(document["liveStreaming"], Child(stored, "liveStreaming"), "targetUrl",
                       JoinPath(path, "liveStreaming"), errors);
  }
  if (document.contains("createParams") && document["createParams"].is_object()) {
    for (const char* key : {"moderatorPW", "attendeePW"}) {
      RestorePlaceholder(document["createParams"], Child(stored, "createParams"), key,
                         JoinPath(path, "createParams"), errors);
    }
  }
  if (document.contains("greenlight") && document["greenlight"].is_object()) {
    nlohmann::json& greenlight = document["greenlight"];
    const nlohmann::json* stored_database = Child(Child(stored, "greenlight"), "database");
    if (greenlight.contains("database") && greenlight["database"].is_string() &&
        stored_database != nullptr && stored_database->is_string() &&
        greenlight["database"] != *stored_database &&
        greenlight["database"] == RedactDatabaseUrl(stored_database->get<std::string>())) {
      greenlight["database"] = *stored_database;
    }
  }
}

std::expected<std::vector<std::string>, AdminFailure> ListServerIds(Store& store) {
  std::vector<std::string> ids;
  auto done = store.Transact([&](StoreSession& session) {
    for (const auto& server : session.ListServers()) ids.push_back(server.id);
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return ids;
}

std::expected<nlohmann::json, AdminFailure> GetServerDocument(Store& store, const std::string& id) {
  std::optional<StoredServer> server;
  auto done = store.Transact([&](StoreSession& session) { server = session.FindServer(id); });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!server) return std::unexpected(NotFound(id));
  return RedactServerDocument(server->document);
}

std::expected<PutResult, AdminFailure> PutServerDocument(Store& store, const std::string& id,
                                                         nlohmann::json document, bool must_exist,
                                                         UtcTime now) {
  FieldErrors errors;
  bool found = false;
  auto done = store.Transact([&](StoreSession& session) {
    auto stored = session.FindServer(id);
    found = stored.has_value();
    if (must_exist && !found) return;
    RestoreRedactedSecrets(document, stored ? &stored->document : nullptr, "", errors);
    if (!ValidateServer(id, document, "", errors) || !errors.empty()) return;
    session.PutServer({id, document, now});
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (must_exist && !found) return std::unexpected(NotFound(id));
  if (!errors.empty()) {
    return std::unexpected(AdminFailure{AdminFailure::Kind::kInvalid, "invalid server", errors});
  }
  return PutResult{RedactServerDocument(document), !found};
}

std::expected<void, AdminFailure> DeleteServerDocument(Store& store, const std::string& id) {
  bool found = false;
  auto done = store.Transact([&](StoreSession& session) { found = session.DeleteServer(id); });
  if (!done && done.error().kind == StoreErrorKind::kConstraint) {
    return std::unexpected(AdminFailure{AdminFailure::Kind::kConflict, done.error().message, {}});
  }
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(id));
  return {};
}

}  // namespace schedulight
