#pragma once
// The iCalendar invitation (RFC 5545 / iTIP METHOD:REQUEST) attached to
// invitation and owner-info mails of meetings that have a start date, so the
// meeting lands in the recipient's calendar. Built with libical.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "core/start_date.h"
#include "mail/template_model.h"

namespace schedulight {

struct CalendarInvite {
  std::string uid;  // stable per meeting: a re-sent invitation updates the same event
  std::string summary;
  std::string description;
  UtcTime starts_at;
  std::int64_t duration_minutes = 60;
  std::string url;  // the room link; also the LOCATION
  MailPerson organizer;
  MailPerson attendee;
  std::optional<std::string> recurrence;  // an RRULE value ("FREQ=WEEKLY;COUNT=4")
  UtcTime stamp;                          // DTSTAMP: when the invitation was made
};

// The VCALENDAR text (CRLF line ends, folded as RFC 5545 says). DTSTART and
// DTEND are written in UTC, which every calendar understands without a
// VTIMEZONE. Fails only for an unparsable recurrence rule.
std::expected<std::string, std::string> BuildCalendarInvite(const CalendarInvite& invite);

// The UID scheduLight gives a meeting's event: "<meeting id>@<domain>".
std::string CalendarUid(const std::string& meeting_id, const std::string& domain);

}  // namespace schedulight
