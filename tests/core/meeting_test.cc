#include "core/meeting.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace schedulight {
namespace {

MeetingDefaults Vienna() { return {FindTimeZone("Europe/Vienna")}; }

nlohmann::json ValidMeeting() {
  return nlohmann::json::parse(R"({
    "meetingName": "Vorlesung Mathematik für Anfänger",
    "meetingUID": "mat-101",
    "owner": {"email": " Anna.Mueller@Example.org ", "fullName": "Anna Müller"},
    "startDate": "2026-12-01 10:00",
    "preOpenMinutes": 30,
    "muteOnStart": "true",
    "accessCode": 4711,
    "shareWith": {"tutor@example.org": {"fullName": "Jörg", "send_emails": true}},
    "sendInvitationLink": {"a@example.org": null, "b@example.org": "Bea"},
    "liveStreaming": {"streamerHost": "streamer.example.org", "targetUrl": "rtmp://m/s/k"},
    "createParams": {"meta_course": "MAT101", "lockSettingsDisableCam": true},
    "somethingNew": {"kept": 1}
  })");
}

TEST(MeetingTest, ValidMeetingIsTyped) {
  FieldErrors errors;
  auto meeting = ValidateMeeting("m1", ValidMeeting(), "meetings.m1", Vienna(), errors);
  ASSERT_TRUE(meeting) << errors.front().ToString();
  EXPECT_EQ(meeting->server_id, "bbb");  // the original CLI's default server
  EXPECT_EQ(meeting->owner.email, "anna.mueller@example.org");
  ASSERT_TRUE(meeting->starts_at);
  EXPECT_EQ(FormatUtc(*meeting->starts_at), "2026-12-01T09:00:00Z");
  EXPECT_EQ(meeting->timezone, "Europe/Vienna");
  EXPECT_EQ(meeting->pre_open_minutes, 30);
  EXPECT_FALSE(meeting->pre_start_minutes);
  ASSERT_EQ(meeting->share_with.size(), 1u);
  EXPECT_EQ(meeting->share_with[0].send_emails, true);
  ASSERT_EQ(meeting->invitations.size(), 2u);
  EXPECT_EQ(meeting->invitations[1].full_name, "Bea");
  ASSERT_TRUE(meeting->live_streaming);
  EXPECT_EQ(meeting->live_streaming->streamer_host, "streamer.example.org");
  EXPECT_EQ(meeting->document["somethingNew"]["kept"], 1);
}

TEST(MeetingTest, MeetingTimezoneOverridesTheDefault) {
  auto doc = ValidMeeting();
  doc["timezone"] = "America/New_York";
  FieldErrors errors;
  auto meeting = ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors);
  ASSERT_TRUE(meeting);
  EXPECT_EQ(FormatUtc(*meeting->starts_at), "2026-12-01T15:00:00Z");
}

TEST(MeetingTest, PastStartDatesAreAccepted) {
  auto doc = ValidMeeting();
  doc["startDate"] = "2020-06-24 11:00";
  FieldErrors errors;
  EXPECT_TRUE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));
}

TEST(MeetingTest, EveryProblemIsNamedByItsPath) {
  auto doc = nlohmann::json::parse(R"({
    "owner": {"email": "not an email"},
    "startDate": "someday",
    "preOpenMinutes": -5,
    "record": "maybe",
    "timezone": "Europe/Atlantis",
    "shareWith": {"nobody": {}},
    "liveStreaming": {"streamerHost": "http://x/"},
    "meetingOwnerInfoTemplate": "../../etc/passwd",
    "createParams": {"bad name": 1, "nested": {"a": 1}},
    "recurrence": "every tuesday"
  })");
  FieldErrors errors;
  EXPECT_FALSE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));
  std::set<std::string> paths;
  for (const auto& error : errors) paths.insert(error.path);
  for (const char* expected :
       {"meetings.m1.meetingName", "meetings.m1.owner.email", "meetings.m1.owner.fullName",
        "meetings.m1.startDate", "meetings.m1.preOpenMinutes", "meetings.m1.record",
        "meetings.m1.timezone", "meetings.m1.shareWith.nobody",
        "meetings.m1.liveStreaming.streamerHost", "meetings.m1.liveStreaming.targetUrl",
        "meetings.m1.meetingOwnerInfoTemplate", "meetings.m1.createParams.bad name",
        "meetings.m1.createParams.nested", "meetings.m1.recurrence"}) {
    EXPECT_TRUE(paths.contains(expected)) << expected;
  }
}

TEST(MeetingTest, EmailErrorSaysWhatIsWrong) {
  auto doc = ValidMeeting();
  doc["owner"]["email"] = "anna";
  FieldErrors errors;
  ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(), "meetings.m1.owner.email: 'anna' is not a mail address");
}

TEST(MeetingTest, MeetingWithoutRoomUsesTheHomeRoom) {
  auto doc = ValidMeeting();
  doc.erase("meetingUID");
  FieldErrors errors;
  auto meeting = ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors);
  ASSERT_TRUE(meeting);
  EXPECT_TRUE(meeting->use_home_room);
  EXPECT_FALSE(meeting->document.contains("useHomeRoom"));  // the document stays as given
}

TEST(MeetingTest, IdFieldMustMatchTheKey) {
  auto doc = ValidMeeting();
  doc["id"] = "m1";
  FieldErrors errors;
  EXPECT_TRUE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));
  doc["id"] = "other";
  EXPECT_FALSE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));
  EXPECT_EQ(errors.back().path, "meetings.m1.id");
}

TEST(MeetingTest, RecurrenceIsAnRrule) {
  auto doc = ValidMeeting();
  doc["recurrence"] = "FREQ=WEEKLY;BYDAY=TU;COUNT=10";
  FieldErrors errors;
  auto meeting = ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors);
  ASSERT_TRUE(meeting);
  EXPECT_EQ(meeting->recurrence, "FREQ=WEEKLY;BYDAY=TU;COUNT=10");
}

TEST(MeetingTest, TemplateNamesArePlainFileNames) {
  EXPECT_TRUE(IsSafeTemplateName("imported-meetingOwnerInfoTemplate.j2"));
  EXPECT_FALSE(IsSafeTemplateName("../x"));
  EXPECT_FALSE(IsSafeTemplateName("/etc/passwd"));
  EXPECT_FALSE(IsSafeTemplateName(".hidden"));
  EXPECT_FALSE(IsSafeTemplateName("a..b"));
  EXPECT_FALSE(IsSafeTemplateName(""));
}

}  // namespace
}  // namespace schedulight
