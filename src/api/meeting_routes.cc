// /meetings: the original's endpoints with its bodies. POST of an existing id
// replaces it (as the original did), PUT needs it to exist; a meeting without
// `server` uses the server "bbb". GET returns the document as a JSON object.

#include "admin/meeting_admin.h"
#include "admin/meeting_write.h"
#include "api/routes.h"

namespace schedulight {
namespace {

ApiReply ListMeetings(ApiContext& context) {
  auto ids = ListMeetingIds(context.store);
  if (!ids) return FailureReply(ids.error());
  return Envelope(200, "found meetings", *ids);
}

ApiReply PostMeeting(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto id = BodyId(request, error);
  if (!id) return *error;
  auto put =
      PutMeetingDocument(context.store, context.config, *id, request.body, false, context.clock());
  if (!put) return FailureReply(put.error());
  return Envelope(201, put->created ? "meeting added" : "meeting updated", put->document);
}

ApiReply GetMeeting(ApiContext& context, const ApiRequest& request) {
  auto overview = GetMeetingOverview(context.store, request.Param("id"));
  if (!overview) return FailureReply(overview.error());
  return Envelope(200, "meeting found", RedactMeetingDocument(overview->meeting.document));
}

ApiReply PutMeeting(ApiContext& context, const ApiRequest& request) {
  auto put = PutMeetingDocument(context.store, context.config, request.Param("id"), request.body,
                                true, context.clock());
  if (!put) return FailureReply(put.error());
  return Envelope(200, "updated meeting", put->document);
}

ApiReply DeleteMeeting(ApiContext& context, const ApiRequest& request) {
  auto deleted = DeleteMeeting(context.store, request.Param("id"));
  if (!deleted) return FailureReply(deleted.error());
  return NoContent();
}

}  // namespace

void AddMeetingRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"GET", "/meetings", RouteBody::kNone, false,
              [&context](const ApiRequest&) { return ListMeetings(context); }});
  routes.Add({"POST", "/meetings", RouteBody::kJsonObject, false,
              [&context](const ApiRequest& request) { return PostMeeting(context, request); }});
  routes.Add({"GET", "/meetings/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return GetMeeting(context, request); }});
  routes.Add({"PUT", "/meetings/{id}", RouteBody::kJsonObject, false,
              [&context](const ApiRequest& request) { return PutMeeting(context, request); }});
  routes.Add({"DELETE", "/meetings/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return DeleteMeeting(context, request); }});
}

}  // namespace schedulight
