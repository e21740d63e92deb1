#pragma once
// Scheduled meetings as iCalendar (RFC 5545, METHOD:PUBLISH), built with
// libical: one meeting (GET /meetings/{id}/ical) or every meeting with a
// start date that is not disabled (GET /calendar.ics, a feed a calendar
// program can subscribe to). Event UIDs are the ones invitation mails carry
// ("<meeting id>@<owner's mail domain>"), so a subscribed feed and a mailed
// invitation are the same event to the calendar. Times are in UTC.

#include <expected>
#include <string>

#include "admin/server_admin.h"
#include "store/store.h"

namespace schedulight {

// The VCALENDAR of one meeting; kNotFound when it does not exist or has no
// startDate (nothing to put in a calendar).
std::expected<std::string, AdminFailure> MeetingCalendar(Store& store, const std::string& id,
                                                         UtcTime now);

// The VCALENDAR of every enabled meeting with a start date.
std::expected<std::string, AdminFailure> CalendarFeed(Store& store, UtcTime now);

}  // namespace schedulight
