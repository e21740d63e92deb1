#include "greenlight/schema_check.h"

#include <pqxx/pqxx>
#include <set>
#include <utility>

namespace schedulight {

const std::vector<RequiredTable>& GreenlightV2Columns() {
  static const std::vector<RequiredTable> kTables = {
      {"users",
       {"id", "room_id", "provider", "uid", "name", "username", "email", "social_uid", "image",
        "password_digest", "accepted_terms", "created_at", "updated_at", "email_verified",
        "language", "deleted", "role_id"}},
      {"rooms",
       {"id", "user_id", "name", "uid", "bbb_id", "sessions", "last_session", "created_at",
        "updated_at", "room_settings", "moderator_pw", "attendee_pw", "access_code", "deleted",
        "moderator_access_code"}},
      {"shared_accesses", {"id", "room_id", "user_id", "created_at", "updated_at"}},
      {"roles", {"id", "name", "provider"}},
      {"role_permissions", {"id", "name", "value", "enabled", "role_id"}},
      {"active_storage_attachments", {"id", "record_type", "record_id", "blob_id"}},
      {"active_storage_blobs", {"id"}},
  };
  return kTables;
}

const std::vector<RequiredTable>& GreenlightV3Columns() {
  static const std::vector<RequiredTable> kTables = {
      {"users",
       {"id", "name", "email", "external_id", "provider", "password_digest", "created_at",
        "updated_at", "role_id", "language", "verified", "session_token", "session_expiry",
        "status"}},
      {"rooms",
       {"id", "user_id", "name", "friendly_id", "meeting_id", "last_session", "created_at",
        "updated_at", "recordings_processing", "online"}},
      {"shared_accesses", {"id", "user_id", "room_id", "created_at", "updated_at"}},
      {"roles", {"id", "name", "provider"}},
      {"permissions", {"id", "name"}},
      {"role_permissions", {"id", "role_id", "permission_id", "value"}},
      {"meeting_options", {"id", "name", "default_value"}},
      {"rooms_configurations", {"id", "meeting_option_id", "provider", "value"}},
      {"room_meeting_options",
       {"id", "room_id", "meeting_option_id", "value", "created_at", "updated_at"}},
      {"recordings", {"id", "room_id"}},
      {"formats", {"id", "recording_id"}},
      {"active_storage_attachments", {"id", "record_type", "record_id", "blob_id"}},
      {"active_storage_blobs", {"id"}},
      {"active_storage_variant_records", {"id", "blob_id"}},
  };
  return kTables;
}

std::vector<std::string> MissingColumns(pqxx::transaction_base& transaction,
                                        const std::vector<RequiredTable>& required) {
  std::set<std::pair<std::string, std::string>> present;
  const pqxx::result rows = transaction.exec_params(
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema()");
  for (const auto& row : rows) {
    present.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  }
  std::vector<std::string> missing;
  for (const auto& table : required) {
    for (const auto& column : table.columns) {
      if (!present.contains({table.table, column})) missing.push_back(table.table + "." + column);
    }
  }
  return missing;
}

std::string DescribeMissingColumns(int version, const std::vector<std::string>& missing) {
  std::string list;
  for (const auto& column : missing) list += (list.empty() ? "" : ", ") + column;
  return "not a Greenlight " + std::to_string(version) +
         ".x database (or an unsupported release): missing " + std::to_string(missing.size()) +
         " column(s) the code uses: " + list;
}

}  // namespace schedulight
