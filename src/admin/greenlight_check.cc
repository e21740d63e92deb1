#include "admin/greenlight_check.h"

#include "greenlight/directory.h"

namespace schedulight {

ExtraServerCheck GreenlightSchemaCheck(const GreenlightDefaults& app_default) {
  return [app_default](const Server& server) {
    if (server.without_greenlight) {
      return CheckStep{"greenlight.schema", CheckOutcome::kSkipped,
                       "no Greenlight on this server (greenlight: false)"};
    }
    const GreenlightAccess access =
        GreenlightAccessFor(server, {app_default.version, app_default.database});
    const std::string version = "Greenlight " + std::to_string(access.version);
    auto opened = OpenGreenlightDirectory(access);
    if (!opened) {
      // The message names the database (without its password) and what is wrong.
      return CheckStep{"greenlight.schema", CheckOutcome::kFailed,
                       version + ": " + opened.error().message};
    }
    return CheckStep{"greenlight.schema", CheckOutcome::kOk,
                     version + " at " + RedactDatabaseUrl(access.database) +
                         ": every table and column scheduLight uses is there"};
  };
}

}  // namespace schedulight
