// Every real BBB answer in tests/fixtures/bbb parses, into the right values.

#include "bbb/responses.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace schedulight {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(SCHEDULIGHT_FIXTURES_DIR) / name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Outcome of parsing one fixture: "ok" or the messageKey of the failure.
std::string Outcome(const auto& parsed) {
  if (parsed) return "ok";
  EXPECT_EQ(parsed.error().kind, BbbErrorKind::kApi) << parsed.error().ToString();
  return parsed.error().message_key;
}

using Parser = std::function<std::string(const std::string&)>;

// The parser for a fixture, chosen by the call its name starts with.
Parser ParserFor(const std::string& name) {
  const std::map<std::string, Parser> parsers = {
      {"apiVersion", [](auto& x) { return Outcome(ParseApiVersionResponse(x)); }},
      {"checksumError", [](auto& x) { return Outcome(ParseGenericResponse(x)); }},
      {"missingParam", [](auto& x) { return Outcome(ParseGenericResponse(x)); }},
      {"create", [](auto& x) { return Outcome(ParseCreateResponse(x)); }},
      {"join", [](auto& x) { return Outcome(ParseJoinResponse(x)); }},
      {"end", [](auto& x) { return Outcome(ParseEndResponse(x)); }},
      {"isMeetingRunning", [](auto& x) { return Outcome(ParseIsMeetingRunningResponse(x)); }},
      {"getMeetingInfo", [](auto& x) { return Outcome(ParseMeetingInfoResponse(x)); }},
      {"getMeetings", [](auto& x) { return Outcome(ParseMeetingsResponse(x)); }},
      {"getRecordings", [](auto& x) { return Outcome(ParseRecordingsResponse(x)); }},
      {"deleteRecordings", [](auto& x) { return Outcome(ParseDeleteRecordingsResponse(x)); }},
      {"publishRecordings", [](auto& x) { return Outcome(ParsePublishRecordingsResponse(x)); }},
      {"updateRecordings", [](auto& x) { return Outcome(ParseGenericResponse(x)); }},
      {"hooks", [](auto& x) { return Outcome(ParseGenericResponse(x)); }},
  };
  std::string call = name.substr(0, name.find_first_of("-."));
  if (call.starts_with("missingParam")) call = "missingParam";
  auto it = parsers.find(call);
  return it == parsers.end() ? Parser{} : it->second;
}

TEST(Fixtures, EveryFileParsesWithTheExpectedOutcome) {
  // Fixtures whose answer is FAILED, with the messageKey the parser must report.
  const std::map<std::string, std::string> failures = {
      {"checksumError.xml", "checksumError"},
      {"create-idNotUnique.xml", "idNotUnique"},
      {"deleteRecordings-notFound.xml", "notFound"},
      {"end-notFound-legacy.xml", "notFound"},
      {"end-notFound.xml", "notFound"},
      {"getMeetingInfo-notFound.xml", "notFound"},
      {"hooks-destroy-destroyMissingHook.xml", "destroyMissingHook"},
      {"missingParamMeetingID.xml", "missingParamMeetingID"},
  };
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SCHEDULIGHT_FIXTURES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".xml") continue;
    Parser parser = ParserFor(name);
    ASSERT_TRUE(parser) << "no parser for fixture " << name;
    auto expected = failures.find(name);
    EXPECT_EQ(parser(ReadFixture(name)), expected == failures.end() ? "ok" : expected->second)
        << name;
    ++parsed;
  }
  EXPECT_EQ(parsed, 34);
}

TEST(Fixtures, CreateSuccess) {
  auto result = ParseCreateResponse(ReadFixture("create-success.xml"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->meeting_id, "Dreammall-Entwicklung");
  EXPECT_EQ(result->internal_meeting_id, "258ea7269760758304b6b8494f17e9bf69dc1efe-1718289413143");
  EXPECT_EQ(result->parent_meeting_id, "bbb-none");
  EXPECT_EQ(result->attendee_pw, "5ixnD4hJ");
  EXPECT_EQ(result->moderator_pw, "cakLrzBr");
  EXPECT_EQ(result->create_time, 1718289413143);
  EXPECT_EQ(result->voice_bridge, "09746");
  EXPECT_FALSE(result->duplicate);
  EXPECT_EQ(result->message_key, "");
}

TEST(Fixtures, CreateDuplicateIsSuccessWithFlag) {
  auto result = ParseCreateResponse(ReadFixture("create-duplicateWarning.xml"));
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->duplicate);
  EXPECT_EQ(result->message_key, "duplicateWarning");
}

TEST(Fixtures, CreateIdNotUniqueIsTypedError) {
  auto result = ParseCreateResponse(ReadFixture("create-idNotUnique.xml"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, BbbErrorKind::kApi);
  EXPECT_EQ(result.error().message_key, "idNotUnique");
  EXPECT_EQ(result.error().message,
            "A meeting already exists with that meeting ID.  Please use a different meeting ID.");
}

TEST(Fixtures, ChecksumErrorIsRecognised) {
  auto result = ParseMeetingsResponse(ReadFixture("checksumError.xml"));
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().IsChecksumError());
  EXPECT_EQ(result.error().message, "Checksums do not match");
  EXPECT_NE(result.error().ToString().find("BBB_SECRET"), std::string::npos);
}

TEST(Fixtures, NotFoundWithCrlfLineEnds) {
  auto result = ParseMeetingInfoResponse(ReadFixture("getMeetingInfo-notFound.xml"));
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().IsNotFound());
  EXPECT_EQ(result.error().message, "A meeting with that ID does not exist");
}

TEST(Fixtures, IsMeetingRunning) {
  EXPECT_EQ(ParseIsMeetingRunningResponse(ReadFixture("isMeetingRunning-true.xml")), true);
  EXPECT_EQ(ParseIsMeetingRunningResponse(ReadFixture("isMeetingRunning-false.xml")), false);
}

TEST(Fixtures, MeetingInfoWithAttendeesAndCustomData) {
  auto info = ParseMeetingInfoResponse(ReadFixture("getMeetingInfo-running-four-attendees.xml"));
  ASSERT_TRUE(info) << info.error().ToString();
  EXPECT_TRUE(info->running);
  ASSERT_EQ(info->attendees.size(), 4u);
  EXPECT_EQ(info->attendees[1].full_name, "Barrett Kutch");
  EXPECT_EQ(info->attendees[1].role, "MODERATOR");
  EXPECT_EQ(info->attendees[1].custom_data.at("backgroundColor"), "#FF0033");
  EXPECT_EQ(info->attendees[1].custom_data.at("customStyle"), "a:focus{color:#0181eb}");
  EXPECT_TRUE(info->attendees[0].custom_data.empty());
}

TEST(Fixtures, MeetingInfoBreakouts) {
  auto child = ParseMeetingInfoResponse(ReadFixture("getMeetingInfo-is-breakout-room.xml"));
  ASSERT_TRUE(child);
  EXPECT_TRUE(child->is_breakout);
  EXPECT_FALSE(child->parent_meeting_id.empty());
  EXPECT_GT(child->sequence, 0);
  auto parent = ParseMeetingInfoResponse(ReadFixture("getMeetingInfo-with-breakout-rooms.xml"));
  ASSERT_TRUE(parent);
  EXPECT_FALSE(parent->is_breakout);
  EXPECT_FALSE(parent->breakout_rooms.empty());
}

TEST(Fixtures, MeetingInfoMetadataDocs) {
  auto info = ParseMeetingInfoResponse(ReadFixture("getMeetingInfo-running-metadata-docs-3.0.xml"));
  ASSERT_TRUE(info) << info.error().ToString();
  EXPECT_FALSE(info->metadata.empty());
  EXPECT_FALSE(info->meeting_name.empty());
}

TEST(Fixtures, GetMeetings) {
  auto none = ParseMeetingsResponse(ReadFixture("getMeetings-none.xml"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto three = ParseMeetingsResponse(ReadFixture("getMeetings-three.xml"));
  ASSERT_TRUE(three);
  ASSERT_EQ(three->size(), 3u);
  EXPECT_EQ((*three)[0].meeting_name, "Prof. Josie Reichert IV");
  EXPECT_EQ((*three)[0].attendee_pw, "=g.TrpDM=xB.oOW5h|m");
  EXPECT_EQ((*three)[0].metadata.at("presenter"), "Alessandra Funk");
  EXPECT_TRUE((*three)[1].is_breakout);
  EXPECT_EQ((*three)[1].parent_meeting_id, "ParentMeetingId");
  EXPECT_EQ((*three)[2].moderator_pw, "n:\"zWc##Bi.y,d^s,mMF");
  auto one = ParseMeetingsResponse(ReadFixture("getMeetings-one-running.xml"));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].meeting_id, "Dreammall-Entwicklung");
  EXPECT_EQ((*one)[0].attendees.size(), 1u);
}

TEST(Fixtures, GetRecordings) {
  auto six = ParseRecordingsResponse(ReadFixture("getRecordings-six.xml"));
  ASSERT_TRUE(six) << six.error().ToString();
  ASSERT_EQ(six->size(), 6u);
  EXPECT_EQ((*six)[0].name, "SAT- Writing-Humanities (All participants)");  // CDATA
  EXPECT_EQ((*six)[0].metadata.at("bn-origin"), "Moodle");
  ASSERT_EQ((*six)[0].playback.size(), 2u);
  EXPECT_EQ((*six)[0].playback[1].type, "presentation");
  ASSERT_EQ((*six)[0].playback[1].preview.size(), 2u);
  EXPECT_EQ((*six)[0].playback[1].preview[0].alt, "Welcome");
  EXPECT_EQ((*six)[0].playback[1].preview[0].width, 176);
  auto two = ParseRecordingsResponse(ReadFixture("getRecordings-two-docs.xml"));
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].name, "Fred's Room");
  EXPECT_EQ((*two)[0].participants, 3);
  EXPECT_TRUE((*two)[0].published);
  auto none = ParseRecordingsResponse(ReadFixture("getRecordings-none.xml"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Fixtures, RecordingsChanges) {
  EXPECT_EQ(ParseDeleteRecordingsResponse(ReadFixture("deleteRecordings-success.xml")), true);
  EXPECT_EQ(ParsePublishRecordingsResponse(ReadFixture("publishRecordings-success.xml")), true);
  auto missing = ParseDeleteRecordingsResponse(ReadFixture("deleteRecordings-notFound.xml"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "We could not find recordings");
}

TEST(Fixtures, JoinAndEndAndVersion) {
  auto join = ParseJoinResponse(ReadFixture("join-success-redirect-false.xml"));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->message_key, "successfullyJoined");
  EXPECT_EQ(join->session_token, "rbe7bbkjzx5mnoda");
  EXPECT_EQ(join->guest_status, "ALLOW");
  auto end = ParseEndResponse(ReadFixture("end-success.xml"));
  ASSERT_TRUE(end);
  EXPECT_EQ(end->message_key, "sentEndMeetingRequest");
  auto version = ParseApiVersionResponse(ReadFixture("apiVersion-3.0.xml"));
  ASSERT_TRUE(version);
  EXPECT_EQ(version->version, "2.0");
  EXPECT_FALSE(version->bbb_version.empty());
}

TEST(Responses, GarbageIsMalformedNotACrash) {
  for (const char* body :
       {"", "<html><body>502 Bad Gateway</body></html>", "<response><returncode>SUCC",
        "not xml at all", "<response><returncode>MAYBE</returncode></response>",
        "<response><returncode>SUCCESS</returncode><meetings><meeting><meetingID>a</meetingID>"
        "<createTime>soon</createTime></meeting></meetings></response>"}) {
    auto parsed = ParseMeetingsResponse(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().kind, BbbErrorKind::kMalformed) << body;
    EXPECT_FALSE(parsed.error().ToString().empty());
  }
}

TEST(Responses, LegacyErrorListIsTypedError) {
  auto parsed = ParseCreateResponse(
      "<response><returncode>FAILED</returncode><errors><error><key>nonUniqueVoiceBridge</key>"
      "<message>The selected voice bridge is already in use.</message></error></errors>"
      "</response>");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message_key, "nonUniqueVoiceBridge");
}

TEST(Responses, KeylessChecksumMismatchCountsAsChecksumError) {
  auto parsed = ParseGenericResponse(
      "<response><returncode>FAILED</returncode><messageKey>validationError</messageKey>"
      "<message>Checksums do not match</message></response>");
  ASSERT_FALSE(parsed);
  EXPECT_TRUE(parsed.error().IsChecksumError());
}

}  // namespace
}  // namespace schedulight
