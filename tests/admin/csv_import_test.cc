#include "admin/csv_import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "admin/meeting_file_merge.h"
#include "core/yaml_document.h"

namespace schedulight {
namespace {

constexpr const char* kServers =
    "servers:\n  bbb:\n    BBB_URL: https://bbb.example.org/\n    BBB_SECRET: s\n";

constexpr const char* kCsv =
    "givenname;surname;email;password;startdate;room_url;live_url;title;server\r\n"
    "Anna;Müller;anna@example.org;pw;2026-12-01 10:00;;live.example.org;Mathe;\r\n"
    "Jörg;Weiß;joerg@example.org;;0000-00-00;;;;bbb\r\n";

class CsvImportUseCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = ParseAppConfig("timezone: Europe/Vienna\n", "test");
    ASSERT_TRUE(config);
    config_ = *config;
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    ASSERT_TRUE(ApplyDataText(kServers, "servers.yml", {}, config_, *store_, now_));
  }

  std::expected<CsvImportSummary, ApplyFailure> Import(const std::string& text,
                                                       CsvImportOptions options = {}) {
    return ImportCsvText(text, "people.csv", options, config_, *store_, now_);
  }

  std::vector<StoredMeeting> Meetings() {
    std::vector<StoredMeeting> meetings;
    EXPECT_TRUE(store_->Transact([&](StoreSession& s) { meetings = s.ListMeetings(); }));
    return meetings;
  }

  AppConfig config_;
  std::unique_ptr<Store> store_;
  UtcTime now_ = FromUnixSeconds(1'780'000'000);
};

TEST_F(CsvImportUseCaseTest, StoresMeetingsAndReimportChangesNothing) {
  auto first = Import(kCsv);
  ASSERT_TRUE(first) << first.error().messages.front();
  EXPECT_EQ(first->meetings.added,
            (std::vector<std::string>{"anna_example_org", "joerg_example_org"}));
  const auto meetings = Meetings();
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_EQ(meetings[0].document["owner"]["fullName"], "Anna Müller");
  ASSERT_TRUE(meetings[0].starts_at);
  EXPECT_EQ(FormatUtc(*meetings[0].starts_at), "2026-12-01T09:00:00Z");

  auto again = Import(kCsv);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->meetings.added.empty());
  EXPECT_TRUE(again->meetings.updated.empty());
  EXPECT_EQ(again->meetings.unchanged.size(), 2u);

  std::string changed = kCsv;
  changed.replace(changed.find("Mathe"), 5, "Physik");
  auto updated = Import(changed);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->meetings.updated, std::vector<std::string>{"anna_example_org"});
}

TEST_F(CsvImportUseCaseTest, ABadLineImportsNothingUnlessSkipBad) {
  const std::string csv =
      std::string(kCsv) + "X;Y;not-an-address;;;;;;\r\nZ;W;z@example.org;;;;;;nope\r\n";
  auto failed = Import(csv);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().exit_code, 2);
  EXPECT_EQ(failed.error().messages,
            (std::vector<std::string>{"people.csv:4: email 'not-an-address' is not a mail address",
                                      "people.csv:5: server 'nope' is not in the store"}));
  EXPECT_TRUE(Meetings().empty());

  auto dry = Import(csv, {.skip_bad = true, .dry_run = true, .write_file = {}});
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->meetings.added.size(), 2u);
  EXPECT_TRUE(Meetings().empty());

  auto skipped = Import(csv, {.skip_bad = true, .dry_run = false, .write_file = {}});
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->meetings.added.size(), 2u);
  EXPECT_EQ(skipped->skipped_lines, (std::vector<int>{4, 5}));
  EXPECT_EQ(skipped->skipped.size(), 2u);
  EXPECT_EQ(Meetings().size(), 2u);
}

TEST_F(CsvImportUseCaseTest, NothingGoodIsAFailureEvenWithSkipBad) {
  auto failed = Import("X;Y;nope;;;;;;\n", {.skip_bad = true, .dry_run = false, .write_file = {}});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().exit_code, 2);
}

TEST_F(CsvImportUseCaseTest, WriteMergesIntoTheFileAndStoresNothing) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("schedulight-csv-" + std::to_string(::getpid()) + ".yml");
  std::filesystem::remove(path);
  const std::string file = path.string();
  const CsvImportOptions write{.skip_bad = false, .dry_run = false, .write_file = file};

  // The file names server bbb2, which the store does not have.
  std::ofstream(path) << "# our meetings\nservers:\n  bbb2: {BBB_URL: https://b2.example.org/, "
                         "BBB_SECRET: s}  # second\nmeetings:\n";
  auto written = Import(std::string(kCsv) + "A;B;ab@example.org;;;;;;bbb2\n", write);
  ASSERT_TRUE(written) << written.error().messages.front();
  EXPECT_EQ(written->meetings.added.size(), 3u);
  EXPECT_TRUE(Meetings().empty());
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  EXPECT_TRUE(text.str().starts_with("# our meetings\n")) << text.str();
  EXPECT_NE(text.str().find("# second"), std::string::npos);

  // What was written applies as it is.
  auto applied = ApplyDataText(text.str(), file, {}, config_, *store_, now_);
  ASSERT_TRUE(applied) << applied.error().messages.front();
  EXPECT_EQ(applied->meetings.added.size(), 3u);

  auto again = Import(kCsv, write);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->meetings.unchanged.size(), 2u);

  auto unknown = Import("A;B;a@example.org;;;;;;bbb3\n", write);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().messages,
            std::vector<std::string>{"people.csv:1: server 'bbb3' is not in " + file +
                                     " or in the store"});
  std::filesystem::remove(path);
}

TEST(MeetingFileMerge, AppendsReplacesAndKeepsComments) {
  const std::string text =
      "# top comment\n"
      "meetings:\n"
      "    # first\n"
      "    m1:\n"
      "        meetingName: One  # inline\n"
      "    m2:\n"
      "        meetingName: Two\n"
      "        owner: {email: a@example.org, fullName: A}\n"
      "\n"
      "# commands follow\n"
      "commands: {}\n";
  const std::vector<MeetingEntry> entries = {
      {"m1", {{"meetingName", "One"}}},
      {"m2", {{"meetingName", "Zwei"}, {"owner", {{"email", "a@example.org"}, {"fullName", "Ä"}}}}},
      {"m3", {{"meetingName", "true"}, {"maxParticipants", 150}, {"muteOnStart", true}}}};
  auto merged = MergeMeetingsText(text, entries);
  ASSERT_TRUE(merged) << merged.error();
  EXPECT_EQ(merged->changes.unchanged, std::vector<std::string>{"m1"});
  EXPECT_EQ(merged->changes.updated, std::vector<std::string>{"m2"});
  EXPECT_EQ(merged->changes.added, std::vector<std::string>{"m3"});
  for (const char* kept : {"# top comment", "# first", "One  # inline", "# commands follow"}) {
    EXPECT_NE(merged->text.find(kept), std::string::npos) << kept << "\n" << merged->text;
  }
  EXPECT_NE(merged->text.find("    m2:\n        meetingName: Zwei\n"), std::string::npos)
      << merged->text;
  EXPECT_LT(merged->text.find("m3:"), merged->text.find("# commands follow"));
  auto parsed = ParseYaml(merged->text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->value["meetings"]["m3"]["meetingName"], "true");
  EXPECT_EQ(parsed->value["meetings"]["m3"]["maxParticipants"], 150);
  EXPECT_EQ(parsed->value["meetings"]["m2"]["owner"]["fullName"], "Ä");
  EXPECT_EQ(parsed->value["commands"], nlohmann::json::object());

  auto same = MergeMeetingsText(merged->text, entries);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->text, merged->text);
  EXPECT_EQ(same->changes.unchanged.size(), 3u);
}

TEST(MeetingFileMerge, CreatesMeetingsWhereThereAreNone) {
  const std::vector<MeetingEntry> entries = {{"m", {{"meetingName", "X"}}}};
  auto empty = MergeMeetingsText("", entries);
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ(empty->text, "meetings:\n  m:\n    meetingName: X\n");
  auto servers_only = MergeMeetingsText("servers: {}\r\n", entries);
  ASSERT_TRUE(servers_only) << servers_only.error();
  EXPECT_EQ(ParseYaml(servers_only->text)->value["meetings"]["m"]["meetingName"], "X");
  auto empty_flow = MergeMeetingsText("meetings: {}\nservers: {}\n", entries);
  ASSERT_TRUE(empty_flow) << empty_flow.error();
  EXPECT_EQ(ParseYaml(empty_flow->text)->value["meetings"]["m"]["meetingName"], "X");
}

TEST(MeetingFileMerge, RefusesWhatItCannotDoSafely) {
  const std::vector<MeetingEntry> entries = {{"m", {{"meetingName", "X"}}}};
  EXPECT_FALSE(MergeMeetingsText("meetings: {a: {meetingName: A}}\n", entries));
  EXPECT_FALSE(MergeMeetingsText("- a list\n", entries));
  EXPECT_FALSE(MergeMeetingsText("meetings: [\n", entries));
  EXPECT_FALSE(MergeMeetingsText("meetings: [a]\n", entries));
}

}  // namespace
}  // namespace schedulight
