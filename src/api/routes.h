#pragma once
// The API's resource families, one file each (server_routes.cc, ...). Each
// Add*Routes registers its routes; handlers are thin: read the request, call
// an app use case, shape the reply. The workers wake by themselves: the
// store notifies the topic of every committed write (store/change_feed.h).

#include <functional>

#include "api/route_table.h"
#include "config/app_config.h"
#include "core/start_date.h"
#include "daemon/metrics.h"
#include "store/store.h"

namespace schedulight {

// What the handlers share; everything here outlives the API.
struct ApiContext {
  Store& store;
  const AppConfig& config;
  Metrics& metrics;
  std::function<UtcTime()> clock;  // now, in whole seconds
};

void AddServerRoutes(RouteTable& routes, ApiContext& context);    // /servers
void AddMeetingRoutes(RouteTable& routes, ApiContext& context);   // /meetings
void AddStatusRoutes(RouteTable& routes, ApiContext& context);    // /meetings/{id}/status
void AddCommandRoutes(RouteTable& routes, ApiContext& context);   // /commands
void AddMailRoutes(RouteTable& routes, ApiContext& context);      // /mails
void AddCalendarRoutes(RouteTable& routes, ApiContext& context);  // iCal, calendar.ics
void AddSystemRoutes(RouteTable& routes, ApiContext& context);    // healthz, metrics, openapi

// Every family, in the order above.
void AddAllRoutes(RouteTable& routes, ApiContext& context);

// The id a POST body names ("id", a string); a 400 reply when it is missing or not text.
std::optional<std::string> BodyId(const ApiRequest& request, std::optional<ApiReply>& error);

}  // namespace schedulight
