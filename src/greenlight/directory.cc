#include "greenlight/directory.h"

#include "greenlight/greenlight_v2.h"
#include "greenlight/greenlight_v3.h"
#include "greenlight/pg_connection.h"
#include "greenlight/schema_check.h"

namespace schedulight {

const std::vector<std::string>& RoomSearchColumns() {
  static const std::vector<std::string> kColumns = {
      "name", "uid", "friendly_id", "bbb_id", "meeting_id", "owner_email", "id"};
  return kColumns;
}

DirectoryResult<std::unique_ptr<GreenlightDirectory>> OpenGreenlightDirectory(
    const GreenlightAccess& access, const DirectoryOptions& options) {
  using Kind = DirectoryError::Kind;
  if (access.version != 2 && access.version != 3) {
    return std::unexpected(DirectoryError{
        Kind::kInvalid,
        "Greenlight version " + std::to_string(access.version) + " is not supported (use 2 or 3)"});
  }
  if (options.bcrypt_cost < 4 || options.bcrypt_cost > 31) {
    return std::unexpected(DirectoryError{Kind::kInvalid, "bcrypt cost must be 4..31"});
  }
  auto connection = std::make_unique<PgConnection>(access.database);
  std::vector<std::string> missing;
  auto checked = connection->Transact([&](pqxx::transaction_base& t) {
    missing =
        MissingColumns(t, access.version == 2 ? GreenlightV2Columns() : GreenlightV3Columns());
  });
  if (!checked) return std::unexpected(checked.error());
  if (!missing.empty()) {
    return std::unexpected(
        DirectoryError{Kind::kSchema, DescribeMissingColumns(access.version, missing)});
  }
  if (access.version == 2) {
    return std::make_unique<GreenlightV2>(std::move(connection), options);
  }
  return std::make_unique<GreenlightV3>(std::move(connection), options);
}

GreenlightAccess GreenlightAccessFor(const Server& server, const GreenlightAccess& app_default) {
  return server.greenlight.value_or(app_default);
}

}  // namespace schedulight
