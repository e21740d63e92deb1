// Hostile documents sent to the real daemon process: over-long fields (a
// 30,000-character mailServer overflowed the stack in std::regex and killed
// the daemon), wrong types, unbounded numbers, control characters. Each is a
// 400 naming the field, nothing is stored, and the daemon keeps serving.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "api/daemon_process.h"
#include "store/store.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;

nlohmann::json Body(const httplib::Result& result) {
  if (!result) return nullptr;
  return nlohmann::json::parse(result->body, nullptr, false);
}

// field -> message of a 400's errors.
std::map<std::string, std::string> Errors(const httplib::Result& result) {
  std::map<std::string, std::string> errors;
  const nlohmann::json body = Body(result);
  if (!body.is_object()) return errors;
  for (const auto& error : body.value("errors", nlohmann::json::array())) {
    errors[error["field"].get<std::string>()] = error["message"].get<std::string>();
  }
  return errors;
}

nlohmann::json Server() {
  return {{"id", "bbb"},
          {"BBB_URL", "https://bbb.example.org/bigbluebutton/api"},
          {"BBB_SECRET", "secret"},
          {"greenlight", {{"version", 2}, {"database", "postgresql://gl:pw@db/gl"}}}};
}

nlohmann::json Meeting() {
  return {{"id", "m1"},
          {"meetingName", "Lecture"},
          {"startDate", "2030-03-04 10:00"},
          {"owner", {{"email", "owner@example.org"}, {"fullName", "Olga Owner"}}}};
}

class ApiInputLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<DaemonProcess>(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    // Room for the hostile bodies: the body limit is not what is tested here.
    std::string config = daemon_->DefaultConfig();
    config.replace(config.find("max_body_bytes: 4096"), 20, "max_body_bytes: 1048576");
    daemon_->WriteConfig(config);
  }

  void Start() { ASSERT_TRUE(daemon_->Start()) << daemon_->Stderr(); }

  httplib::Result Send(const std::string& method, const std::string& path,
                       const nlohmann::json& body) {
    const std::string url = "/api/v1" + path;
    if (method == "PUT")
      return daemon_->Client()->Put(url.c_str(), body.dump(), "application/json");
    return daemon_->Client()->Post(url.c_str(), body.dump(), "application/json");
  }

  // The daemon still answers.
  void ExpectAlive() {
    auto health = daemon_->Client()->Get("/api/v1/healthz");
    ASSERT_TRUE(health) << "the daemon died:\n" << daemon_->Stderr();
    EXPECT_EQ(health->status, 200);
  }

  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(ApiInputLimitsTest, OverLongServerFieldIsA400AndTheDaemonLives) {
  Start();
  auto server = Server();
  server["mailServer"] = std::string(30'000, 'm');
  auto res = Send("POST", "/servers", server);
  ASSERT_TRUE(res) << "no answer: the daemon died:\n" << daemon_->Stderr();
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(Errors(res),
            (std::map<std::string, std::string>{{"mailServer", "longer than 300 characters"}}));
  EXPECT_LT(res->body.size(), 1000u);  // the answer does not echo the value
  ExpectAlive();
}

TEST_F(ApiInputLimitsTest, OverLongDatabaseUrlIsRefusedAndNothingIsStored) {
  Start();
  auto server = Server();
  server["greenlight"]["database"] = "postgresql://gl:pw@" + std::string(60'000, 'd') + "/gl";
  auto res = Send("POST", "/servers", server);
  ASSERT_TRUE(res) << daemon_->Stderr();
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(
      Errors(res),
      (std::map<std::string, std::string>{{"greenlight.database", "longer than 2048 characters"}}));
  auto stored = daemon_->Client()->Get("/api/v1/servers/bbb");
  ASSERT_TRUE(stored) << daemon_->Stderr();
  EXPECT_EQ(stored->status, 404);

  // PUT over a valid server: refused the same way, the stored one is kept.
  ASSERT_EQ(Send("POST", "/servers", Server())->status, 201);
  res = Send("PUT", "/servers/bbb", server);
  ASSERT_TRUE(res) << daemon_->Stderr();
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(daemon_->Client()->Get("/api/v1/servers/bbb"))["data"]["greenlight"]["database"],
            "postgresql://gl:***@db/gl");
  ExpectAlive();
}

TEST_F(ApiInputLimitsTest, AnOverLongValueStoredEarlierNoLongerCrashesReading) {
  // What an older version let in: GET /servers/bbb then crashed every time.
  {
    auto store = OpenStore(daemon_->store_url());
    ASSERT_TRUE(store) << store.error().message;
    auto server = Server();
    server.erase("id");
    server["greenlight"]["database"] = "postgresql://gl:" + std::string(60'000, 'p') + "@db/gl";
    ASSERT_TRUE((*store)->Transact([&](StoreSession& session) {
      session.PutServer({"bbb", server, FromUnixSeconds(0)});
    }));
  }
  Start();
  auto res = daemon_->Client()->Get("/api/v1/servers/bbb");
  ASSERT_TRUE(res) << daemon_->Stderr();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["data"]["greenlight"]["database"], "postgresql://gl:***@db/gl");
  ExpectAlive();
}

TEST_F(ApiInputLimitsTest, MeetingFieldsAreCheckedStrictlyAtTheDoor) {
  Start();
  ASSERT_EQ(Send("POST", "/servers", Server())->status, 201);
  struct Case {
    const char* field;
    nlohmann::json value;
    const char* message;
  };
  const Case cases[] = {
      {"meetingName", 5, "must be text, not a number (write it in quotes)"},
      {"meetingName", "X", "must have at least 2 characters"},
      {"meetingName", std::string("Lec\0ture", 8), "must not contain the control character U+0000"},
      {"preOpenMinutes", 9223372036854775807LL,
       "must be a whole number of minutes from 0 to 525600 (a year)"},
      {"startDate", "2026-12-01T10:00:00+99:00",
       "'2026-12-01T10:00:00+99:00' is not a valid date: a UTC offset must be from -12:00 to "
       "+14:00"},
      {"startDate", "0000-01-01 10:00",
       "'0000-01-01 10:00' is not a valid date: the year must be 1970 to 9999"},
  };
  for (const auto& c : cases) {
    auto meeting = Meeting();
    meeting[c.field] = c.value;
    auto res = Send("POST", "/meetings", meeting);
    ASSERT_TRUE(res) << c.field << ": the daemon died:\n" << daemon_->Stderr();
    EXPECT_EQ(res->status, 400) << c.field << ": " << res->body;
    EXPECT_EQ(Errors(res), (std::map<std::string, std::string>{{c.field, c.message}})) << res->body;
  }
  auto meeting = Meeting();
  meeting["liveStreaming"] = {{"streamerHost", std::string(40'000, 'h')},
                              {"targetUrl", "rtmp://x/s"}};
  meeting["createParams"] = {{std::string(50'000, 'k'), "v"}};
  auto res = Send("POST", "/meetings", meeting);
  ASSERT_TRUE(res) << daemon_->Stderr();
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Errors(res).at("liveStreaming.streamerHost"), "longer than 300 characters");
  EXPECT_EQ(Body(daemon_->Client()->Get("/api/v1/meetings"))["data"].size(), 0u);

  // The same checks on PUT of a stored meeting.
  ASSERT_EQ(Send("POST", "/meetings", Meeting())->status, 201);
  meeting = Meeting();
  meeting["meetingName"] = std::string(300, 'n');
  res = Send("PUT", "/meetings/m1", meeting);
  ASSERT_TRUE(res) << daemon_->Stderr();
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Errors(res),
            (std::map<std::string, std::string>{{"meetingName", "longer than 256 characters"}}));
  EXPECT_EQ(Body(daemon_->Client()->Get("/api/v1/meetings/m1"))["data"]["meetingName"], "Lecture");
  ExpectAlive();
}

TEST_F(ApiInputLimitsTest, LongPathsAreMatchedWithoutRecursion) {
  Start();
  for (std::size_t length : {1000u, 7000u}) {
    auto res = daemon_->Client()->Get(("/api/v1/meetings/" + std::string(length, 'x')).c_str());
    ASSERT_TRUE(res) << daemon_->Stderr();
    EXPECT_EQ(res->status, 404);
  }
  ExpectAlive();
}

}  // namespace
}  // namespace schedulight
