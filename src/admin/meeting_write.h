#pragma once
// Writing single meetings, for the REST API (POST/PUT /meetings): validate
// the document as `apply` would, check that its server exists, store it and
// make it due now so the scheduler looks at it at once. Reading goes through
// meeting_admin.h; what may be shown goes through RedactMeetingDocument.

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin/server_admin.h"
#include "config/app_config.h"
#include "store/store.h"

namespace schedulight {

// Meeting ids, sorted.
std::expected<std::vector<std::string>, AdminFailure> ListMeetingIds(Store& store);

// Validates document as the meeting `id` (defaults from config), checks that
// the server it names (default "bbb") is stored, and stores it. A new meeting
// gets status 200 "new"; a changed one keeps its status history and becomes
// due now; an unchanged one is left alone. must_exist: PUT semantics.
// "***" where a secret was sent back keeps the stored value.
std::expected<PutResult, AdminFailure> PutMeetingDocument(Store& store, const AppConfig& config,
                                                          const std::string& id,
                                                          nlohmann::json document, bool must_exist,
                                                          UtcTime now);

// The createParams that are secrets (BBB's join passwords).
inline constexpr const char* kSecretCreateParams[] = {"moderatorPW", "attendeePW"};

// What any output (API, CLI, logs) may show of a meeting document: every
// secret reads "***": owner.password, mailPassword, liveStreaming.targetUrl
// (it carries the stream key) and createParams.moderatorPW/attendeePW.
// Never throws, whatever the document holds.
nlohmann::json RedactMeetingDocument(const nlohmann::json& document);

}  // namespace schedulight
