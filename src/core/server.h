#pragma once
// A BBB server (with its Greenlight) as configured under `servers:` in the data
// file or through POST /servers. Field names are the original's.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/field_error.h"

namespace schedulight {

struct GreenlightAccess {
  int version = 2;       // 2 or 3
  std::string database;  // postgresql:// URL; may hold a password
};

struct Server {
  std::string id;
  std::string bbb_url;     // BBB_URL as written
  std::string bbb_secret;  // BBB_SECRET
  std::string checksum_algorithm = "sha1";
  std::optional<std::string> link_base;
  std::optional<GreenlightAccess> greenlight;
  // `greenlight: false`: this BBB server has no Greenlight. Meetings then run
  // on BBB alone (no users, rooms or sharing; join links are BBB's own).
  bool without_greenlight = false;
  nlohmann::json document;  // the document as given, unknown fields included
};

// Validates a server document. path is where it sits ("servers.bbb"); errors
// are appended to errors. Returns the server only when it had no error.
std::optional<Server> ValidateServer(const std::string& id, const nlohmann::json& document,
                                     const std::string& path, FieldErrors& errors);

// What GET and listings may show: the document with BBB_SECRET, mailPassword
// and the password of the Greenlight database URL replaced by "***".
nlohmann::json RedactServerDocument(const nlohmann::json& document);

// The placeholder that stands for a secret in output.
inline constexpr const char* kRedacted = "***";

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db"; also
// redacts password=... in key/value connection strings.
std::string RedactDatabaseUrl(const std::string& url);

}  // namespace schedulight
