// Drives the real `schedulight` binary as an admin would: apply a file, list
// and show what was stored, reject bad input with exit code 2.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/store.h"
#include "support/cli_sandbox.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

class CliTest : public ::testing::Test, protected testing::CliSandbox {
 protected:
  CliTest() : CliSandbox("cli", SCHEDULIGHT_BINARY) {}
  using CliSandbox::Run;  // not ::testing::Test::Run
};

const std::string kExample = std::string(SCHEDULIGHT_SOURCE_DIR) + "/examples/config.yml";

TEST_F(CliTest, ApplyThenListAndShow) {
  ProcessResult applied = Run({"apply", kExample});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("meetings: 3 added"), std::string::npos) << applied.out;

  ProcessResult again = Run({"apply", kExample, "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto summary = nlohmann::json::parse(again.out);
  EXPECT_EQ(summary["meetings"]["unchanged"].size(), 3u);
  EXPECT_TRUE(summary["meetings"]["added"].empty());

  ProcessResult list = Run({"meeting", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto meetings = nlohmann::json::parse(list.out);
  ASSERT_EQ(meetings.size(), 3u);
  EXPECT_EQ(meetings[1]["id"], "vorlesung-mathe");
  EXPECT_EQ(meetings[1]["meetingName"], "Vorlesung Mathematik für Anfänger");
  EXPECT_EQ(meetings[1]["startsAt"], "2026-12-01T09:00:00Z");
  EXPECT_EQ(meetings[1]["status"]["code"], 200);

  ProcessResult show = Run({"meeting", "show", "vorlesung-mathe", "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const auto meeting = nlohmann::json::parse(show.out);
  EXPECT_EQ(meeting["document"]["owner"]["fullName"], "Anna Müller");
  EXPECT_EQ(meeting["document"]["shareWith"]["tutor@example.org"]["fullName"], "Jörg Tutor");

  ProcessResult table = Run({"meeting", "list"});
  EXPECT_NE(table.out.find("2026-12-01 10:00 CET (UTC+01:00)"), std::string::npos) << table.out;
}

TEST_F(CliTest, ServerListNeverShowsSecrets) {
  ASSERT_EQ(Run({"apply", kExample}).exit_code, 0);
  for (auto args : {std::vector<std::string>{"server", "list"},
                    std::vector<std::string>{"server", "list", "--json"}}) {
    ProcessResult listed = Run(args);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("bbb2"), std::string::npos);
    for (const char* secret : {"8cd8ef52e8e101574e400365b55e11a6", "not-a-real-password",
                               "gl-secret", "330a8b08c3b4c61533e1d0c5ce1ac88f"}) {
      EXPECT_EQ(listed.out.find(secret), std::string::npos) << secret;
    }
  }
}

// Documents that today's validation refuses may still be in a store: written
// by an older version or by hand. Listing must show the others, and the bad
// ones with a marker, instead of failing for every meeting.
TEST_F(CliTest, ListingsSurviveInvalidStoredDocuments) {
  ASSERT_EQ(Run({"apply", kExample}).exit_code, 0);
  {
    auto store = OpenStore("sqlite:" + (dir_ / "state.db").string());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->Transact([](StoreSession& session) {
      session.PutMeeting(
          {"bad-name", "bbb", {{"meetingName", 5}, {"owner", "nobody"}}, {}, {}, {}});
      session.PutMeeting({"not-an-object", "bbb", nlohmann::json::array({1, 2}), {}, {}, {}});
      session.PutMeeting({"null-doc", "bbb", nullptr, {}, {}, {}});
      session.PutMeeting(
          {"bad-zone", "bbb", {{"meetingName", "Zone"}, {"timezone", 7}}, {}, {}, {}});
      session.PutServer(
          {"bad-server", {{"BBB_URL", 12}, {"greenlight", {{"version", "two"}}}}, {}});
      session.PutMeeting({"not-json", "bbb", {{"meetingName", "Soon damaged"}}, {}, {}, {}});
    }));
  }
  {  // Damaged behind the store's back: text that is not JSON at all.
    SQLite::Database db((dir_ / "state.db").string(), SQLite::OPEN_READWRITE);
    SQLite::Statement damage(db,
                             "UPDATE meetings SET document = '{not json' WHERE id = 'not-json'");
    ASSERT_EQ(damage.exec(), 1);
  }
  ProcessResult table = Run({"meeting", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("Vorlesung Mathematik"), std::string::npos) << table.out;
  for (const char* id : {"bad-name", "not-an-object", "null-doc", "bad-zone", "not-json"}) {
    EXPECT_NE(table.out.find(id), std::string::npos) << id << "\n" << table.out;
    EXPECT_NE(table.err.find("warning: meeting " + std::string(id)), std::string::npos)
        << id << "\n"
        << table.err;
  }
  EXPECT_NE(table.out.find("(invalid)"), std::string::npos) << table.out;

  ProcessResult json = Run({"meeting", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto list = nlohmann::json::parse(json.out);
  ASSERT_EQ(list.size(), 8u);
  for (const auto& meeting : list) {
    const std::string id = meeting["id"];
    const bool bad = id == "bad-name" || id == "not-an-object" || id == "null-doc" ||
                     id == "bad-zone" || id == "not-json";
    EXPECT_EQ(meeting["problem"].is_string(), bad) << id << ": " << meeting["problem"];
  }

  ProcessResult show = Run({"meeting", "show", "bad-name"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("invalid:"), std::string::npos) << show.out;
  EXPECT_EQ(Run({"meeting", "show", "not-an-object", "--json"}).exit_code, 0);

  for (auto args : {std::vector<std::string>{"server", "list"},
                    std::vector<std::string>{"server", "list", "--json"}}) {
    ProcessResult servers = Run(args);
    ASSERT_EQ(servers.exit_code, 0) << servers.err;
    EXPECT_NE(servers.out.find("bbb2"), std::string::npos) << servers.out;
    EXPECT_NE(servers.out.find("bad-server"), std::string::npos) << servers.out;
    EXPECT_NE(servers.err.find("warning: server bad-server"), std::string::npos) << servers.err;
  }
}

TEST_F(CliTest, InvalidFileExitsTwoAndStoresNothing) {
  const std::string bad = Write("bad.yml",
                                "servers:\n  bbb:\n    BBB_URL: https://bbb.example.org/\n"
                                "    BBB_SECRET: s\nmeetings:\n  m1:\n    meetingName: X\n"
                                "    useHomeRoom: true\n    owner: {email: nope, fullName: Y}\n");
  ProcessResult applied = Run({"apply", bad});
  EXPECT_EQ(applied.exit_code, 2);
  EXPECT_NE(applied.err.find(bad + ":9:20: meetings.m1.owner.email: 'nope' is not a mail address"),
            std::string::npos)
      << applied.err;
  EXPECT_NE(applied.err.find("nothing was stored"), std::string::npos);
  ProcessResult servers = Run({"server", "list", "--json"});
  EXPECT_EQ(nlohmann::json::parse(servers.out).size(), 0u);
}

TEST_F(CliTest, OverLongValuesExitTwoNamingFieldAndPlace) {
  // A 60,000-character scalar overflowed the stack in std::regex and killed apply.
  const std::string bad = Write("long.yml",
                                "servers:\n  bbb:\n    BBB_URL: https://bbb.example.org/\n"
                                "    BBB_SECRET: s\n    mailServer: " +
                                    std::string(60'000, 'm') + "\n    link_base: https://" +
                                    std::string(60'000, 'l') + "\n");
  ProcessResult applied = Run({"apply", bad});
  EXPECT_EQ(applied.exit_code, 2) << applied.err.substr(0, 2000);
  EXPECT_NE(applied.err.find(bad + ":5:17: servers.bbb.mailServer: longer than 300 characters"),
            std::string::npos)
      << applied.err.substr(0, 2000);
  EXPECT_NE(applied.err.find(bad + ":6:16: servers.bbb.link_base: longer than 2048 characters"),
            std::string::npos)
      << applied.err.substr(0, 2000);
  EXPECT_LT(applied.err.size(), 2000u);  // no value is repeated back
  EXPECT_EQ(nlohmann::json::parse(Run({"server", "list", "--json"}).out).size(), 0u);

  const std::string csv =
      Write("long.csv", std::string(60'000, 'g') + ";Surname;g@example.org;;;;;;\n");
  ProcessResult imported = Run({"import-csv", csv});
  EXPECT_EQ(imported.exit_code, 2) << imported.err.substr(0, 2000);
  EXPECT_NE(imported.err.find(csv + ":1:"), std::string::npos) << imported.err.substr(0, 2000);
  EXPECT_NE(imported.err.find("longer than 256 characters"), std::string::npos)
      << imported.err.substr(0, 2000);
}

TEST_F(CliTest, DisableEnableDeleteAndStatus) {
  ASSERT_EQ(Run({"apply", kExample}).exit_code, 0);
  EXPECT_EQ(Run({"meeting", "disable", "open-room"}).exit_code, 0);
  ProcessResult status = Run({"meeting", "status", "open-room"});
  ASSERT_EQ(status.exit_code, 0);
  EXPECT_NE(status.out.find("|900|disabled"), std::string::npos) << status.out;
  EXPECT_EQ(Run({"meeting", "enable", "open-room"}).exit_code, 0);
  EXPECT_EQ(Run({"meeting", "delete", "open-room"}).exit_code, 0);

  ProcessResult missing = Run({"meeting", "show", "open-room"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "error: no meeting 'open-room' in the store\n");
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({"apply"}).exit_code, 2);
  EXPECT_EQ(Run({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(Run({"apply", (dir_ / "missing.yml").string()}).exit_code, 2);
  ProcessResult help = Run({"meeting", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("disable"), std::string::npos);
}

TEST_F(CliTest, BadAppConfigIsReported) {
  Write("app.yml", "api: {listen: 1, bogus: 2}\n");
  ProcessResult result = Run({"meeting", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("app.yml:1:25: api.bogus: unknown key"), std::string::npos)
      << result.err;
}

TEST_F(CliTest, ServerListSaysNoneForServersWithoutGreenlight) {
  const std::string file = Write("servers.yml",
                                 "servers:\n  plain:\n    BBB_URL: https://bbb.example.org/\n"
                                 "    BBB_SECRET: s\n    greenlight: false\n"
                                 "  gl3:\n    BBB_URL: https://bbb3.example.org/\n"
                                 "    BBB_SECRET: t\n    greenlight:\n      version: 3\n"
                                 "      database: postgresql://gl@db.example.org/gl\n"
                                 "  other:\n    BBB_URL: https://bbb4.example.org/\n"
                                 "    BBB_SECRET: u\n");
  ASSERT_EQ(Run({"apply", file}).exit_code, 0);
  ProcessResult listed = Run({"server", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, std::string> column;  // server id -> GREENLIGHT column
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) {
    const auto gap = line.rfind("  ");
    if (gap != std::string::npos) column[line.substr(0, line.find(' '))] = line.substr(gap + 2);
  }
  EXPECT_EQ(column["plain"], "none") << listed.out;
  EXPECT_EQ(column["gl3"], "v3") << listed.out;
  EXPECT_EQ(column["other"], "v2 (default)") << listed.out;
}

TEST_F(CliTest, MeetingStatusListsStepsInTimeOrder) {
  ASSERT_EQ(Run({"apply", kExample}).exit_code, 0);
  {
    auto store = OpenStore("sqlite:" + (dir_ / "state.db").string());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->Transact([](StoreSession& session) {
      session.RecordStatus("open-room", "zEarly", {FromUnixSeconds(946684800), 201, "early"});
      session.RecordStatus("open-room", "aLate", {FromUnixSeconds(4102444800), 210, "late"});
    }));
  }
  ProcessResult status = Run({"meeting", "status", "open-room"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto early = status.out.find("zEarly\n");
  const auto main = status.out.find("status\n");
  const auto late = status.out.find("aLate\n");
  ASSERT_NE(early, std::string::npos) << status.out;
  ASSERT_NE(main, std::string::npos) << status.out;
  ASSERT_NE(late, std::string::npos) << status.out;
  EXPECT_LT(early, main) << status.out;
  EXPECT_LT(main, late) << status.out;
}

TEST_F(CliTest, ApplyJsonPrintsErrorsAsJsonOnStdout) {
  const std::string bad = Write("bad.yml",
                                "servers:\n  bbb:\n    BBB_URL: https://bbb.example.org/\n"
                                "    BBB_SECRET: s\nmeetings:\n  m1:\n    meetingName: X\n"
                                "    useHomeRoom: true\n    owner: {email: nope, fullName: Y}\n");
  ProcessResult applied = Run({"apply", bad, "--json"});
  EXPECT_EQ(applied.exit_code, 2);
  EXPECT_EQ(applied.err, "");
  const auto json = nlohmann::json::parse(applied.out);
  EXPECT_EQ(json["stored"], false);
  EXPECT_EQ(json["exitCode"], 2);
  ASSERT_FALSE(json["errors"].empty());
  EXPECT_NE(
      json["errors"].dump().find(":9:20: meetings.m1.owner.email: 'nope' is not a mail address"),
      std::string::npos)
      << json;

  ProcessResult missing = Run({"apply", (dir_ / "nonexist.yml").string(), "--json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(nlohmann::json::parse(missing.out)["errors"][0].get<std::string>().find(
                "No such file or directory"),
            std::string::npos)
      << missing.out;
}

TEST_F(CliTest, ApplyOfAMissingFileGivesTheReasonAndCreatesNoStore) {
  const std::string missing = (dir_ / "nonexist.yml").string();
  ProcessResult applied = Run({"apply", missing});
  EXPECT_EQ(applied.exit_code, 2);
  EXPECT_NE(
      applied.err.find("error: " + missing + ": cannot read the file: No such file or directory"),
      std::string::npos)
      << applied.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state.db"));
}

const std::string kCsvExample = std::string(SCHEDULIGHT_SOURCE_DIR) + "/examples/meetings.csv";

TEST_F(CliTest, ImportCsvStoresMeetingsOnceAndReportsBadLines) {
  ASSERT_EQ(Run({"apply", kExample}).exit_code, 0);
  ProcessResult imported = Run({"import-csv", kCsvExample});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("meetings: 3 added, 0 updated, 0 unchanged"), std::string::npos)
      << imported.out;
  ProcessResult shown = Run({"meeting", "show", "zoe_orsted_example_org", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto meeting = nlohmann::json::parse(shown.out);
  EXPECT_EQ(meeting["document"]["meetingName"], "Zoë Ørsted");
  // The RTMP URL carries the stream key: shown redacted, stored whole.
  EXPECT_EQ(meeting["document"]["liveStreaming"]["targetUrl"], "***");
  EXPECT_EQ(meeting["document"]["server"], "bbb2");
  {
    auto store = OpenStore("sqlite:" + (dir_ / "state.db").string());
    ASSERT_TRUE(store);
    std::optional<StoredMeeting> stored;
    ASSERT_TRUE((*store)->Transact(
        [&](StoreSession& session) { stored = session.FindMeeting("zoe_orsted_example_org"); }));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->document["liveStreaming"]["targetUrl"],
              "rtmp://streamer.example.org/stream/bbb");
  }

  ProcessResult again = Run({"import-csv", kCsvExample, "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto summary = nlohmann::json::parse(again.out);
  EXPECT_EQ(summary["meetings"]["unchanged"].size(), 3u);
  EXPECT_TRUE(summary["meetings"]["added"].empty());
  EXPECT_TRUE(summary["meetings"]["updated"].empty());

  const std::string bad = Write("people.csv",
                                "\xEF\xBB\xBFNeu;Person;neu@example.org;;;;;;\r\n"
                                "X;Y;x;;;;;;\r\n"
                                "Z;W;z@example.org;;2026-02-30 10:00;;;;nowhere\r\n");
  ProcessResult rejected = Run({"import-csv", bad});
  EXPECT_EQ(rejected.exit_code, 2);
  EXPECT_NE(rejected.err.find(bad + ":2: email 'x' is not a mail address"), std::string::npos)
      << rejected.err;
  EXPECT_NE(rejected.err.find(bad + ":3: startdate '2026-02-30 10:00' is not a valid"),
            std::string::npos)
      << rejected.err;
  EXPECT_NE(rejected.err.find("nothing was imported"), std::string::npos);
  EXPECT_EQ(Run({"meeting", "show", "neu_example_org"}).exit_code, 1);

  ProcessResult skipped = Run({"import-csv", bad, "--skip-bad", "--json"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(nlohmann::json::parse(skipped.out)["skippedLines"], nlohmann::json({2, 3}));
  EXPECT_NE(skipped.err.find("skipped: " + bad + ":2: email 'x'"), std::string::npos);
  EXPECT_EQ(Run({"meeting", "show", "neu_example_org"}).exit_code, 0);
}

TEST_F(CliTest, ImportCsvWritesADataFileThatApplies) {
  const std::string data = Write("config.yml",
                                 "# servers of the faculty\nservers:\n  bbb:\n"
                                 "    BBB_URL: https://bbb.example.org/\n    BBB_SECRET: s\n"
                                 "  bbb2:  # the second one\n"
                                 "    BBB_URL: https://bbb2.example.org/\n    BBB_SECRET: t\n");
  ProcessResult dry = Run({"import-csv", kCsvExample, "--write", data, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Dry run"), std::string::npos);
  std::stringstream before;
  before << std::ifstream(data).rdbuf();
  EXPECT_EQ(before.str().find("meetings"), std::string::npos);

  ProcessResult written = Run({"import-csv", kCsvExample, "--write", data});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_NE(written.out.find("3 added"), std::string::npos) << written.out;
  ProcessResult list = Run({"meeting", "list", "--json"});
  EXPECT_TRUE(nlohmann::json::parse(list.out).empty()) << "--write stores nothing";
  std::stringstream after;
  after << std::ifstream(data).rdbuf();
  EXPECT_NE(after.str().find("# the second one"), std::string::npos) << after.str();
  EXPECT_NE(after.str().find("Vorlesung Mathematik für Anfänger"), std::string::npos);

  ProcessResult applied = Run({"apply", data});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("meetings: 3 added"), std::string::npos) << applied.out;

  ProcessResult rewritten = Run({"import-csv", kCsvExample, "--write", data, "--json"});
  ASSERT_EQ(rewritten.exit_code, 0) << rewritten.err;
  EXPECT_EQ(nlohmann::json::parse(rewritten.out)["meetings"]["unchanged"].size(), 3u);

  EXPECT_EQ(Run({"import-csv", (dir_ / "missing.csv").string()}).exit_code, 2);
}

}  // namespace
}  // namespace schedulight
