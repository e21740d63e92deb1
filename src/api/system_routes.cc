// Operational endpoints: /healthz (no token needed: it only says whether the
// store answers and can be written), /metrics (Prometheus text), /openapi.json (the API's
// contract, docs/openapi.json compiled in).

#include "api/openapi_document.h"
#include "api/routes.h"

namespace schedulight {
namespace {

ApiReply Healthz(ApiContext& context) {
  auto done = context.store.Transact([](StoreSession& session) { session.ListServers(); });
  if (!done) return ErrorReply(503, "store unavailable");
  // A full disk still answers reads: the writes the daemon's parts made tell.
  const StoreHealth health = context.store.Health();
  if (!health.healthy) {
    return Envelope(503, "store failing: " + health.problem,
                    {{"store", "failing: " + health.problem},
                     {"store_write_errors", health.write_errors},
                     {"schema_version", context.store.SchemaVersion()}});
  }
  return Envelope(200, "ok",
                  {{"store", "ok"},
                   {"store_write_errors", health.write_errors},
                   {"schema_version", context.store.SchemaVersion()}});
}

ApiReply MetricsText(ApiContext& context) {
  return TextReply(200, "text/plain; version=0.0.4; charset=utf-8",
                   context.metrics.Render(context.store));
}

ApiReply OpenApi() { return TextReply(200, "application/json", std::string(OpenApiDocument())); }

}  // namespace

void AddSystemRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"GET", "/healthz", RouteBody::kNone, true,
              [&context](const ApiRequest&) { return Healthz(context); }});
  routes.Add({"GET", "/metrics", RouteBody::kNone, false,
              [&context](const ApiRequest&) { return MetricsText(context); }});
  routes.Add({"GET", "/openapi.json", RouteBody::kNone, false,
              [](const ApiRequest&) { return OpenApi(); }});
}

void AddAllRoutes(RouteTable& routes, ApiContext& context) {
  AddServerRoutes(routes, context);
  AddMeetingRoutes(routes, context);
  AddStatusRoutes(routes, context);
  AddCommandRoutes(routes, context);
  AddMailRoutes(routes, context);
  AddCalendarRoutes(routes, context);
  AddSystemRoutes(routes, context);
}

}  // namespace schedulight
