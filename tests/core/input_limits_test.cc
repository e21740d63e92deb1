// Hostile values in documents: over-long fields (which overflowed the stack
// in std::regex), wrong types, unbounded numbers, control characters. Every
// one must be an error naming the field, never a crash, never accepted.

#include "core/input_limits.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <string>

#include "core/command.h"
#include "core/meeting.h"
#include "core/server.h"

namespace schedulight {
namespace {

MeetingDefaults Vienna() { return {FindTimeZone("Europe/Vienna")}; }

nlohmann::json ValidServer() {
  return {{"BBB_URL", "https://bbb.example.org/bigbluebutton/api"},
          {"BBB_SECRET", "s3cret"},
          {"mailServer", "smtp://mail.example.org:587"},
          {"greenlight", {{"version", 2}, {"database", "postgresql://gl:pw@db/gl"}}}};
}

nlohmann::json ValidMeeting() {
  return {{"meetingName", "Lecture"},
          {"owner", {{"email", "anna@example.org"}, {"fullName", "Anna"}}},
          {"startDate", "2026-12-01 10:00"}};
}

// The errors of validating doc, as "path: message" lines.
std::vector<std::string> ServerErrors(const nlohmann::json& doc) {
  FieldErrors errors;
  EXPECT_FALSE(ValidateServer("bbb", doc, "servers.bbb", errors));
  std::vector<std::string> lines;
  for (const auto& error : errors) lines.push_back(error.ToString());
  return lines;
}

std::vector<std::string> MeetingErrors(const nlohmann::json& doc) {
  FieldErrors errors;
  EXPECT_FALSE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));
  std::vector<std::string> lines;
  for (const auto& error : errors) lines.push_back(error.ToString());
  return lines;
}

std::vector<std::string> One(std::string line) { return {std::move(line)}; }

TEST(InputLimitsTest, OverLongServerFieldsNameTheFieldAndTheLimit) {
  auto doc = ValidServer();
  doc["mailServer"] = std::string(30'000, 'a');  // crashed in std::regex
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.mailServer: longer than 300 characters"));

  doc = ValidServer();
  doc["BBB_URL"] = "https://" + std::string(60'000, 'a');
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.BBB_URL: longer than 2048 characters"));

  doc = ValidServer();
  doc["link_base"] = "https://" + std::string(60'000, 'a');
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.link_base: longer than 2048 characters"));

  doc = ValidServer();
  doc["greenlight"]["database"] = "postgresql://" + std::string(60'000, 'a');
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.greenlight.database: longer than 2048 characters"));

  doc = ValidServer();
  doc["mailFrom"] = std::string(60'000, 'a') + "@example.org";
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.mailFrom: longer than 254 characters"));

  doc = ValidServer();
  doc["BBB_SECRET"] = std::string(2000, 'f');
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.BBB_SECRET: longer than 1024 characters"));

  doc = ValidServer();
  doc["checksumAlgorithm"] = std::string(60'000, 's');
  EXPECT_EQ(ServerErrors(doc), One("servers.bbb.checksumAlgorithm: longer than 64 characters"));
}

TEST(InputLimitsTest, ValuesAtTheLimitAreAccepted) {
  auto doc = ValidServer();
  const std::string host = std::string(63, 'a') + "." + std::string(63, 'b') + ".example.org";
  doc["mailServer"] = "smtps://" + host + ":465/";
  doc["BBB_URL"] = "https://bbb.example.org/" + std::string(2048 - 24, 'p');
  FieldErrors errors;
  EXPECT_TRUE(ValidateServer("bbb", doc, "servers.bbb", errors))
      << (errors.empty() ? "" : errors[0].ToString());

  auto meeting = ValidMeeting();
  meeting["meetingName"] = std::string(256, 'n');
  meeting["welcome"] = std::string(kMaxFreeTextLength, 'w');
  meeting["owner"]["fullName"] = std::string(255, 'x') + "ü";  // 256 characters, 257 bytes
  EXPECT_TRUE(ValidateMeeting("m1", meeting, "meetings.m1", Vienna(), errors))
      << (errors.empty() ? "" : errors[0].ToString());
}

TEST(InputLimitsTest, OverLongMeetingFieldsNameTheFieldAndTheLimit) {
  auto doc = ValidMeeting();
  doc["liveStreaming"] = {{"streamerHost", std::string(40'000, 'h')}, {"targetUrl", "rtmp://x/s"}};
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.liveStreaming.streamerHost: longer than 300 characters"));

  doc = ValidMeeting();
  doc["createParams"] = {{std::string(50'000, 'k'), 1}};
  auto errors = MeetingErrors(doc);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("longer than 128 characters"), std::string::npos);
  EXPECT_LT(errors[0].find("longer than"), 50'100u);  // the message does not repeat the key

  doc = ValidMeeting();
  doc["createParams"] = {{"welcome", std::string(kMaxFreeTextLength + 1, 'v')}};
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.createParams.welcome: longer than 65536 characters"));

  doc = ValidMeeting();
  doc["meetingName"] = std::string(257, 'n');
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingName: longer than 256 characters"));

  for (const char* key : {"welcome", "bannerText", "description"}) {
    doc = ValidMeeting();
    doc[key] = std::string(kMaxFreeTextLength + 1, 'w');
    EXPECT_EQ(MeetingErrors(doc),
              One(std::string("meetings.m1.") + key + ": longer than 65536 characters"));
  }

  doc = ValidMeeting();
  doc["recurrence"] = "FREQ=WEEKLY;" + std::string(60'000, 'x');
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.recurrence: longer than 1024 characters"));

  doc = ValidMeeting();
  doc["startDate"] = std::string(60'000, '2');
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.startDate: longer than 64 characters"));

  doc = ValidMeeting();
  doc["timezone"] = std::string(60'000, 'Z');
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.timezone: longer than 256 characters"));

  doc = ValidMeeting();
  doc["language"] = std::string(60'000, 'e');
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.language: longer than 64 characters"));

  doc = ValidMeeting();
  doc["meetingOwnerInfoTemplate"] = std::string(60'000, 't');
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.meetingOwnerInfoTemplate: longer than 256 characters"));
}

TEST(InputLimitsTest, NamesAndTextMustBeText) {
  auto doc = ValidMeeting();
  doc["meetingName"] = 5;  // was stored as the meeting "5"
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.meetingName: must be text, not a number (write it in quotes)"));

  doc = ValidMeeting();
  doc["owner"]["fullName"] = 42;
  doc["welcome"] = true;
  doc["timezone"] = 1;
  EXPECT_EQ(MeetingErrors(doc),
            (std::vector<std::string>{
                "meetings.m1.owner.fullName: must be text, not a number (write it in quotes)",
                "meetings.m1.timezone: must be text, not a number (write it in quotes)",
                "meetings.m1.welcome: must be text"}));

  // Codes, uids and secrets keep taking plain numbers, as the original's files have them.
  doc = ValidMeeting();
  doc["accessCode"] = 1234;
  doc["meetingUID"] = 4711;
  doc["meetingID"] = 123456;
  doc["owner"]["password"] = 12345678;
  FieldErrors errors;
  EXPECT_TRUE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors))
      << (errors.empty() ? "" : errors[0].ToString());

  auto server = ValidServer();
  server["BBB_SECRET"] = 1234567890;
  EXPECT_TRUE(ValidateServer("bbb", server, "servers.bbb", errors));
  server["mailFromName"] = 7;
  EXPECT_EQ(ServerErrors(server),
            One("servers.bbb.mailFromName: must be text, not a number (write it in quotes)"));
}

TEST(InputLimitsTest, MeetingNameNeedsTwoCharactersAsBbbDoes) {
  auto doc = ValidMeeting();
  doc["meetingName"] = "X";
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingName: must have at least 2 characters"));
  doc["meetingName"] = "";
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingName: must have at least 2 characters"));
  doc["meetingName"] = "Ω";  // one character, two bytes
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingName: must have at least 2 characters"));
  doc["meetingName"] = "XY";
  FieldErrors errors;
  EXPECT_TRUE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));
}

TEST(InputLimitsTest, BbbMeetingIdFollowsBbbRules) {
  auto doc = ValidMeeting();
  doc["meetingID"] = "a";
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingID: must have at least 2 characters"));
  doc["meetingID"] = "a,b";
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.meetingID: must not contain ',' (BBB refuses it)"));
  doc["meetingID"] = std::string(257, 'i');
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingID: longer than 256 characters"));
}

TEST(InputLimitsTest, MinutesAreBoundedToAYear) {
  for (const char* key :
       {"preOpenMinutes", "preStartMinutes", "endAfterMinutes", "reminderMinutes", "duration"}) {
    auto doc = ValidMeeting();
    doc[key] = 9223372036854775807LL;  // * 60 overflowed in std::chrono
    EXPECT_EQ(MeetingErrors(doc), One(std::string("meetings.m1.") + key +
                                      ": must be a whole number of minutes from 0 to 525600 "
                                      "(a year)"));
    doc[key] = std::numeric_limits<std::uint64_t>::max();
    EXPECT_EQ(MeetingErrors(doc).size(), 1u) << key;
    doc[key] = 525601;
    EXPECT_EQ(MeetingErrors(doc).size(), 1u) << key;
    doc[key] = -1;
    EXPECT_EQ(MeetingErrors(doc).size(), 1u) << key;
    doc[key] = 525600;
    FieldErrors errors;
    EXPECT_TRUE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors)) << key;
  }
  auto doc = ValidMeeting();
  doc["maxParticipants"] = 100001;
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.maxParticipants: must be a whole number from 0 to 100000"));
}

TEST(InputLimitsTest, ControlCharactersAreRefusedInNames) {
  auto doc = ValidMeeting();
  doc["meetingName"] = std::string("Lecture\0 hidden", 15);  // Greenlight cut it at the NUL
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.meetingName: must not contain the control character U+0000"));

  doc = ValidMeeting();
  doc["owner"]["fullName"] = "Anna\nBcc: x@evil.org";
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.owner.fullName: must not contain the control character U+000A"));

  doc = ValidMeeting();
  doc["shareWith"] = {{"tutor@example.org", "Tu\x1btor"}};
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.shareWith.tutor@example.org: must not contain "
                                    "the control character U+001B"));

  doc = ValidMeeting();
  doc["welcome"] = std::string("a\0b", 3);
  EXPECT_EQ(MeetingErrors(doc),
            One("meetings.m1.welcome: must not contain the control character U+0000"));

  // Line breaks and tabs are fine where text may span lines.
  doc = ValidMeeting();
  doc["welcome"] = "Welcome!\n\tThe lecture starts at __startDate__.\r\n";
  doc["description"] = "line 1\nline 2";
  FieldErrors errors;
  EXPECT_TRUE(ValidateMeeting("m1", doc, "meetings.m1", Vienna(), errors));

  doc = ValidMeeting();
  doc["meetingName"] = "Caf\xC3";  // cut-off UTF-8
  EXPECT_EQ(MeetingErrors(doc), One("meetings.m1.meetingName: is not valid UTF-8 text"));
}

TEST(InputLimitsTest, CommandsCheckTheirKeysAndNames) {
  const auto errors_of = [](const nlohmann::json& doc) {
    FieldErrors errors;
    EXPECT_FALSE(ValidateCommand("c1", doc, "commands.c1", errors));
    std::vector<std::string> lines;
    for (const auto& error : errors) lines.push_back(error.ToString());
    return lines;
  };
  nlohmann::json doc = {{"command", "create_room"},
                        {"data", {{std::string("Room\0X", 6), {{"email", "o@example.org"}}}}}};
  auto errors = errors_of(doc);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("must not contain the control character U+0000"), std::string::npos);

  doc = {{"command", "rename_room"}, {"data", {{"uid", {{"name", std::string(300, 'n')}}}}}};
  EXPECT_EQ(errors_of(doc), One("commands.c1.data.uid.name: longer than 256 characters"));

  doc = {{"command", "delete_room"}, {"data", {{std::string(60'000, 'u'), nullptr}}}};
  errors = errors_of(doc);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].ends_with(": longer than 256 characters"));

  doc = {{"command", "create_user"}, {"data", {{"u@example.org", {{"fullName", 5}}}}}};
  EXPECT_EQ(errors_of(doc),
            One("commands.c1.data.u@example.org.fullName: must be text, not a number (write it "
                "in quotes)"));

  doc = {{"command", std::string(60'000, 'c')}, {"data", {{"u@example.org", nullptr}}}};
  EXPECT_EQ(errors_of(doc), One("commands.c1.command: longer than 64 characters"));
}

TEST(InputLimitsTest, RedactingAnOverLongDatabaseUrlDoesNotCrash) {
  // A 60,000-character database URL stored before this check existed crashed
  // every GET /servers/{id} and every start (std::regex_replace).
  const std::string url = "postgresql://gl:" + std::string(60'000, 'p') + "@db/gl";
  EXPECT_EQ(RedactDatabaseUrl(url), "postgresql://gl:***@db/gl");
  const std::string key_value = "host=db password=" + std::string(60'000, 'p') + " dbname=gl";
  EXPECT_EQ(RedactDatabaseUrl(key_value), "host=db password=*** dbname=gl");
  EXPECT_EQ(RedactDatabaseUrl(std::string(60'000, ':')), std::string(60'000, ':'));
}

}  // namespace
}  // namespace schedulight
