// Hostile JSON bodies against the daemon as a real process: nesting, numbers
// and bytes that nlohmann::json would take but that must not reach the
// handlers. Each is a 400 naming `body`, the daemon keeps serving, and
// nothing is stored.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "api/daemon_process.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;

const char* const kJson = "application/json";

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// A meeting body as text, with raw JSON for the field `extra`.
std::string MeetingWithExtra(const std::string& extra_json) {
  return R"({"id": "m1", "meetingName": "Deep", "meetingUID": "room-m1",)"
         R"( "owner": {"email": "owner@example.org", "fullName": "Olga Owner"},)"
         R"( "extra": )" +
         extra_json + "}";
}

class ApiBodyLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<DaemonProcess>(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    // Room for a 200 KB body: the limits under test are not the size limit.
    std::string config = daemon_->DefaultConfig();
    const auto limit = config.find("max_body_bytes: 4096");
    ASSERT_NE(limit, std::string::npos);
    config.replace(limit, 20, "max_body_bytes: 1048576");
    daemon_->WriteConfig(config);
    ASSERT_TRUE(daemon_->Start()) << daemon_->Stderr();
    auto server =
        Post("/servers", R"({"id": "bbb", "BBB_URL": "https://bbb.example.org/bigbluebutton/api",)"
                         R"( "BBB_SECRET": "bbb-secret-4711"})");
    ASSERT_TRUE(server);
    ASSERT_EQ(server->status, 201) << server->body;
  }

  httplib::Result Post(const std::string& path, const std::string& body) {
    return daemon_->Client()->Post(("/api/v1" + path).c_str(), body, kJson);
  }

  // The answer is a 400 whose only field is `body`, and its text has words.
  void ExpectBodyRefused(const httplib::Result& result, const std::string& words) {
    ASSERT_TRUE(result) << "no answer: the daemon died? " << daemon_->Stderr();
    EXPECT_EQ(result->status, 400) << result->body;
    const auto body = nlohmann::json::parse(result->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << result->body;
    EXPECT_TRUE(body.value("message", "").starts_with("body: ")) << result->body;
    ASSERT_TRUE(body.contains("errors") && body["errors"].is_array()) << result->body;
    ASSERT_EQ(body["errors"].size(), 1u) << result->body;
    EXPECT_EQ(body["errors"][0]["field"], "body");
    EXPECT_NE(body["errors"][0]["message"].get<std::string>().find(words), std::string::npos)
        << result->body;
  }

  // The daemon still answers and has stored no meeting.
  void ExpectAliveAndNothingStored() {
    auto health = daemon_->Client()->Get("/api/v1/healthz");
    ASSERT_TRUE(health) << daemon_->Stderr();
    EXPECT_EQ(health->status, 200);
    auto meetings = daemon_->Client()->Get("/api/v1/meetings");
    ASSERT_TRUE(meetings);
    EXPECT_EQ(nlohmann::json::parse(meetings->body)["data"], nlohmann::json::array());
  }

  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(ApiBodyLimitsTest, AHundredThousandLevelsDeepIsRefused) {
  const std::string body = MeetingWithExtra(Nested(100000));
  ASSERT_GT(body.size(), 200000u);
  ExpectBodyRefused(Post("/meetings", body), "nested deeper than 64 levels");
  ExpectBodyRefused(Post("/servers", "{\"id\": \"s2\", \"x\": " + Nested(100000) + "}"),
                    "nested deeper than 64 levels");
  ExpectAliveAndNothingStored();
}

TEST_F(ApiBodyLimitsTest, SixtyFourLevelsAreStoredAndReadBack) {
  auto created = Post("/meetings", MeetingWithExtra(Nested(63)));  // the body is level 1
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  auto shown = daemon_->Client()->Get("/api/v1/meetings/m1");
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->status, 200) << shown->body;
  EXPECT_EQ(nlohmann::json::parse(shown->body)["data"]["extra"], nlohmann::json::parse(Nested(63)));
  ExpectBodyRefused(Post("/meetings", MeetingWithExtra(Nested(64))),
                    "nested deeper than 64 levels");
}

TEST_F(ApiBodyLimitsTest, ANumberTooLargeForADoubleIsRefused) {
  ExpectBodyRefused(Post("/meetings", MeetingWithExtra("1e999999")),
                    "the number 1e999999 is too large");
  ExpectBodyRefused(Post("/meetings", MeetingWithExtra("-1e400")), "too large");
  ExpectAliveAndNothingStored();
}

TEST_F(ApiBodyLimitsTest, BytesThatAreNotUtf8AreRefused) {
  ExpectBodyRefused(Post("/meetings", MeetingWithExtra("\"caf\xe9\"")), "UTF-8");
  ExpectBodyRefused(Post("/meetings", MeetingWithExtra("\"\\ud800\"")), "surrogate");
  ExpectAliveAndNothingStored();
}

// `run --watch` of an alias bomb: the daemon logs where, keeps what it had
// and keeps serving (it grew past 5 GB before).
TEST(WatchedFileLimitsTest, AnAliasBombIsLoggedAndNotApplied) {
  DaemonProcess daemon("WatchedAliasBomb");
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 10; ++level) {
    const std::string alias = "*a" + std::to_string(level - 1);
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" + alias;
    for (int i = 1; i < 10; ++i) bomb += ", " + alias;
    bomb += "]\n";
  }
  const std::string file = daemon.Write("config.yml", bomb);
  ASSERT_TRUE(daemon.Start({"--only", "api", "--watch", file})) << daemon.Stderr();
  for (int i = 0; i < 400 && daemon.Stderr().find("not applied") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  const std::string log = daemon.Stderr();
  EXPECT_NE(log.find(file + ":5:45: aliases expand the file to more than 100000 values"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("not applied"), std::string::npos) << log;
  auto health = daemon.Client()->Get("/api/v1/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace schedulight
