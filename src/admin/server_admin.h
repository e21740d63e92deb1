#pragma once
// Administrative operations on stored servers, for the REST API (and any
// front end that writes single servers rather than whole data files): list,
// show, create-or-update, update, delete. Output is always redacted
// (RedactServerDocument); a document sent back with "***" where a secret was
// keeps the stored secret, so a GET-edit-PUT round trip never wipes it.

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "store/store.h"

namespace schedulight {

// Why an administrative write or read failed. Shared by the server, meeting,
// status and command use cases so front ends map it to a status code once.
struct AdminFailure {
  enum class Kind { kInvalid, kNotFound, kStore, kConflict };
  Kind kind = Kind::kStore;
  std::string message;
  FieldErrors errors;  // kInvalid: every problem with its field path
};

struct PutResult {
  nlohmann::json document;  // as stored, redacted for output
  bool created = false;     // false: an existing document was replaced
};

// Server ids, sorted.
std::expected<std::vector<std::string>, AdminFailure> ListServerIds(Store& store);
// The redacted document of one server.
std::expected<nlohmann::json, AdminFailure> GetServerDocument(Store& store, const std::string& id);

// Validates document as the server `id` and stores it, replacing a stored one
// (the original's POST did the same). must_exist: PUT semantics (404 when the
// server is not stored yet). "***" in BBB_SECRET or mailPassword, or a
// greenlight.database URL equal to the redacted stored one, keeps the stored
// value.
std::expected<PutResult, AdminFailure> PutServerDocument(Store& store, const std::string& id,
                                                         nlohmann::json document, bool must_exist,
                                                         UtcTime now);

std::expected<void, AdminFailure> DeleteServerDocument(Store& store, const std::string& id);

// Replaces "***" placeholders in document by the secrets of stored (the
// stored document of the same object), so redacted output can be sent back.
// Field paths of placeholders that have no stored secret are added to errors.
void RestoreRedactedSecrets(nlohmann::json& document, const nlohmann::json* stored,
                            const std::string& path, FieldErrors& errors);

}  // namespace schedulight
