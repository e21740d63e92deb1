#include "admin/apply.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace schedulight {
namespace {

constexpr const char* kServers = R"(
servers:
  bbb:
    BBB_URL: https://bbb.example.org/
    BBB_SECRET: secret
  bbb2:
    BBB_URL: https://bbb2.example.org/
    BBB_SECRET: secret2
)";

constexpr const char* kMeetings = R"(
meetings:
  m1:
    meetingName: Besprechung Größe
    meetingUID: m-eins
    startDate: 2026-12-01 10:00
    owner: {email: a@example.org, fullName: Ärger}
  m2:
    server: bbb2
    meetingName: Zwei
    useHomeRoom: true
    owner: {email: b@example.org, fullName: B}
commands:
  c1:
    command: delete_user
    data: {x@example.org: {}}
)";

class ApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = ParseAppConfig("timezone: Europe/Vienna\n", "test");
    ASSERT_TRUE(config);
    config_ = *config;
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store);
    store_ = std::move(*store);
  }

  std::expected<ApplySummary, ApplyFailure> Apply(const std::string& text,
                                                  ApplyOptions options = {}) {
    return ApplyDataText(text, "data.yml", options, config_, *store_, now_);
  }

  std::vector<StoredMeeting> Meetings() {
    std::vector<StoredMeeting> meetings;
    EXPECT_TRUE(store_->Transact([&](StoreSession& s) { meetings = s.ListMeetings(); }));
    return meetings;
  }

  AppConfig config_;
  std::unique_ptr<Store> store_;
  UtcTime now_ = FromUnixSeconds(1'790'000'000);
};

TEST_F(ApplyTest, StoresEverythingThenReapplyingChangesNothing) {
  auto first = Apply(std::string(kServers) + kMeetings);
  ASSERT_TRUE(first) << first.error().messages.front();
  EXPECT_EQ(first->servers.added, (std::vector<std::string>{"bbb", "bbb2"}));
  EXPECT_EQ(first->meetings.added, (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(first->commands_queued, (std::vector<std::string>{"c1"}));

  auto meetings = Meetings();
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_EQ(meetings[0].document["meetingName"], "Besprechung Größe");
  EXPECT_EQ(FormatUtc(*meetings[0].starts_at), "2026-12-01T09:00:00Z");
  EXPECT_EQ(meetings[0].next_due_at, now_);
  EXPECT_EQ(meetings[1].server_id, "bbb2");

  auto again = Apply(std::string(kServers) + kMeetings);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->servers.added.empty());
  EXPECT_TRUE(again->servers.updated.empty());
  EXPECT_EQ(again->servers.unchanged.size(), 2u);
  EXPECT_EQ(again->meetings.unchanged.size(), 2u);
  EXPECT_TRUE(again->commands_queued.empty());
  EXPECT_EQ(again->commands_unchanged, (std::vector<std::string>{"c1"}));
}

TEST_F(ApplyTest, ChangedMeetingIsUpdatedAndKeepsItsStatus) {
  ASSERT_TRUE(Apply(std::string(kServers) + kMeetings));
  std::string changed = std::string(kServers) + kMeetings;
  changed.replace(changed.find("Zwei"), 4, "Drei");
  auto result = Apply(changed);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->meetings.updated, (std::vector<std::string>{"m2"}));
  EXPECT_EQ(result->meetings.unchanged, (std::vector<std::string>{"m1"}));
  ASSERT_TRUE(store_->Transact([](StoreSession& s) {
    EXPECT_EQ(s.FindMeeting("m2")->document["meetingName"], "Drei");
    EXPECT_EQ(s.MeetingStatus("m2").at("status").size(), 1u);
  }));
}

TEST_F(ApplyTest, InvalidFileStoresNothingAndNamesEveryProblem) {
  ASSERT_TRUE(Apply(kServers));
  const std::string bad = std::string(kServers) + R"(
meetings:
  good:
    meetingName: Fine
    useHomeRoom: true
    owner: {email: ok@example.org, fullName: Ok}
  bad:
    meetingName: Broken
    useHomeRoom: true
    startDate: 2026-02-30 10:00
    owner:
      email: not-an-address
      fullName: X
)";
  auto result = Apply(bad);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().exit_code, 2);
  ASSERT_EQ(result.error().messages.size(), 2u);
  // In file order, each with file:line:column.
  EXPECT_TRUE(result.error().messages[0].starts_with("data.yml:18:16: meetings.bad.startDate:"));
  EXPECT_EQ(result.error().messages[1],
            "data.yml:20:14: meetings.bad.owner.email: 'not-an-address' is not a mail address");
  EXPECT_TRUE(Meetings().empty());  // not even the good meeting
}

TEST_F(ApplyTest, AMeetingNamingAMissingTemplateIsRefusedWithItsLine) {
  const std::string file = std::string(kServers) + R"(
meetings:
  ok:
    meetingName: Built-in name
    owner: {email: a@example.org, fullName: A}
    meetingOwnerInfoTemplate: meetingOwnerInfo
  jinja:
    meetingName: The original's file name
    owner: {email: b@example.org, fullName: B}
    meetingOwnerInfoTemplate: meetingOwnerInfoTemplate.j2
)";
  auto result = Apply(file);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().exit_code, 2);
  ASSERT_EQ(result.error().messages.size(), 1u)
      << ::testing::PrintToString(result.error().messages);
  const std::string& message = result.error().messages[0];
  EXPECT_TRUE(
      message.starts_with("data.yml:18:31: meetings.jinja.meetingOwnerInfoTemplate: "
                          "no mail template 'meetingOwnerInfoTemplate.j2'"))
      << message;
  EXPECT_NE(message.find("named without extension (e.g. 'meetingOwnerInfo'"), std::string::npos)
      << message;
  EXPECT_TRUE(Meetings().empty());
}

TEST_F(ApplyTest, YamlSyntaxErrorIsReportedWithItsLocation) {
  auto result = Apply("servers:\n  bbb: {BBB_URL: x\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().exit_code, 2);
  EXPECT_TRUE(result.error().messages[0].starts_with("data.yml:")) << result.error().messages[0];
}

TEST_F(ApplyTest, PruneDeletesWhatTheFileNoLongerHas) {
  ASSERT_TRUE(Apply(std::string(kServers) + kMeetings));
  const std::string smaller = R"(
servers:
  bbb:
    BBB_URL: https://bbb.example.org/
    BBB_SECRET: secret
meetings:
  m1:
    meetingName: Besprechung Größe
    meetingUID: m-eins
    startDate: 2026-12-01 10:00
    owner: {email: a@example.org, fullName: Ärger}
)";
  auto without_prune = Apply(smaller);
  ASSERT_TRUE(without_prune);
  EXPECT_TRUE(without_prune->meetings.pruned.empty());
  EXPECT_EQ(Meetings().size(), 2u);

  auto dry = Apply(smaller, {.prune = true, .dry_run = true});
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->meetings.pruned, (std::vector<std::string>{"m2"}));
  EXPECT_EQ(Meetings().size(), 2u);

  auto pruned = Apply(smaller, {.prune = true});
  ASSERT_TRUE(pruned);
  EXPECT_EQ(pruned->servers.pruned, (std::vector<std::string>{"bbb2"}));
  EXPECT_EQ(pruned->meetings.pruned, (std::vector<std::string>{"m2"}));
  EXPECT_EQ(Meetings().size(), 1u);
}

// Before: the server went and its meetings failed with 400 every 60 s for ever.
TEST_F(ApplyTest, PruneRefusesToDeleteAServerThatStoredMeetingsStillUse) {
  ASSERT_TRUE(Apply(std::string(kServers) + kMeetings));
  // A file that keeps m2 (on bbb2) but no longer lists bbb2: m2 still names it.
  const std::string without_bbb2 = std::string(R"(
servers:
  bbb:
    BBB_URL: https://bbb.example.org/
    BBB_SECRET: secret
)") + kMeetings;
  for (bool dry_run : {true, false}) {
    auto refused = Apply(without_bbb2, {.prune = true, .dry_run = dry_run});
    ASSERT_FALSE(refused) << "dry run: " << dry_run;
    EXPECT_EQ(refused.error().exit_code, 2);
    EXPECT_NE(refused.error().messages.front().find("m2"), std::string::npos)
        << refused.error().messages.front();
  }
  EXPECT_EQ(Meetings().size(), 2u);  // nothing applied
}

TEST_F(ApplyTest, DryRunWritesNothing) {
  auto result = Apply(std::string(kServers) + kMeetings, {.dry_run = true});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->meetings.added.size(), 2u);
  EXPECT_TRUE(Meetings().empty());
}

TEST_F(ApplyTest, ChangedCommandIsQueuedAgain) {
  ASSERT_TRUE(Apply(std::string(kServers) + kMeetings));
  std::string changed = std::string(kServers) + kMeetings;
  changed.replace(changed.find("x@example.org"), 13, "y@example.org");
  auto result = Apply(changed);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->commands_queued, (std::vector<std::string>{"c1"}));
}

TEST_F(ApplyTest, TheCommandsOfTwoAppliesInOneSecondRunOneApplyAfterTheOther) {
  auto commands = [](const std::vector<std::string>& ids) {
    std::string text = "commands:\n";
    for (const auto& id : ids) {
      text += "  " + id + ":\n    command: delete_user\n    data: {" + id + "@example.org: {}}\n";
    }
    return text;
  };
  const std::vector<std::string> first = {"zulu", "yankee", "xray"};
  const std::vector<std::string> second = {"alpha", "bravo", "charlie"};
  ASSERT_TRUE(Apply(std::string(kServers) + commands(first)));
  ASSERT_TRUE(Apply(std::string(kServers) + commands(second)));  // the same second
  std::vector<std::string> order;
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) {
    for (const auto& command : s.ListCommands()) order.push_back(command.id);
  }));
  EXPECT_EQ(order,
            (std::vector<std::string>{"zulu", "yankee", "xray", "alpha", "bravo", "charlie"}));
}

TEST_F(ApplyTest, TheExampleFileApplies) {
  std::ifstream in(std::string(SCHEDULIGHT_SOURCE_DIR) + "/examples/config.yml");
  std::stringstream text;
  text << in.rdbuf();
  auto result = Apply(text.str());
  ASSERT_TRUE(result) << result.error().messages.front();
  EXPECT_EQ(result->servers.added.size(), 2u);
  EXPECT_EQ(result->meetings.added.size(), 3u);
  EXPECT_EQ(result->commands_queued,
            (std::vector<std::string>{"create-lecturer", "lecturer-room", "share-seminar"}));
}

}  // namespace
}  // namespace schedulight
