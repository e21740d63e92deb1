#include "app/greenlight_check.h"

#include "greenlight/directory.h"

namespace schedulight {

ExtraServerCheck GreenlightSchemaCheck(const GreenlightDefaults& app_default) {
  return [app_default](const Server& server) {
    const GreenlightAccess access =
        GreenlightAccessFor(server, {app_default.version, app_default.database});
    const std::string where = "Greenlight " + std::to_string(access.version) + " at " +
                              RedactDatabaseUrl(access.database);
    auto opened = OpenGreenlightDirectory(access);
    if (!opened)
      return CheckStep{"greenlight.schema", CheckOutcome::kFailed,
                       where + ": " + opened.error().message};
    return CheckStep{"greenlight.schema", CheckOutcome::kOk,
                     where + ": every table and column scheduLight uses is there"};
  };
}

}  // namespace schedulight
