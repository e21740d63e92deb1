// iCalendar views of the scheduled meetings (app/meeting_calendar.h): one
// meeting, and a feed of all for calendar subscriptions.

#include "admin/meeting_calendar.h"
#include "api/routes.h"

namespace schedulight {
namespace {

constexpr const char* kCalendarType = "text/calendar; charset=utf-8";

ApiReply MeetingIcal(ApiContext& context, const ApiRequest& request) {
  auto calendar = MeetingCalendar(context.store, request.Param("id"), context.clock());
  if (!calendar) return FailureReply(calendar.error());
  ApiReply reply = TextReply(200, kCalendarType, std::move(*calendar));
  reply.headers.push_back(
      {"Content-Disposition", "inline; filename=\"" + request.Param("id") + ".ics\""});
  return reply;
}

ApiReply Feed(ApiContext& context) {
  auto calendar = CalendarFeed(context.store, context.clock());
  if (!calendar) return FailureReply(calendar.error());
  return TextReply(200, kCalendarType, std::move(*calendar));
}

}  // namespace

void AddCalendarRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"GET", "/meetings/{id}/ical", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return MeetingIcal(context, request); }});
  routes.Add({"GET", "/calendar.ics", RouteBody::kNone, false,
              [&context](const ApiRequest&) { return Feed(context); }});
}

}  // namespace schedulight
