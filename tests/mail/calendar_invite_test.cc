#include "mail/calendar_invite.h"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <memory>

namespace schedulight {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

CalendarInvite Sample() {
  CalendarInvite invite;
  invite.uid = CalendarUid("m1", "example.org");
  invite.summary = "Prüfung; mit, Sonderzeichen";
  invite.description = "Zeile 1\nZeile 2";
  invite.starts_at = ParseStartDate("2026-07-01 10:00", FindTimeZone("Europe/Vienna")).value();
  invite.duration_minutes = 90;
  invite.url = "https://gl.example.org/b/abc";
  invite.organizer = {"owner@example.org", "Jürgen \"J\" Owner"};
  invite.attendee = {"anna@example.org", "Anna"};
  invite.stamp = FromUnixSeconds(1780000000);
  return invite;
}

TEST(CalendarInviteTest, ParsesBackWithTheRightTimes) {
  auto text = BuildCalendarInvite(Sample());
  ASSERT_TRUE(text) << text.error();
  EXPECT_NE(text->find("\r\n"), std::string::npos);
  std::unique_ptr<icalcomponent, ComponentFree> calendar(icalparser_parse_string(text->c_str()));
  ASSERT_TRUE(calendar);
  EXPECT_EQ(icalcomponent_get_method(calendar.get()), ICAL_METHOD_REQUEST);
  icalcomponent* event = icalcomponent_get_first_component(calendar.get(), ICAL_VEVENT_COMPONENT);
  ASSERT_TRUE(event);
  EXPECT_STREQ(icalcomponent_get_uid(event), "m1@example.org");
  EXPECT_STREQ(icalcomponent_get_summary(event), "Prüfung; mit, Sonderzeichen");
  EXPECT_STREQ(icalcomponent_get_description(event), "Zeile 1\nZeile 2");
  EXPECT_STREQ(icalcomponent_get_location(event), "https://gl.example.org/b/abc");
  const icaltimetype start = icalcomponent_get_dtstart(event);
  EXPECT_TRUE(icaltime_is_utc(start));
  EXPECT_EQ(icaltime_as_timet(start), ToUnixSeconds(Sample().starts_at));  // 08:00Z
  EXPECT_EQ(start.hour, 8);
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtend(event)) - icaltime_as_timet(start), 90 * 60);
  icalproperty* organizer = icalcomponent_get_first_property(event, ICAL_ORGANIZER_PROPERTY);
  ASSERT_TRUE(organizer);
  EXPECT_STREQ(icalproperty_get_organizer(organizer), "mailto:owner@example.org");
  EXPECT_STREQ(icalproperty_get_parameter_as_string(organizer, "CN"), "Jürgen J Owner");
  icalproperty* url = icalcomponent_get_first_property(event, ICAL_URL_PROPERTY);
  ASSERT_TRUE(url);
  EXPECT_STREQ(icalproperty_get_url(url), "https://gl.example.org/b/abc");
}

TEST(CalendarInviteTest, RecurrenceRule) {
  CalendarInvite invite = Sample();
  invite.recurrence = "FREQ=WEEKLY;COUNT=4";
  auto text = BuildCalendarInvite(invite);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("RRULE:FREQ=WEEKLY;COUNT=4"), std::string::npos);
  invite.recurrence = "EVERY TUESDAY";
  EXPECT_FALSE(BuildCalendarInvite(invite));
}

}  // namespace
}  // namespace schedulight
