// The curl examples of the original scheduLight README, run verbatim with the
// real curl binary against `schedulight run --only api`. Only the auth header
// is added (plus -s, -w for the status, and --connect-to, which sends
// "localhost:8008" to the test's port without changing the URL).
//
// The examples carry placeholder values. Where a placeholder is not a valid
// value (mailFrom "sender_address" is no mail address, mailServer
// "server_name" no host name, owner email "email_of_owner" no address, and the
// meeting names no room), the answer is a 400 naming exactly those fields, as
// the original's own schema did; the same command line with only those values
// replaced is accepted. Everything else in the bodies is understood as is.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/daemon_process.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;

// From the original README, "api command structure and examples", unchanged.
const char* const kServerExample =
    R"(curl -d '{ "id": "bbb", "BBB_URL": "https://your_server_url", "BBB_SECRET": "your_bbb_secret", "link_base": "https://your_greenlight_url/b", "mailFrom": "sender_address", "mailFromName": "sender_name", "mailServer": "server_name", "mailUser": "user_name", "mailPassword": "server_password" }' -H 'Content-Type: application/json' -X POST http://localhost:8008/api/v1/servers)";
const char* const kCommandExample =
    R"(curl -d '{ "command": "rename_room", "server": "server_to_use", "data": { "old_room_uid": { "roomUID": "new_room_uid" } } }' -H 'Content-Type: application/json' -X POST http://localhost:8008/api/v1/commands)";
const char* const kMeetingExample =
    R"(curl -d '{"startDate": "2020-06-24 11:00", "id": "id_to_use", "meetingName": "test Meeting via Api", "owner": {"email": "email_of_owner", "fullName": "your name"}}' -H 'Content-Type: application/json' -X POST http://localhost:8008/api/v1/meetings)";
const char* const kListExample = R"(curl -X GET http://localhost:8008/api/v1/meetings)";
const char* const kShowExample = R"(curl -X GET http://localhost:8008/api/v1/meetings/meetingID)";
const char* const kCommandExample2 =
    R"(curl -d '{"command": "rename_room", "server": "server_to_use", "data": {"roomUID_to_rename": { "roomUID": "new_roomUID"}}}' -H 'Content-Type: application/json' -X POST http://localhost:8008/api/v1/commands)";

// Splits a command line the way a POSIX shell does for these lines: words
// separated by blanks, single quotes keep everything inside.
std::vector<std::string> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, in_word = false;
  for (char c : line) {
    if (c == '\'') {
      quoted = !quoted;
      in_word = true;
    } else if (c == ' ' && !quoted) {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct CurlAnswer {
  int status = 0;
  nlohmann::json body;
};

class CurlExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<DaemonProcess>("curl");
    ASSERT_TRUE(daemon_->Start()) << daemon_->Stderr();
  }

  // Runs an example line with the real curl; the status is curl's %{http_code}.
  CurlAnswer Curl(const std::string& line) {
    std::vector<std::string> argv = SplitWords(line);
    EXPECT_EQ(argv.at(0), "curl");
    argv[0] = CURL_EXECUTABLE;
    for (const std::string& extra :
         {std::string("-H"), "Authorization: Bearer " + std::string(testing::kTestToken),
          std::string("-s"), std::string("-w"), std::string("\n%{http_code}"),
          std::string("--connect-to"),
          "localhost:8008:127.0.0.1:" + std::to_string(daemon_->port())}) {
      argv.push_back(extra);
    }
    auto result = schedulight::testing::RunProcess(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const std::size_t newline = result.out.rfind('\n');
    CurlAnswer answer;
    answer.status = std::stoi(result.out.substr(newline + 1));
    answer.body = nlohmann::json::parse(result.out.substr(0, newline), nullptr, false);
    return answer;
  }

  static std::set<std::string> Fields(const nlohmann::json& body) {
    std::set<std::string> fields;
    for (const auto& error : body.value("errors", nlohmann::json::array())) {
      fields.insert(error["field"].get<std::string>());
    }
    return fields;
  }

  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(CurlExamplesTest, SplitWordsKeepsQuotedBodies) {
  auto words = SplitWords(kListExample);
  EXPECT_EQ(words, (std::vector<std::string>{"curl", "-X", "GET",
                                             "http://localhost:8008/api/v1/meetings"}));
  EXPECT_EQ(SplitWords(kCommandExample).at(2).front(), '{');
}

TEST_F(CurlExamplesTest, ReadmeExamplesInOrder) {
  // 1. POST /servers: understood; the two placeholders that are no valid values are named.
  CurlAnswer server = Curl(kServerExample);
  EXPECT_EQ(server.status, 400);
  EXPECT_EQ(Fields(server.body), (std::set<std::string>{"mailFrom", "mailServer"}));
  std::string fixed = Replace(kServerExample, "\"sender_address\"", "\"sender@example.org\"");
  fixed = Replace(fixed, "\"server_name\"", "\"mail.example.org\"");
  server = Curl(fixed);
  ASSERT_EQ(server.status, 201) << server.body;
  EXPECT_EQ(server.body["message"], "server added");
  EXPECT_EQ(server.body["data"]["BBB_SECRET"], "***");
  EXPECT_EQ(server.body["data"]["mailPassword"], "***");
  EXPECT_EQ(server.body["data"]["link_base"], "https://your_greenlight_url/b");

  // 2. POST /commands: queued as is (the server is looked up when it runs).
  CurlAnswer command = Curl(kCommandExample);
  ASSERT_EQ(command.status, 201) << command.body;
  EXPECT_EQ(command.body["message"], "command queued successfully");
  EXPECT_EQ(command.body["data"]["command"], "rename_room");
  EXPECT_EQ(command.body["data"]["server"], "server_to_use");
  EXPECT_EQ(command.body["data"]["document"]["data"]["old_room_uid"]["roomUID"], "new_room_uid");

  // 3. POST /meetings without `server`: goes to "bbb"; the past startDate is fine.
  CurlAnswer meeting = Curl(kMeetingExample);
  EXPECT_EQ(meeting.status, 400);
  // The placeholder is no mail address (the original refused it too).
  EXPECT_EQ(Fields(meeting.body), (std::set<std::string>{"owner.email"}));
  const std::string fixed_meeting =
      Replace(kMeetingExample, "\"email_of_owner\"", "\"owner@example.org\"");
  meeting = Curl(fixed_meeting);
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  EXPECT_EQ(meeting.body["message"], "meeting added");
  EXPECT_EQ(meeting.body["data"]["startDate"], "2020-06-24 11:00");

  // 4. GET /meetings: the ids, as the original listed them.
  CurlAnswer list = Curl(kListExample);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["message"], "found meetings");
  EXPECT_EQ(list.body["data"], nlohmann::json::array({"id_to_use"}));

  // 5. GET /meetings/meetingID: there is no meeting "meetingID".
  CurlAnswer missing = Curl(kShowExample);
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.body["message"].is_string());
  CurlAnswer shown = Curl(Replace(kShowExample, "meetingID", "id_to_use"));
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(shown.body["data"].is_object());  // a JSON object, not a JSON string
  EXPECT_EQ(shown.body["data"]["meetingName"], "test Meeting via Api");

  // 6. POST /commands again: a second command.
  CurlAnswer command2 = Curl(kCommandExample2);
  ASSERT_EQ(command2.status, 201) << command2.body;
  EXPECT_NE(command2.body["data"]["id"], command.body["data"]["id"]);
}

}  // namespace
}  // namespace schedulight
