// The hostile-input suite, file half: `apply`, `import-csv`, `command run` and
// `rooms links` run as real processes on files an attacker or a broken export
// would produce. Each must end with exit 0 (the input stored and used
// literally) or exit 2 (refused, with a location), never with a signal, an
// uncaught exception or a raw library message, and a refused file must leave
// the store as it was.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/cli_sandbox.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using namespace std::string_literals;

const char* const kServers = R"(servers:
  bbb:
    BBB_URL: https://bbb.example.org/bigbluebutton/api
    BBB_SECRET: hostile-secret
    link_base: https://bbb.example.org/b
    greenlight:
      version: 2
      database: postgresql://gl@127.0.0.1:1/greenlight
)";

// A valid meeting block whose field `field` holds `value` (YAML text).
std::string MeetingWith(const std::string& field, const std::string& value) {
  std::string text = std::string(kServers) +
                     "meetings:\n"
                     "  m1:\n"
                     "    server: bbb\n"
                     "    meetingName: Hostile file meeting\n"
                     "    startDate: 2030-03-04 10:00\n"
                     "    owner: {email: owner@example.org, fullName: Olga Owner}\n";
  if (!field.empty()) text += "    " + field + ": " + value + "\n";
  return text;
}

class HostileCliTest : public ::testing::Test, protected testing::CliSandbox {
 protected:
  HostileCliTest() : CliSandbox("hostile", SCHEDULIGHT_BINARY) {}
  using CliSandbox::Run;  // not ::testing::Test::Run

  void SetUp() override {
    ProcessResult seeded = Run({"apply", Write("seed.yml", MeetingWith("", ""))});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  }

  // Everything the store holds, read directly (no process per check).
  std::string Stored() {
    SQLite::Database db((dir_ / "state.db").string(), SQLite::OPEN_READONLY);
    std::string all;
    for (const char* sql : {"SELECT id || document FROM servers ORDER BY id",
                            "SELECT id || document FROM meetings ORDER BY id",
                            "SELECT id || document FROM commands ORDER BY id"}) {
      SQLite::Statement query(db, sql);
      while (query.executeStep()) all += query.getColumn(0).getString() + "\n";
    }
    return all;
  }

  // Listings still work after whatever was stored.
  void TearDown() override {
    ProcessResult list = Run({"meeting", "list", "--json"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
  }

  // Runs args on a hostile input; checks the exit, the message and the store.
  void ExpectHandled(const std::vector<std::string>& args, const std::string& what) {
    const std::string before = Stored();
    const auto started = std::chrono::steady_clock::now();
    ProcessResult result = Run(args);
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 2)
        << what << ": exit " << result.exit_code << "\n"
        << result.err.substr(0, 2000);
    EXPECT_LT(took, std::chrono::seconds(20)) << what << ": took too long";
    for (const char* raw : {"type_error", "parse_error", "bad_alloc", "what():", "terminate"}) {
      EXPECT_EQ(result.err.find(raw), std::string::npos) << what << ": a raw library message\n"
                                                         << result.err.substr(0, 2000);
    }
    if (result.exit_code == 2) {
      EXPECT_FALSE(result.err.empty()) << what << ": refused without a word";
      EXPECT_EQ(Stored(), before) << what << ": a refused file changed the store";
    }
  }
};

std::string AliasBomb(int levels) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= levels; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int j = 0; j < 8; ++j) text += ", " + prev;
    text += "]\n";
  }
  return text;
}

TEST_F(HostileCliTest, ApplyRefusesBombsAndDepthWithALocation) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"alias bomb, 9 levels", AliasBomb(9) + MeetingWith("", "")},
      {"alias bomb used by a meeting", AliasBomb(9) + MeetingWith("createParams", "{x: *a9}")},
      {"100,000 deep flow sequence",
       MeetingWith("createParams", std::string(100'000, '[') + std::string(100'000, ']'))},
      {"100,000 deep flow mapping", MeetingWith("createParams",
                                                [] {
                                                  std::string text;
                                                  for (int i = 0; i < 100'000; ++i) text += "{a: ";
                                                  return text + "1" + std::string(100'000, '}');
                                                }())},
      {"2,000 deep block mapping",
       [] {
         std::string text = MeetingWith("createParams", "");
         for (int i = 0; i < 2'000; ++i) text += std::string(6 + 2 * i, ' ') + "k:\n";
         return text;
       }()},
      {"non-UTF-8 name", MeetingWith("welcome", "caf\xe9 \xff\xfe")},
      {"non-UTF-8 key", MeetingWith("\xff\xfe", "x")},
      {"second document", MeetingWith("", "") + "---\nmeetings: {}\n"},
      {"binary garbage",
       "\x7f"
       "ELF\x02\x01\x01\0\0\0"s},
      {"tab indentation", MeetingWith("", "") + "\t  bad: 1\n"},
      {"unterminated quote", MeetingWith("welcome", "\"never closed")},
  };
  for (const auto& [label, text] : files) {
    const std::string path = Write("hostile.yml", text);
    ExpectHandled({"apply", path}, "apply: " + label);
    ProcessResult result = Run({"apply", path});
    EXPECT_EQ(result.exit_code, 2) << label << "\n" << result.err.substr(0, 500);
    EXPECT_NE(result.err.find("hostile.yml:"), std::string::npos)
        << label << ": the error names no file:line\n"
        << result.err.substr(0, 500);
  }
}

TEST_F(HostileCliTest, ApplyTakesHugeOrOddScalarsInEveryMeetingField) {
  const std::vector<std::string> fields = {
      "id",         "server",         "meetingName",     "meetingUID",      "startDate",
      "timezone",   "preOpenMinutes", "endAfterMinutes", "reminderMinutes", "welcome",
      "accessCode", "language",       "bannerText",      "recurrence",      "useHomeRoom",
  };
  const std::vector<std::pair<std::string, std::string>> values = {
      {"60k scalar", std::string(60'000, 'z')},
      {"quoted 60k scalar", "\"" + std::string(60'000, 'q') + "\""},
      {"huge integer", "9223372036854775807"},
      {"overflowing integer", "99999999999999999999999"},
      {"negative", "-5"},
      {"1e999999", "1e999999"},
      {"SQL", "\"x'); DROP TABLE meetings; --\""},
      {"shell", "\"$(touch /tmp/schedulight-pwned)\""},
      {"path", "../../../etc/passwd"},
      {"HTML", "\"<script>alert(1)</script>\""},
      {"NUL escape", "\"a\\0b\""},
      {"CR/LF escape", "\"a\\r\\nBcc: x@example.org\""},
      {"a list", "[1, 2]"},
      {"a mapping", "{a: b}"},
      {"year 0", "0000-01-01 00:00"},
      {"offset +99:00", "2026-03-04T10:00:00+99:00"},
  };
  for (const auto& field : fields) {
    for (const auto& [label, value] : values) {
      const std::string path = Write("field.yml", MeetingWith(field, value));
      ExpectHandled({"apply", path}, "apply: " + field + " = " + label);
    }
  }
}

TEST_F(HostileCliTest, ImportCsvRefusesOrStoresLiterally) {
  const std::string header =
      "givenname;surname;email;password;startdate;room_url;live_url;title;server\n";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"1 MB title",
       header + "A;B;a@example.org;;2030-01-01 10:00;;;" + std::string(1 << 20, 't') + ";bbb\n"},
      {"NUL in a name", header + "A\0x;B;a@example.org;;2030-01-01 10:00;;;T;bbb\n"s},
      {"non-UTF-8", header + "Caf\xe9;B;a@example.org;;2030-01-01 10:00;;;T;bbb\n"},
      {"unterminated quote", header + "\"A;B;a@example.org;;2030-01-01 10:00;;;T;bbb\n"},
      {"10,000 fields", header + std::string(10'000, ';') + "\n"},
      {"CR only", "givenname;surname\rA;B\r"},
      {"SQL and shell",
       header + "A;B;a@example.org;;2030-01-01 10:00;;;'); DROP TABLE x;--$(id);bbb\n"},
      {"absurd date", header + "A;B;a@example.org;;9999-99-99 99:99;;;T;bbb\n"},
  };
  for (const auto& [label, text] : files) {
    const std::string path = Write("hostile.csv", text);
    ExpectHandled({"import-csv", path, "--dry-run"}, "import-csv --dry-run: " + label);
    ExpectHandled({"import-csv", path}, "import-csv: " + label);
  }
}

TEST_F(HostileCliTest, CommandRunRefusesHostileFiles) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"alias bomb", AliasBomb(9) + "commands: {}\n"},
      {"deep data", "commands:\n  c1:\n    command: create_user\n    server: bbb\n    data: " +
                        std::string(100'000, '[') + std::string(100'000, ']') + "\n"},
      {"unknown command", "commands:\n  c1: {command: \"rm -rf /\", server: bbb, data: {}}\n"},
      {"60k room uid",
       "commands:\n  c1:\n    command: delete_room\n    server: bbb\n    data:\n      " +
           std::string(60'000, 'r') + ": {}\n"},
      {"non-UTF-8", "commands:\n  c1: {command: create_user, server: bbb, data: {\"\xff\": {}}}\n"},
  };
  for (const auto& [label, text] : files) {
    const std::string path = Write("commands.yml", text);
    const std::string what = "command run: " + label;
    ProcessResult result = Run({"command", "run", path});
    // 1 is allowed here: a valid command whose Greenlight is unreachable fails honestly.
    EXPECT_TRUE(result.exit_code >= 0 && result.exit_code <= 2)
        << what << ": exit " << result.exit_code << "\n"
        << result.err.substr(0, 2000);
    for (const char* raw : {"type_error", "parse_error", "bad_alloc", "terminate"}) {
      EXPECT_EQ(result.err.find(raw), std::string::npos) << what << "\n" << result.err;
    }
  }
}

TEST_F(HostileCliTest, RoomsLinksTakesHostileQueries) {
  for (const std::string& query :
       {std::string(60'000, 'q'), std::string("'; DROP TABLE rooms; --"), std::string("%_%"),
        std::string("$(id)"), std::string("\xff\xfe")}) {
    ProcessResult result = Run({"rooms", "links", query, "--server", "bbb"});
    EXPECT_TRUE(result.exit_code >= 0 && result.exit_code <= 2)
        << "rooms links: exit " << result.exit_code << "\n"
        << result.err.substr(0, 2000);
    EXPECT_EQ(result.err.find("terminate"), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace schedulight
