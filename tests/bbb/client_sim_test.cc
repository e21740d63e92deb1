// The client against bbb-sim over real HTTP on loopback: every call, every
// error path (API errors, wrong secret, unsupported algorithm, HTTP errors,
// garbage, dropped connections, timeouts, unreachable server).

#include <gtest/gtest.h>
#include <httplib.h>

#include "bbb/api_url.h"
#include "bbb/bbb_client.h"
#include "sim_server.h"

namespace schedulight {
namespace {

using sim::Fault;
using sim::FaultType;
using sim::SimServer;
using sim::SimServerOptions;

constexpr const char* kSecret = "sim-secret-0123456789";

class ClientSimTest : public ::testing::Test {
 protected:
  void SetUp() override { StartSim({}); }

  void StartSim(SimServerOptions options) {
    if (sim_) sim_->Stop();
    options.secret = kSecret;
    options.bbb.seed = 42;
    sim_ = std::make_unique<SimServer>(options);
    ASSERT_TRUE(sim_->Start());
  }

  BbbClient Client(ChecksumAlgorithm algorithm = ChecksumAlgorithm::kSha1,
                   std::string secret = kSecret,
                   HttpTimeouts timeouts = {std::chrono::milliseconds(2000),
                                            std::chrono::milliseconds(5000)}) {
    // BBB_URL as many admins write it: the host only.
    auto client = BbbClient::Create({.bbb_url = sim_->base_url(),
                                     .secret = std::move(secret),
                                     .algorithm = algorithm,
                                     .timeouts = timeouts});
    EXPECT_TRUE(client);
    return std::move(*client);
  }

  CreateMeetingResult CreateMeeting(BbbClient& client, const std::string& id,
                                    QueryParams extra = {}) {
    auto created = client.CreateMeeting({.meeting_id = id,
                                         .name = "Meeting " + id,
                                         .attendee_pw = "ap-" + id,
                                         .moderator_pw = "mp-" + id,
                                         .extra = std::move(extra)});
    EXPECT_TRUE(created) << created.error().ToString();
    return created.value_or(CreateMeetingResult{});
  }

  std::unique_ptr<SimServer> sim_;
};

TEST_F(ClientSimTest, ApiVersionAnswers) {
  BbbClient client = Client();
  EXPECT_EQ(client.api_base(), sim_->api_url());
  auto version = client.GetApiVersion();
  ASSERT_TRUE(version) << version.error().ToString();
  EXPECT_EQ(version->version, "2.0");
}

TEST_F(ClientSimTest, CreateThenDuplicateThenIdNotUnique) {
  BbbClient client = Client();
  CreateMeetingResult first = CreateMeeting(client, "room-1", {{"record", "true"}});
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.attendee_pw, "ap-room-1");
  EXPECT_EQ(first.internal_meeting_id.substr(0, 41),
            HexDigest(ChecksumAlgorithm::kSha1, "room-1") + "-");
  EXPECT_EQ(first.voice_bridge.size(), 5u);

  CreateMeetingResult again = CreateMeeting(client, "room-1");
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.create_time, first.create_time);
  EXPECT_EQ(again.message_key, "duplicateWarning");

  auto without_passwords = client.CreateMeeting({.meeting_id = "room-1", .name = "Other"});
  ASSERT_TRUE(without_passwords);
  EXPECT_TRUE(without_passwords->duplicate);

  auto conflicting = client.CreateMeeting(
      {.meeting_id = "room-1", .name = "x1", .attendee_pw = "other", .moderator_pw = "mp-room-1"});
  ASSERT_FALSE(conflicting);
  EXPECT_EQ(conflicting.error().kind, BbbErrorKind::kApi);
  EXPECT_EQ(conflicting.error().message_key, "idNotUnique");
}

TEST_F(ClientSimTest, Bbb24AnswersIdNotUniqueWithoutPasswords) {
  StartSim({.bbb = {.duplicate_without_passwords = false}});
  BbbClient client = Client();
  CreateMeeting(client, "room-24");
  auto again = client.CreateMeeting({.meeting_id = "room-24", .name = "Meeting"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message_key, "idNotUnique");
}

TEST_F(ClientSimTest, CreateValidationErrors) {
  BbbClient client = Client();
  auto no_name = client.CreateMeeting({.meeting_id = "abc", .name = ""});
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().message_key, "validationError");
  auto no_id = client.CreateMeeting({.meeting_id = "", .name = "Name"});
  ASSERT_FALSE(no_id);
  EXPECT_EQ(no_id.error().message_key, "missingParamMeetingID");
  auto comma = client.CreateMeeting({.meeting_id = "a,b", .name = "Name"});
  ASSERT_FALSE(comma);
  EXPECT_EQ(comma.error().message, "Meeting ID cannot contain ','");
  CreateMeeting(client, "vb-1", {{"voiceBridge", "12345"}});
  auto same_bridge = client.CreateMeeting(
      {.meeting_id = "vb-2", .name = "Name", .extra = {{"voiceBridge", "12345"}}});
  ASSERT_FALSE(same_bridge);
  EXPECT_EQ(same_bridge.error().message_key, "nonUniqueVoiceBridge");
}

TEST_F(ClientSimTest, ValuesSurviveEncodingAndCreateParamsAreRecorded) {
  BbbClient client = Client();
  const std::string name = "Übung & Test + 100% \"quoted\" <b>'x'</b>";
  auto created = client.CreateMeeting(
      {.meeting_id = "enc/öä id",
       .name = name,
       .extra = {{"welcome", "Hi & bye"}, {"meta_Origin-Name", "schedu Light"}}});
  ASSERT_TRUE(created) << created.error().ToString();
  auto info = client.GetMeetingInfo("enc/öä id");
  ASSERT_TRUE(info) << info.error().ToString();
  EXPECT_EQ(info->meeting_name, name);
  EXPECT_EQ(info->metadata.at("origin-name"), "schedu Light");
  auto params = sim_->bbb().CreateParams("enc/öä id");
  ASSERT_TRUE(params);
  EXPECT_EQ((*params)[1], (std::pair<std::string, std::string>{"name", name}));
  EXPECT_EQ((*params)[2], (std::pair<std::string, std::string>{"welcome", "Hi & bye"}));
}

TEST_F(ClientSimTest, RunningOnlyAfterSomeoneJoined) {
  BbbClient client = Client();
  EXPECT_EQ(client.IsMeetingRunning("nope"), false);  // unknown: false, not an error
  CreateMeeting(client, "run-1");
  EXPECT_EQ(client.IsMeetingRunning("run-1"), false);
  auto user = sim_->bbb().AddAttendee("run-1", "Anna", "MODERATOR", std::nullopt);
  ASSERT_TRUE(user);
  EXPECT_EQ(client.IsMeetingRunning("run-1"), true);
  auto info = client.GetMeetingInfo("run-1");
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->running);
  EXPECT_TRUE(info->has_user_joined);
  EXPECT_EQ(info->participant_count, 1);
  EXPECT_EQ(info->moderator_count, 1);
  ASSERT_EQ(info->attendees.size(), 1u);
  EXPECT_EQ(info->attendees[0].full_name, "Anna");
  ASSERT_TRUE(sim_->bbb().RemoveAttendee("run-1", *user));
  EXPECT_EQ(client.IsMeetingRunning("run-1"), false);
}

TEST_F(ClientSimTest, JoinWithUserdataAndErrors) {
  BbbClient client = Client();
  CreateMeetingResult created = CreateMeeting(client, "join-1");
  auto joined = client.Join(
      {.meeting_id = "join-1",
       .full_name = "Bea",
       .password = created.attendee_pw,
       .user_id = "bea-1",
       .user_data = {{"bbb_auto_join_audio", "true"}, {"bbb_listen_only_mode", "false"}}});
  ASSERT_TRUE(joined) << joined.error().ToString();
  EXPECT_EQ(joined->message_key, "successfullyJoined");
  EXPECT_EQ(joined->internal_meeting_id, created.internal_meeting_id);
  auto info = client.GetMeetingInfo("join-1");
  ASSERT_TRUE(info);
  ASSERT_EQ(info->attendees.size(), 1u);
  EXPECT_EQ(info->attendees[0].user_id, "bea-1");
  EXPECT_EQ(info->attendees[0].role, "VIEWER");
  EXPECT_TRUE(info->attendees[0].has_joined_voice);
  EXPECT_EQ(info->attendees[0].custom_data.at("bbb_auto_join_audio"), "true");

  auto by_role = client.Join({.meeting_id = "join-1", .full_name = "Mo", .role = "moderator"});
  ASSERT_TRUE(by_role);

  auto unknown = client.Join({.meeting_id = "nope", .full_name = "X", .role = "VIEWER"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message_key, "invalidMeetingIdentifier");
  EXPECT_TRUE(unknown.error().IsNotFound());
  auto bad_password = client.Join({.meeting_id = "join-1", .full_name = "X", .password = "no"});
  ASSERT_FALSE(bad_password);
  EXPECT_EQ(bad_password.error().message_key, "Params required");
  auto stale = client.Join({.meeting_id = "join-1",
                            .full_name = "X",
                            .role = "VIEWER",
                            .create_time = created.create_time - 1});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().message_key, "mismatchCreateTimeParam");
}

TEST_F(ClientSimTest, JoinUrlRedirectsIntoTheClient) {
  BbbClient client = Client();
  CreateMeetingResult created = CreateMeeting(client, "url-1");
  const std::string url = client.JoinUrl(
      {.meeting_id = "url-1", .full_name = "Eve Example", .password = created.moderator_pw});
  ASSERT_TRUE(url.starts_with(sim_->api_url() + "join?fullName=Eve+Example&meetingID=url-1"));
  httplib::Client http(sim_->base_url());
  http.set_url_encode(false);  // send the signed query exactly as built
  auto response = http.Get(url.substr(sim_->base_url().size()));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 302);
  EXPECT_NE(response->get_header_value("Location").find("/html5client/join?sessionToken="),
            std::string::npos);
  auto info = client.GetMeetingInfo("url-1");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->moderator_count, 1);
}

TEST_F(ClientSimTest, EndAndNotFound) {
  BbbClient client = Client();
  CreateMeetingResult created = CreateMeeting(client, "end-1");
  auto wrong = client.EndMeeting("end-1", std::string("wrong"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message_key, "invalidPassword");
  auto ended = client.EndMeeting("end-1", created.moderator_pw);
  ASSERT_TRUE(ended) << ended.error().ToString();
  EXPECT_EQ(ended->message_key, "sentEndMeetingRequest");
  auto info = client.GetMeetingInfo("end-1");
  ASSERT_FALSE(info);
  EXPECT_TRUE(info.error().IsNotFound());
  auto again = client.EndMeeting("end-1", std::nullopt);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message_key, "notFound");
  // After the end, create starts a new session.
  CreateMeetingResult second = CreateMeeting(client, "end-1");
  EXPECT_FALSE(second.duplicate);
  EXPECT_NE(second.internal_meeting_id, created.internal_meeting_id);
}

TEST_F(ClientSimTest, GetMeetingsListsInCreationOrder) {
  BbbClient client = Client();
  auto none = client.GetMeetings();
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_TRUE(none->empty());
  CreateMeeting(client, "b-second");
  CreateMeeting(client, "a-third");
  auto meetings = client.GetMeetings();
  ASSERT_TRUE(meetings);
  ASSERT_EQ(meetings->size(), 2u);
  EXPECT_EQ((*meetings)[0].meeting_id, "b-second");
  EXPECT_EQ((*meetings)[1].meeting_name, "Meeting a-third");
}

TEST_F(ClientSimTest, RecordingsLifecycle) {
  BbbClient client = Client();
  CreateMeetingResult created = CreateMeeting(client, "rec-1", {{"record", "true"}});
  ASSERT_TRUE(sim_->bbb().AddAttendee("rec-1", "Anna", "MODERATOR", std::nullopt));
  ASSERT_TRUE(client.EndMeeting("rec-1", created.moderator_pw));

  auto recordings = client.GetRecordings({.meeting_ids = {"rec-1"}});
  ASSERT_TRUE(recordings) << recordings.error().ToString();
  ASSERT_EQ(recordings->size(), 1u);
  const std::string record_id = (*recordings)[0].record_id;
  EXPECT_EQ(record_id, created.internal_meeting_id);
  EXPECT_TRUE((*recordings)[0].published);
  EXPECT_EQ((*recordings)[0].metadata.at("meetingName"), "Meeting rec-1");

  EXPECT_EQ(client.PublishRecordings({record_id}, false), false);
  recordings = client.GetRecordings({});
  ASSERT_TRUE(recordings);
  ASSERT_EQ(recordings->size(), 1u);
  EXPECT_EQ((*recordings)[0].state, "unpublished");

  EXPECT_EQ(client.DeleteRecordings({record_id}), true);
  recordings = client.GetRecordings({.meeting_ids = {"rec-1"}});
  ASSERT_TRUE(recordings);
  EXPECT_TRUE(recordings->empty());
  recordings = client.GetRecordings({.record_ids = {record_id.substr(0, 10)}, .states = {"any"}});
  ASSERT_TRUE(recordings);
  ASSERT_EQ(recordings->size(), 1u);
  EXPECT_EQ((*recordings)[0].state, "deleted");

  auto missing = client.DeleteRecordings({"no-such-recording"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "We could not find recordings");
  auto missing_publish = client.PublishRecordings({"no-such-recording"}, true);
  ASSERT_FALSE(missing_publish);
  EXPECT_EQ(missing_publish.error().message_key, "notFound");
}

TEST_F(ClientSimTest, EveryChecksumAlgorithmIsAccepted) {
  for (auto algorithm : {ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256,
                         ChecksumAlgorithm::kSha384, ChecksumAlgorithm::kSha512}) {
    BbbClient client = Client(algorithm);
    auto meetings = client.GetMeetings();
    EXPECT_TRUE(meetings) << ToString(algorithm) << ": " << meetings.error().ToString();
  }
}

TEST_F(ClientSimTest, UnsupportedAlgorithmIsAChecksumError) {
  StartSim({.algorithms = {ChecksumAlgorithm::kSha256}});
  auto refused = Client(ChecksumAlgorithm::kSha1).GetMeetings();
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().IsChecksumError());
  EXPECT_TRUE(Client(ChecksumAlgorithm::kSha256).GetMeetings());
}

TEST_F(ClientSimTest, WrongSecretIsAClearErrorWithoutTheSecret) {
  const std::string wrong_secret = "wrong-secret-do-not-print";
  BbbClient client = Client(ChecksumAlgorithm::kSha1, wrong_secret);
  auto meetings = client.GetMeetings();
  ASSERT_FALSE(meetings);
  EXPECT_TRUE(meetings.error().IsChecksumError());
  EXPECT_EQ(meetings.error().message, "Checksums do not match");
  EXPECT_EQ(meetings.error().ToString().find(wrong_secret), std::string::npos);
  auto recordings = client.GetRecordings({});
  ASSERT_FALSE(recordings);
  EXPECT_TRUE(recordings.error().IsChecksumError());
  EXPECT_EQ(recordings.error().message, "You did not pass the checksum security check");
}

TEST_F(ClientSimTest, HttpErrorIsTyped) {
  sim_->AddFault(
      {.call = "getMeetings", .type = FaultType::kHttpError, .http_status = 503, .times = 1});
  BbbClient client = Client();
  auto failed = client.GetMeetings();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, BbbErrorKind::kHttpStatus);
  EXPECT_EQ(failed.error().http_status, 503);
  EXPECT_TRUE(client.GetMeetings()) << "the fault hits once only";
}

TEST_F(ClientSimTest, MalformedXmlIsTyped) {
  sim_->AddFault({.call = "*", .type = FaultType::kMalformed, .times = 1});
  auto failed = Client().GetMeetingInfo("x1");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, BbbErrorKind::kMalformed);
}

TEST_F(ClientSimTest, DroppedConnectionIsTyped) {
  sim_->AddFault({.call = "isMeetingRunning", .type = FaultType::kDrop, .times = 1});
  BbbClient client = Client();
  auto failed = client.IsMeetingRunning("x1");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, BbbErrorKind::kTransport);
  EXPECT_TRUE(client.IsMeetingRunning("x1")) << "the next call opens a new connection";
}

TEST_F(ClientSimTest, SlowAnswerTimesOut) {
  sim_->AddFault({.call = "getMeetings",
                  .type = FaultType::kLatency,
                  .latency = std::chrono::milliseconds(1500),
                  .times = 1});
  BbbClient client = Client(ChecksumAlgorithm::kSha1, kSecret,
                            {std::chrono::milliseconds(500), std::chrono::milliseconds(300)});
  auto failed = client.GetMeetings();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, BbbErrorKind::kTimeout);
}

TEST_F(ClientSimTest, LatencyWithinTheTimeoutIsFine) {
  sim_->AddFault({.call = "getMeetings",
                  .type = FaultType::kLatency,
                  .latency = std::chrono::milliseconds(100),
                  .times = 1});
  EXPECT_TRUE(Client().GetMeetings());
}

TEST_F(ClientSimTest, RateZeroNeverHits) {
  sim_->AddFault({.call = "*", .type = FaultType::kHttpError, .rate = 0.0});
  BbbClient client = Client();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(client.GetMeetings());
}

TEST_F(ClientSimTest, UnreachableServer) {
  const std::string url = sim_->base_url();
  sim_->Stop();
  auto client = BbbClient::Create({.bbb_url = url, .secret = kSecret});
  ASSERT_TRUE(client);
  auto failed = client->GetMeetings();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, BbbErrorKind::kUnreachable);
  EXPECT_EQ(failed.error().ToString().find(kSecret), std::string::npos);
}

TEST_F(ClientSimTest, BadConfigIsRejectedUpFront) {
  auto no_scheme = BbbClient::Create({.bbb_url = "bbb.example.org", .secret = kSecret});
  ASSERT_FALSE(no_scheme);
  EXPECT_EQ(no_scheme.error().kind, BbbErrorKind::kConfig);
  auto no_secret = BbbClient::Create({.bbb_url = "https://bbb.example.org", .secret = ""});
  ASSERT_FALSE(no_secret);
  EXPECT_EQ(no_secret.error().kind, BbbErrorKind::kConfig);
}

TEST_F(ClientSimTest, SessionReusesItsConnection) {
  HttpSession session({});
  const std::string url =
      SignedApiUrl(sim_->api_url(), "getMeetings", {}, kSecret, ChecksumAlgorithm::kSha1);
  auto first = session.Get(url, "sim");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->new_connections, 1);
  for (int i = 0; i < 3; ++i) {
    auto next = session.Get(url, "sim");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(next->new_connections, 0) << "call " << i + 2 << " opened a new connection";
  }
}

TEST_F(ClientSimTest, CallsAreCountedPerMeeting) {
  BbbClient client = Client();
  CreateMeeting(client, "count-1");
  CreateMeeting(client, "count-1");
  ASSERT_TRUE(client.GetMeetingInfo("count-1"));
  ASSERT_TRUE(client.GetMeetings());
  EXPECT_EQ(sim_->CallCount("create", "count-1"), 2);
  EXPECT_EQ(sim_->CallCount("getMeetingInfo", "count-1"), 1);
  EXPECT_EQ(sim_->CallCount("getMeetings"), 1);
  EXPECT_EQ(sim_->TotalCalls("create"), 2);
}

TEST_F(ClientSimTest, HttpTestHooks) {
  BbbClient client = Client();
  CreateMeeting(client, "hook-1");
  httplib::Client http(sim_->base_url());
  auto added = http.Post("/sim/meetings/hook-1/attendees", "fullName=Hook+User&role=MODERATOR",
                         "application/x-www-form-urlencoded");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200) << added->body;
  const std::string user_id = nlohmann::json::parse(added->body).at("userID");
  EXPECT_EQ(client.IsMeetingRunning("hook-1"), true);

  auto params = http.Get("/sim/meetings/hook-1/create-params");
  ASSERT_TRUE(params);
  EXPECT_EQ(nlohmann::json::parse(params->body).at("name"), "Meeting hook-1");

  auto calls = http.Get("/sim/calls?meetingID=hook-1");
  ASSERT_TRUE(calls);
  EXPECT_EQ(nlohmann::json::parse(calls->body).at("create"), 1);

  auto removed = http.Delete("/sim/meetings/hook-1/attendees/" + user_id);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200);
  EXPECT_EQ(client.IsMeetingRunning("hook-1"), false);

  auto fault =
      http.Post("/sim/faults", R"({"call":"getMeetings","type":"http","status":502,"times":1})",
                "application/json");
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->status, 200);
  auto failed = client.GetMeetings();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().http_status, 502);
  auto bad_fault = http.Post("/sim/faults", R"({"type":"nonsense"})", "application/json");
  ASSERT_TRUE(bad_fault);
  EXPECT_EQ(bad_fault->status, 400);

  auto ended = http.Post("/sim/meetings/hook-1/end", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, 200);
  EXPECT_FALSE(client.GetMeetingInfo("hook-1"));

  auto reset = http.Post("/sim/reset", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(reset);
  EXPECT_EQ(sim_->TotalCalls("create"), 0);
}

TEST(SimExpiry, MeetingsExpireLikeBbbWeb) {
  std::int64_t now = 1'700'000'000'000;
  sim::SimBbb bbb({.now_ms = [&now] { return now; }, .seed = 1});
  bbb.Call("create", {{"meetingID", "idle"}, {"name", "Idle"}});
  bbb.Call("create", {{"meetingID", "short"}, {"name", "Short"}, {"duration", "10"}});
  ASSERT_TRUE(bbb.AddAttendee("short", "Anna", "VIEWER", std::nullopt));
  now += 5 * 60000;  // meetingExpireIfNoUserJoinedInMinutes = 5
  EXPECT_NE(bbb.Call("getMeetingInfo", {{"meetingID", "idle"}}).body.find("notFound"),
            std::string::npos);
  EXPECT_NE(bbb.Call("getMeetingInfo", {{"meetingID", "short"}}).body.find("SUCCESS"),
            std::string::npos);
  now += 5 * 60000;  // duration = 10
  EXPECT_NE(bbb.Call("getMeetingInfo", {{"meetingID", "short"}}).body.find("notFound"),
            std::string::npos);
}

TEST(SimChecksum, FollowsBbbWebRules) {
  const std::string secret = "s";
  const std::string query = "meetingID=a&name=b";
  const std::string good = ApiChecksum(ChecksumAlgorithm::kSha256, "create", query, secret);
  const std::vector<ChecksumAlgorithm> all = {ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256};
  EXPECT_EQ(sim::CheckChecksum("create", query + "&checksum=" + good, secret, all), std::nullopt);
  // The checksum may sit anywhere in the query.
  EXPECT_EQ(sim::CheckChecksum("create", "checksum=" + good + "&" + query, secret, all),
            std::nullopt);
  EXPECT_EQ(sim::CheckChecksum("create", query, secret, all), "You must provide the checksum");
  EXPECT_EQ(sim::CheckChecksum("create", query + "&checksum=abc", secret, all),
            "Checksums do not match");
  EXPECT_EQ(
      sim::CheckChecksum("create", query + "&checksum=" + good, secret, {ChecksumAlgorithm::kSha1}),
      "Checksums do not match");
  EXPECT_EQ(sim::CheckChecksum("create", query, "", all), std::nullopt);  // empty salt: off
}

}  // namespace
}  // namespace schedulight
