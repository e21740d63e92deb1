// /servers: the original's endpoints with its bodies. POST of an existing id
// replaces it (as the original did); PUT needs it to exist. Output never
// shows a secret (server_admin.h).

#include "admin/server_admin.h"
#include "api/routes.h"

namespace schedulight {
namespace {

ApiReply ListServers(ApiContext& context) {
  auto ids = ListServerIds(context.store);
  if (!ids) return FailureReply(ids.error());
  return Envelope(200, "found servers", *ids);
}

ApiReply PostServer(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto id = BodyId(request, error);
  if (!id) return *error;
  auto put = PutServerDocument(context.store, *id, request.body, false, context.clock());
  if (!put) return FailureReply(put.error());
  return Envelope(201, put->created ? "server added" : "server updated", put->document);
}

ApiReply GetServer(ApiContext& context, const ApiRequest& request) {
  auto document = GetServerDocument(context.store, request.Param("id"));
  if (!document) return FailureReply(document.error());
  return Envelope(200, "server found", *document);
}

ApiReply PutServer(ApiContext& context, const ApiRequest& request) {
  auto put =
      PutServerDocument(context.store, request.Param("id"), request.body, true, context.clock());
  if (!put) return FailureReply(put.error());
  return Envelope(200, "updated server", put->document);
}

ApiReply DeleteServer(ApiContext& context, const ApiRequest& request) {
  auto deleted = DeleteServerDocument(context.store, request.Param("id"));
  if (!deleted) return FailureReply(deleted.error());
  return NoContent();
}

}  // namespace

void AddServerRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"GET", "/servers", RouteBody::kNone, false,
              [&context](const ApiRequest&) { return ListServers(context); }});
  routes.Add({"POST", "/servers", RouteBody::kJsonObject, false,
              [&context](const ApiRequest& request) { return PostServer(context, request); }});
  routes.Add({"GET", "/servers/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return GetServer(context, request); }});
  routes.Add({"PUT", "/servers/{id}", RouteBody::kJsonObject, false,
              [&context](const ApiRequest& request) { return PutServer(context, request); }});
  routes.Add({"DELETE", "/servers/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return DeleteServer(context, request); }});
}

std::optional<std::string> BodyId(const ApiRequest& request, std::optional<ApiReply>& error) {
  auto it = request.body.find("id");
  if (it == request.body.end() || !it->is_string() || it->get<std::string>().empty()) {
    error = ErrorReply(400, "id: required, as text", {{"id", "required, as text"}});
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace schedulight
