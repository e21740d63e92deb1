#include "admin/meeting_write.h"

#include "admin/meeting_templates.h"
#include "core/meeting.h"
#include "core/server.h"

namespace schedulight {
namespace {

AdminFailure StoreFailure(const StoreError& error) {
  return {AdminFailure::Kind::kStore, "store: " + error.message, {}};
}

}  // namespace

std::expected<std::vector<std::string>, AdminFailure> ListMeetingIds(Store& store) {
  std::vector<std::string> ids;
  auto done = store.Read([&](StoreSession& session) { ids = session.MeetingIds(); });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return ids;
}

std::expected<PutResult, AdminFailure> PutMeetingDocument(Store& store, const AppConfig& config,
                                                          const std::string& id,
                                                          nlohmann::json document, bool must_exist,
                                                          UtcTime now) {
  FieldErrors errors;
  bool found = false;
  auto done = store.Transact([&](StoreSession& session) {
    auto stored = session.FindMeeting(id);
    found = stored.has_value();
    if (must_exist && !found) return;
    RestoreRedactedSecrets(document, stored ? &stored->document : nullptr, "", errors);
    auto meeting = ValidateMeeting(id, document, "", MeetingDefaults{config.timezone}, errors);
    if (meeting && !session.FindServer(meeting->server_id)) {
      errors.push_back(
          {"server", "no server '" + meeting->server_id + "' in the store" +
                         (document.contains("server") ? std::string()
                                                      : " (meetings without a server use 'bbb')")});
    }
    if (meeting) {
      CheckMeetingTemplates(*meeting, "", config.language, LoadTemplatesOnce(config.templates),
                            errors);
    }
    if (!meeting || !errors.empty()) return;
    if (stored && stored->document == document) return;
    session.PutMeeting({.id = id,
                        .server_id = meeting->server_id,
                        .document = document,
                        .starts_at = meeting->starts_at,
                        .next_due_at = now,
                        .updated_at = now});
    if (!stored) session.RecordStatus(id, kMainStep, {now, status_code::kNew, "new"});
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (must_exist && !found) {
    return std::unexpected(
        AdminFailure{AdminFailure::Kind::kNotFound, "no meeting '" + id + "' in the store", {}});
  }
  if (!errors.empty()) {
    return std::unexpected(AdminFailure{AdminFailure::Kind::kInvalid, "invalid meeting", errors});
  }
  return PutResult{RedactMeetingDocument(document), !found};
}

nlohmann::json RedactMeetingDocument(const nlohmann::json& document) {
  nlohmann::json copy = document;
  if (!copy.is_object()) return copy;
  auto redact = [](nlohmann::json& object, const char* key) {
    if (!object.is_object()) return;
    auto found = object.find(key);
    if (found != object.end() && !found->is_null()) *found = kRedacted;
  };
  redact(copy, "mailPassword");
  if (auto owner = copy.find("owner"); owner != copy.end()) redact(*owner, "password");
  // The RTMP URL carries the stream key.
  if (auto streaming = copy.find("liveStreaming"); streaming != copy.end()) {
    redact(*streaming, "targetUrl");
  }
  // BBB's join passwords, when a meeting sets them.
  if (auto params = copy.find("createParams"); params != copy.end()) {
    for (const char* key : kSecretCreateParams) redact(*params, key);
  }
  return copy;
}

}  // namespace schedulight
