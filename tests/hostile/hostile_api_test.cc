// The hostile-input suite, API half: the daemon as a real process, fed what an
// attacker or an unlucky script would send. For every field of a meeting and a
// server document, every hostile value is tried; then raw bodies, headers and
// paths no JSON library would produce. Each request must get a 2xx or a 4xx
// (never a 5xx, never a dropped connection); a 4xx stores nothing; a 2xx
// stores the value literally, so that reading it back and listing everything
// still works. After every batch the daemon must still be healthy.

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/daemon_process.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;

const char* const kJson = "application/json";

struct HostileValue {
  std::string label;
  nlohmann::json value;
};

// Percent-encodes a path segment (ids may hold anything the validators allow).
std::string Segment(const std::string& text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Values that are not what a field expects, in every way we could think of.
std::vector<HostileValue> HostileValues() {
  return {
      {"1 MiB of text", std::string(1 << 20, 'a')},
      {"60k of text", std::string(60'000, 'x')},
      {"60k of dots", std::string(60'000, '.')},
      {"60k host-like", std::string(30'000, 'a') + "." + std::string(29'999, 'b')},
      {"empty", ""},
      {"one character", "a"},
      {"number", 5},
      {"negative number", -1},
      {"largest integer", 9223372036854775807LL},
      {"huge double", 1.5e308},
      {"fraction", 0.5},
      {"true", true},
      {"null", nullptr},
      {"array", nlohmann::json::array({"a", 1})},
      {"object", nlohmann::json::object({{"a", "b"}})},
      {"nested 60 deep", nlohmann::json::parse(Nested(60))},
      {"SQL", "x'); DROP TABLE meetings; --"},
      {"CR/LF header injection", "a@example.org\r\nBcc: victim@example.org"},
      {"path traversal", "../../../../etc/passwd"},
      {"shell", "$(touch /tmp/schedulight-pwned); `id` | rm -rf /"},
      {"HTML", "<script>alert(1)</script><img src=x onerror=alert(2)>"},
      {"NUL inside", std::string("ab\0cd", 5)},
      {"control characters", "a\x01\x1b[31mred\x7f"},
      {"right-to-left override", "abc\u202Egpj.exe"},
      {"emoji", "\U0001F600 meeting"},
      {"year 0", "0000-01-01 00:00"},
      {"year 9999", "9999-12-31 23:59"},
      {"30 February", "2026-02-30 10:00"},
      {"offset +99:00", "2026-03-04T10:00:00+99:00"},
      {"far minutes", "99999999999999999999"},
  };
}

// A valid meeting; each field is replaced in turn.
nlohmann::json Meeting(const std::string& id) {
  return {{"id", id},
          {"server", "bbb"},
          {"meetingName", "Hostile input meeting"},
          {"meetingUID", "room-" + id},
          {"startDate", "2030-03-04 10:00"},
          {"timezone", "Europe/Vienna"},
          {"preOpenMinutes", 10},
          {"endAfterMinutes", 60},
          {"reminderMinutes", 15},
          {"welcome", "Welcome"},
          {"accessCode", "1234"},
          {"language", "en"},
          {"owner", {{"email", "owner@example.org"}, {"fullName", "Olga Owner"}}},
          {"shareWith", {{"tutor@example.org", {{"fullName", "Tim Tutor"}}}}},
          {"createParams", {{"maxParticipants", "20"}}},
          {"liveStreaming", {{"streamerHost", "streamer.example.org"}}}};
}

nlohmann::json Server(const std::string& id) {
  return {{"id", id},
          {"BBB_URL", "https://bbb.example.org/bigbluebutton/api"},
          {"BBB_SECRET", "bbb-secret-4711"},
          {"link_base", "https://bbb.example.org/b"},
          {"mailFrom", "scheduler@example.org"},
          {"mailServer", "smtp://mail.example.org:587"},
          {"mailUser", "scheduler"},
          {"mailPassword", "mail-password-0815"},
          {"greenlight",
           {{"version", 2},
            {"database", "postgresql://gl:db-password-42@db.example.org:5432/greenlight"}}}};
}

// Every path to a leaf of a document, as JSON pointers ("/owner/email").
void LeafPointers(const nlohmann::json& value, const std::string& prefix,
                  std::vector<std::string>& out) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [key, item] : value.items()) LeafPointers(item, prefix + "/" + key, out);
  } else {
    out.push_back(prefix);
  }
}

class HostileApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<DaemonProcess>("hostile-api");
    // A body limit large enough for the 1 MiB values, so that they reach the validators.
    std::string config = daemon_->DefaultConfig();
    const std::string limit = "max_body_bytes: 4096";
    config.replace(config.find(limit), limit.size(), "max_body_bytes: 4194304");
    daemon_->WriteConfig(config);
    ASSERT_TRUE(daemon_->Start()) << daemon_->Stderr();
    client_ = daemon_->Client();
    client_->set_read_timeout(30, 0);
    auto server = client_->Post("/api/v1/servers", Server("bbb").dump(), kJson);
    ASSERT_TRUE(server);
    ASSERT_EQ(server->status, 201) << server->body;
  }

  // Lists what the API holds under collection ("meetings", "servers").
  nlohmann::json List(const std::string& collection) {
    auto listed = client_->Get(("/api/v1/" + collection).c_str());
    EXPECT_TRUE(listed) << "the daemon stopped answering";
    if (!listed) return nullptr;
    EXPECT_EQ(listed->status, 200) << listed->body.substr(0, 500);
    return nlohmann::json::parse(listed->body, nullptr, false);
  }

  void ExpectHealthy(const std::string& after) {
    auto health = client_->Get("/api/v1/healthz");
    ASSERT_TRUE(health) << "the daemon died after " << after << "\n" << daemon_->Stderr();
    ASSERT_EQ(health->status, 200) << after << ": " << health->body;
  }

  // Sends a document body and checks the rules of the file comment.
  void SendDocument(const std::string& collection, const std::string& id,
                    const nlohmann::json& document, const std::string& what) {
    const nlohmann::json before = List(collection);
    auto reply = client_->Post(("/api/v1/" + collection).c_str(), document.dump(), kJson);
    ASSERT_TRUE(reply) << what << ": no answer\n" << daemon_->Stderr().substr(0, 4000);
    ASSERT_LT(reply->status, 500) << what << ": " << reply->body.substr(0, 500);
    if (reply->status >= 400) {
      const auto body = nlohmann::json::parse(reply->body, nullptr, false);
      ASSERT_FALSE(body.is_discarded()) << what << ": the error is not JSON";
      EXPECT_FALSE(body.value("message", "").empty()) << what;
      EXPECT_EQ(List(collection), before) << what << ": a refused document changed the store";
      return;
    }
    auto stored = client_->Get(("/api/v1/" + collection + "/" + Segment(id)).c_str());
    ASSERT_TRUE(stored) << what;
    EXPECT_EQ(stored->status, 200) << what << ": stored but cannot be read back";
    List(collection);
    auto removed = client_->Delete(("/api/v1/" + collection + "/" + Segment(id)).c_str());
    ASSERT_TRUE(removed) << what;
  }

  std::unique_ptr<DaemonProcess> daemon_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HostileApiTest, EveryMeetingFieldTakesEveryHostileValue) {
  std::vector<std::string> pointers;
  LeafPointers(Meeting("m"), "", pointers);
  pointers.push_back("/createParams/" + std::string(50'000, 'k'));  // a 50k key
  pointers.push_back("/extra");                                     // an unknown field
  int tried = 0;
  for (const auto& pointer : pointers) {
    for (const auto& hostile : HostileValues()) {
      const std::string id = "h" + std::to_string(tried++);
      nlohmann::json document = Meeting(id);
      document[nlohmann::json::json_pointer(pointer)] = hostile.value;
      if (pointer == "/id") document["id"] = hostile.value;
      SendDocument("meetings", document["id"].is_string() ? document["id"].get<std::string>() : id,
                   document, "meeting " + pointer + " = " + hostile.label);
      if (HasFatalFailure()) return;
    }
    ExpectHealthy("meeting field " + pointer);
  }
  EXPECT_GT(tried, 500);
}

TEST_F(HostileApiTest, EveryServerFieldTakesEveryHostileValue) {
  std::vector<std::string> pointers;
  LeafPointers(Server("s"), "", pointers);
  int tried = 0;
  for (const auto& pointer : pointers) {
    for (const auto& hostile : HostileValues()) {
      const std::string id = "s" + std::to_string(tried++);
      nlohmann::json document = Server(id);
      document[nlohmann::json::json_pointer(pointer)] = hostile.value;
      SendDocument("servers", document["id"].is_string() ? document["id"].get<std::string>() : id,
                   document, "server " + pointer + " = " + hostile.label);
      if (HasFatalFailure()) return;
    }
    ExpectHealthy("server field " + pointer);
  }
  // The servers listing (and each server) still reads after all of it.
  EXPECT_TRUE(List("servers").is_object());
}

TEST_F(HostileApiTest, RawBodiesNoJsonLibraryWouldWrite) {
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"100,000 deep array", "{\"extra\": " + Nested(100'000) + "}"},
      {"10,000 deep objects",
       [] {
         std::string text;
         for (int i = 0; i < 10'000; ++i) text += "{\"a\":";
         return text + "1" + std::string(10'000, '}');
       }()},
      {"1e999999", R"({"id":"n","meetingName":"Number","preOpenMinutes":1e999999})"},
      {"-1e999999", R"({"id":"n","meetingName":"Number","endAfterMinutes":-1e999999})"},
      {"invalid UTF-8", "{\"id\":\"u\",\"meetingName\":\"\xff\xfe\xc3\x28\"}"},
      {"overlong UTF-8 slash", "{\"id\":\"u\",\"meetingName\":\"\xc0\xaf\"}"},
      {"UTF-16 BOM", "\xff\xfe{\0\"\0"},
      {"truncated", R"({"id":"t","meetingName":"Trunc)"},
      {"array body", "[1,2,3]"},
      {"string body", "\"meeting\""},
      {"duplicate keys", R"({"id":"d","id":"e","meetingName":"Dup"})"},
      {"NUL byte", std::string("{\"id\":\"z\0\"}", 11)},
      {"only whitespace", "   \n\t  "},
  };
  for (const char* collection : {"meetings", "servers", "commands"}) {
    for (const auto& [label, body] : bodies) {
      const std::string what = std::string(collection) + ": " + label;
      auto reply = client_->Post((std::string("/api/v1/") + collection).c_str(), body, kJson);
      ASSERT_TRUE(reply) << what << ": no answer\n" << daemon_->Stderr().substr(0, 4000);
      EXPECT_GE(reply->status, 400) << what;
      EXPECT_LT(reply->status, 500) << what << ": " << reply->body.substr(0, 300);
      ExpectHealthy(what);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_EQ(List("meetings")["data"].size(), 0u);
}

TEST_F(HostileApiTest, HostilePathsAndHeaders) {
  const std::vector<std::string> paths = {
      "/api/v1/meetings/" + std::string(7'000, 'a'),
      "/api/v1/meetings/..%2F..%2Fetc%2Fpasswd",
      "/api/v1/meetings/%00",
      "/api/v1/meetings/a%0d%0aSet-Cookie:%20x",
      "/api/v1/meetings/" + std::string(2'000, '/'),
      "/api/v1/meetings/x/status/" + std::string(5'000, 'y'),
      "/api/v1/" + std::string(3'000, '%'),
  };
  for (const auto& path : paths) {
    auto reply = client_->Get(path.c_str());
    const std::string what = "GET " + path.substr(0, 60);
    ASSERT_TRUE(reply) << what;
    EXPECT_GE(reply->status, 400) << what;
    EXPECT_LT(reply->status, 500) << what;
    ExpectHealthy(what);
  }

  httplib::Headers huge = {{"X-Filler", std::string(6'000, 'h')},
                           {"Authorization", "Bearer " + std::string(6'000, 't')}};
  auto unauthorized = daemon_->Client(false)->Get("/api/v1/meetings", huge);
  ASSERT_TRUE(unauthorized);
  EXPECT_GE(unauthorized->status, 400);
  EXPECT_LT(unauthorized->status, 500);

  for (const char* type : {"text/plain", "application/json; charset=\xff", "",
                           "x/"
                           "\r\n"}) {
    auto reply = client_->Post("/api/v1/meetings", Meeting("ct").dump(), type);
    ASSERT_TRUE(reply) << type;
    EXPECT_LT(reply->status, 500) << type;
  }
  ExpectHealthy("hostile headers");
}

}  // namespace
}  // namespace schedulight
