// The BBB use cases behind `meetings running|find` and `server check`,
// against bbb-sim over loopback, with servers from a real (in-memory) store.

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "admin/meeting_file_append.h"
#include "admin/running_meetings.h"
#include "admin/server_check.h"
#include "core/yaml_document.h"
#include "engine/bbb_server_client.h"
#include "sim_server.h"

namespace schedulight {
namespace {

constexpr const char* kSecret = "app-test-secret";

class BbbAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = std::make_unique<sim::SimServer>(sim::SimServerOptions{.secret = kSecret});
    ASSERT_TRUE(sim_->Start());
    auto opened = OpenStore("sqlite::memory:");
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    PutServer("bbb", {{"BBB_URL", sim_->api_url()}, {"BBB_SECRET", kSecret}});
  }

  void PutServer(const std::string& id, nlohmann::json document) {
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      session.PutServer(StoredServer{.id = id, .document = std::move(document)});
    }));
  }

  BbbClient ClientFor(const std::string& id) {
    auto server = LoadServer(*store_, id);
    EXPECT_TRUE(server) << server.error();
    auto client = MakeBbbClient(*server);
    EXPECT_TRUE(client) << client.error();
    return std::move(*client);
  }

  // Opens url on the simulator like a browser would and returns the status.
  int Open(const std::string& url) {
    httplib::Client http(sim_->base_url());
    http.set_url_encode(false);
    auto response = http.Get(url.substr(sim_->base_url().size()));
    return response ? response->status : -1;
  }

  std::unique_ptr<sim::SimServer> sim_;
  std::unique_ptr<Store> store_;
};

TEST_F(BbbAppTest, LoadServerErrors) {
  auto missing = LoadServer(*store_, "nope");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("unknown server 'nope'"), std::string::npos);
  PutServer("broken", {{"BBB_URL", "not a url"}, {"BBB_SECRET", "x"}});
  auto broken = LoadServer(*store_, "broken");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().find("BBB_URL"), std::string::npos);
}

TEST_F(BbbAppTest, SecretMayComeFromTheEnvironment) {
  ::setenv("SCHEDULIGHT_TEST_BBB_SECRET", kSecret, 1);
  PutServer("env",
            {{"BBB_URL", sim_->base_url()}, {"BBB_SECRET", "env:SCHEDULIGHT_TEST_BBB_SECRET"}});
  BbbClient client = ClientFor("env");
  EXPECT_TRUE(client.GetMeetings());
}

TEST_F(BbbAppTest, RunningMeetingsWithWorkingJoinUrls) {
  BbbClient client = ClientFor("bbb");
  ASSERT_TRUE(client.CreateMeeting({.meeting_id = "lecture-1", .name = "Vorlesung Mathematik"}));
  ASSERT_TRUE(client.CreateMeeting({.meeting_id = "standup", .name = "Weekly stand-up"}));
  ASSERT_TRUE(sim_->bbb().AddAttendee("lecture-1", "Anna", "MODERATOR", std::nullopt));

  auto meetings = ListRunningMeetings(client);
  ASSERT_TRUE(meetings) << meetings.error().ToString();
  ASSERT_EQ(meetings->size(), 2u);
  const RunningMeeting& lecture = (*meetings)[0];
  EXPECT_EQ(lecture.info.meeting_id, "lecture-1");
  EXPECT_TRUE(lecture.info.running);
  EXPECT_FALSE((*meetings)[1].info.running);  // created, nobody joined: listed, not running

  nlohmann::json json = RunningMeetingJson(lecture);
  for (const char* key :
       {"meetingName", "meetingID", "participantCount", "attendeeJoinUrl", "moderatorJoinUrl"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["participantCount"], 1);

  EXPECT_EQ(Open(lecture.attendee_join_url), 302);
  EXPECT_EQ(Open(lecture.moderator_join_url), 302);
  EXPECT_EQ(Open(lecture.direct_with_mic_join_url), 302);
  auto info = client.GetMeetingInfo("lecture-1");
  ASSERT_TRUE(info);
  ASSERT_EQ(info->attendees.size(), 4u);
  EXPECT_EQ(info->attendees[1].role, "VIEWER");
  EXPECT_EQ(info->attendees[1].full_name, kDefaultJoinName);
  EXPECT_EQ(info->attendees[2].role, "MODERATOR");
  EXPECT_TRUE(info->attendees[3].has_joined_voice);  // the direct-with-mic URL
  EXPECT_FALSE(info->attendees[3].is_listening_only);
}

TEST_F(BbbAppTest, FindByTitleIgnoresCase) {
  BbbClient client = ClientFor("bbb");
  ASSERT_TRUE(client.CreateMeeting({.meeting_id = "room-a", .name = "Sprechstunde Müller"}));
  ASSERT_TRUE(client.CreateMeeting({.meeting_id = "room-b", .name = "Vorlesung Mathematik"}));
  auto meetings = ListRunningMeetings(client);
  ASSERT_TRUE(meetings);
  auto found = FindMeetingByTitle(*meetings, "mathe");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->info.meeting_id, "room-b");
  EXPECT_FALSE(FindMeetingByTitle(*meetings, "Physik"));
}

TEST_F(BbbAppTest, EndedMeetingsAreNotListed) {
  BbbClient client = ClientFor("bbb");
  ASSERT_TRUE(client.CreateMeeting({.meeting_id = "gone", .name = "Gone soon"}));
  ASSERT_TRUE(client.EndMeeting("gone", std::nullopt));
  auto meetings = ListRunningMeetings(client);
  ASSERT_TRUE(meetings);
  EXPECT_TRUE(meetings->empty());
}

TEST_F(BbbAppTest, ServerCheckPasses) {
  auto server = LoadServer(*store_, "bbb");
  ASSERT_TRUE(server);
  int extra_calls = 0;
  ServerCheckReport report = CheckServer(*server, {[&](const Server& checked) {
    ++extra_calls;
    EXPECT_EQ(checked.id, "bbb");
    return CheckStep{.name = "greenlight.schema", .detail = "stub"};
  }});
  EXPECT_TRUE(report.ok()) << ServerCheckJson(report).dump();
  ASSERT_EQ(report.steps.size(), 3u);
  EXPECT_EQ(report.steps[0].name, "bbb.url");
  EXPECT_EQ(report.steps[1].name, "bbb.checksum");
  EXPECT_EQ(extra_calls, 1);
}

TEST_F(BbbAppTest, ServerCheckWrongSecret) {
  PutServer("wrong", {{"BBB_URL", sim_->base_url()},
                      {"BBB_SECRET", "wrong-secret-value"},
                      {"checksumAlgorithm", "sha512"}});
  auto server = LoadServer(*store_, "wrong");
  ASSERT_TRUE(server);
  ServerCheckReport report = CheckServer(*server, {});
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.steps[0].outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.steps[1].outcome, CheckOutcome::kFailed);
  EXPECT_NE(report.steps[1].detail.find("BBB_SECRET or checksumAlgorithm is wrong"),
            std::string::npos);
  EXPECT_EQ(ServerCheckJson(report).dump().find("wrong-secret-value"), std::string::npos);
}

TEST_F(BbbAppTest, ServerCheckUnreachableAndBroken) {
  const std::string url = sim_->base_url();
  sim_->Stop();
  PutServer("down", {{"BBB_URL", url}, {"BBB_SECRET", kSecret}});
  ServerCheckReport report = CheckServer(*LoadServer(*store_, "down"), {});
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.steps[0].outcome, CheckOutcome::kFailed);
  EXPECT_NE(report.steps[0].detail.find("unreachable"), std::string::npos);
  EXPECT_EQ(report.steps[1].outcome, CheckOutcome::kSkipped);
}

TEST_F(BbbAppTest, ServerCheckSeesGarbage) {
  sim_->AddFault({.call = "getMeetings", .type = sim::FaultType::kMalformed, .times = 1});
  ServerCheckReport report = CheckServer(*LoadServer(*store_, "bbb"), {});
  EXPECT_FALSE(report.ok());
  EXPECT_NE(report.steps[1].detail.find("not BBB API XML"), std::string::npos);
}

TEST(MeetingFileAppend, KeepsCommentsAndIndentation) {
  const std::string text =
      "# servers first\n"
      "servers:\n"
      "    bbb:\n"
      "        BBB_URL: https://bbb.example.org\n"
      "meetings:\n"
      "    # the first meeting\n"
      "    m1:\n"
      "        meetingName: One\n"
      "\n"
      "# commands follow\n"
      "commands: {}\n";
  auto appended = AppendMeetingText(
      text, "lecture-1", {{"server", "bbb"}, {"meetingName", "Vorlesung: \"Mathe\" #1"}});
  ASSERT_TRUE(appended) << appended.error();
  EXPECT_NE(appended->find("# the first meeting"), std::string::npos);
  EXPECT_NE(appended->find("    \"lecture-1\":\n        meetingName:"), std::string::npos)
      << *appended;
  EXPECT_LT(appended->find("lecture-1"), appended->find("# commands follow"));
  auto parsed = ParseYaml(*appended);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->value["meetings"]["lecture-1"]["meetingName"], "Vorlesung: \"Mathe\" #1");
  EXPECT_EQ(parsed->value["meetings"]["m1"]["meetingName"], "One");
  EXPECT_EQ(parsed->value["commands"], nlohmann::json::object());
}

TEST(MeetingFileAppend, AddsMeetingsWhereThereAreNone) {
  auto empty = AppendMeetingText("", "m", {{"meetingName", "X"}});
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "meetings:\n  \"m\":\n    meetingName: \"X\"\n");
  auto no_key = AppendMeetingText("servers: {}", "m", {{"meetingName", "X"}});
  ASSERT_TRUE(no_key);
  EXPECT_EQ(ParseYaml(*no_key)->value["meetings"]["m"]["meetingName"], "X");
  auto empty_flow = AppendMeetingText("meetings: {}\nservers: {}\n", "m", {{"meetingName", "X"}});
  ASSERT_TRUE(empty_flow) << empty_flow.error();
  EXPECT_EQ(ParseYaml(*empty_flow)->value["meetings"]["m"]["meetingName"], "X");
  auto null_meetings = AppendMeetingText("meetings:\nservers: {}\n", "m", {{"meetingName", "X"}});
  ASSERT_TRUE(null_meetings) << null_meetings.error();
}

TEST(MeetingFileAppend, RefusesWhatItCannotDoSafely) {
  EXPECT_FALSE(AppendMeetingText("meetings:\n  m:\n    meetingName: A\n", "m", {}));  // exists
  EXPECT_FALSE(AppendMeetingText("meetings: {a: {meetingName: A}}\n", "m", {}));      // flow
  EXPECT_FALSE(AppendMeetingText("- a list\n", "m", {}));
  EXPECT_FALSE(AppendMeetingText("meetings: [\n", "m", {}));  // does not parse
}

TEST(MeetingFileAppend, WritesTheFileAtomically) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("schedulight-append-" + std::to_string(::getpid()) + ".yml");
  std::filesystem::remove(path);
  ASSERT_TRUE(AppendMeetingToFile(path.string(), "one", {{"meetingName", "One"}}));
  ASSERT_TRUE(AppendMeetingToFile(path.string(), "two", {{"meetingName", "Two"}}));
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseYaml(text.str());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->value["meetings"].size(), 2u);
  EXPECT_FALSE(AppendMeetingToFile(path.string(), "two", {{"meetingName", "Again"}}));
  std::filesystem::remove(path);
}

TEST(MeetingDocumentId, IsAValidDocumentId) {
  EXPECT_EQ(MeetingDocumentId("lecture-1"), "lecture-1");
  EXPECT_EQ(MeetingDocumentId("Raum 1/2"), "Raum-1-2");
  EXPECT_EQ(MeetingDocumentId("_x"), "m-_x");
}

}  // namespace
}  // namespace schedulight
