#include "mail/calendar_invite.h"

#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "mail/mail_renderer.h"

namespace schedulight {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

struct CharFree {
  void operator()(char* text) const { std::free(text); }
};

icaltimetype IcalUtc(UtcTime time) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(ToUnixSeconds(time)), 0,
                                       icaltimezone_get_utc_timezone());
}

// A CN parameter value: one line, no double quotes (RFC 5545 allows none).
std::string CommonName(const MailPerson& person) {
  std::string name = SanitizeHeaderText(person.name.empty() ? person.email : person.name);
  std::erase(name, '"');
  return name;
}

icalproperty* PersonProperty(icalproperty* property, const MailPerson& person) {
  icalproperty_add_parameter(property, icalparameter_new_cn(CommonName(person).c_str()));
  return property;
}

}  // namespace

std::string CalendarUid(const std::string& meeting_id, const std::string& domain) {
  return meeting_id + "@" + (domain.empty() ? "schedulight" : domain);
}

std::expected<std::string, std::string> BuildCalendarInvite(const CalendarInvite& invite) {
  Component calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//scheduLight//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_REQUEST));

  icalcomponent* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  icalcomponent_add_component(calendar.get(), event);  // the calendar owns it now
  icalcomponent_add_property(event, icalproperty_new_uid(invite.uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(IcalUtc(invite.stamp)));
  icalcomponent_add_property(event, icalproperty_new_dtstart(IcalUtc(invite.starts_at)));
  const auto minutes = std::max<std::int64_t>(invite.duration_minutes, 1);
  icalcomponent_add_property(
      event, icalproperty_new_dtend(IcalUtc(invite.starts_at + std::chrono::minutes(minutes))));
  icalcomponent_add_property(event, icalproperty_new_sequence(0));
  icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property(event, icalproperty_new_summary(invite.summary.c_str()));
  if (!invite.description.empty()) {
    icalcomponent_add_property(event, icalproperty_new_description(invite.description.c_str()));
  }
  if (!invite.url.empty()) {
    icalcomponent_add_property(event, icalproperty_new_url(invite.url.c_str()));
    icalcomponent_add_property(event, icalproperty_new_location(invite.url.c_str()));
  }
  if (!invite.organizer.email.empty()) {
    const std::string uri = "mailto:" + invite.organizer.email;
    icalcomponent_add_property(
        event, PersonProperty(icalproperty_new_organizer(uri.c_str()), invite.organizer));
  }
  if (!invite.attendee.email.empty()) {
    const std::string uri = "mailto:" + invite.attendee.email;
    icalproperty* attendee =
        PersonProperty(icalproperty_new_attendee(uri.c_str()), invite.attendee);
    icalproperty_add_parameter(attendee, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(attendee, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
    icalproperty_add_parameter(attendee, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
    icalcomponent_add_property(event, attendee);
  }
  if (invite.recurrence) {
    icalerror_set_errors_are_fatal(0);
    const icalrecurrencetype rule = icalrecurrencetype_from_string(invite.recurrence->c_str());
    icalerror_clear_errno();
    if (rule.freq == ICAL_NO_RECURRENCE) {
      return std::unexpected("'" + *invite.recurrence + "' is not an RFC 5545 RRULE");
    }
    icalcomponent_add_property(event, icalproperty_new_rrule(rule));
  }
  std::unique_ptr<char, CharFree> text(icalcomponent_as_ical_string_r(calendar.get()));
  if (!text) return std::unexpected("libical could not write the invitation");
  return std::string(text.get());
}

}  // namespace schedulight
