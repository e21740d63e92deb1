// Who owns a meeting while it is processed: the engine's claims and
// revisions against the races that used to lose an admin's word. The
// scheduler runs against the BBB simulator over loopback HTTP (servers
// without Greenlight) and a store file, as in the daemon. Each test here
// failed before claims and revisions existed.

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include "admin/apply.h"
#include "admin/meeting_admin.h"
#include "admin/status_admin.h"
#include "engine/meeting_scheduler.h"
#include "sim_server.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "engine-state-secret";

class EngineStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sim_.Start());
    path_ = std::filesystem::temp_directory_path() /
            ("schedulight-engine-state-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    RemoveFiles();
    auto config = ParseAppConfig("timezone: Europe/Vienna\n", "test");
    ASSERT_TRUE(config) << config.error().front();
    config_ = *config;
    auto store = OpenStore("sqlite:" + path_.string());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }

  std::string ServerYaml() {
    std::ostringstream yaml;
    yaml << "servers:\n  bbb:\n    BBB_URL: " << sim_.base_url() << "\n    BBB_SECRET: " << kSecret
         << "\n    send_emails: false\n    greenlight: false\n";
    return yaml.str();
  }
  static std::string MeetingYaml(const std::string& id, const std::string& extra = "") {
    return "  " + id + ":\n    meetingName: Meeting " + id + "\n    owner: {email: " + id +
           "@example.org, fullName: Owner}\n" + extra;
  }
  void Apply(const std::string& yaml) {
    auto applied = ApplyDataText(yaml, "test.yml", {}, config_, *store_, SystemNow());
    ASSERT_TRUE(applied) << applied.error().messages.front();
  }
  std::unique_ptr<MeetingScheduler> Scheduler(const AppConfig& config, const std::string& worker,
                                              Clock clock = SystemClock()) {
    auto created = MeetingScheduler::Create(*store_, config, WorkerId{worker}, {}, {}, clock);
    EXPECT_TRUE(created) << created.error();
    return created ? std::move(*created) : nullptr;
  }
  void WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!condition() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(condition()) << "timed out";
  }
  std::vector<StatusEntry> Steps(const std::string& id, const std::string& step) {
    StatusHistory history;
    EXPECT_TRUE(store_->Transact([&](StoreSession& s) { history = s.MeetingStatus(id); }));
    return history[step];
  }
  StoredMeeting Stored(const std::string& id) {
    std::optional<StoredMeeting> meeting;
    EXPECT_TRUE(store_->Transact([&](StoreSession& s) { meeting = s.FindMeeting(id); }));
    return meeting.value_or(StoredMeeting{});
  }
  int BbbCalls() { return sim_.TotalCalls("create") + sim_.TotalCalls("getMeetingInfo"); }
  void SlowCreates(std::chrono::milliseconds latency) {
    sim_.AddFault({.call = "create", .type = sim::FaultType::kLatency, .latency = latency});
  }

  sim::SimServer sim_{sim::SimServerOptions{.secret = kSecret}};
  std::filesystem::path path_;
  AppConfig config_;
  std::unique_ptr<Store> store_;
};

// Before: the pass recorded 210 after the admin's 900 (re-enabling the
// meeting) and went on calling BBB after `disable` had returned.
TEST_F(EngineStateTest, ADisableDuringASlowCreateWins) {
  SlowCreates(1500ms);
  Apply(ServerYaml() + "meetings:\n" + MeetingYaml("m"));
  auto scheduler = Scheduler(config_, "lane-worker");
  std::thread pass([&] { scheduler->ProcessDue(SystemNow()); });
  WaitFor([&] { return sim_.TotalCalls("create") == 1; });

  auto disabled = DisableMeeting(*store_, "m", SystemNow());
  ASSERT_TRUE(disabled) << disabled.error().message;
  const int calls_when_disabled = BbbCalls();
  pass.join();

  EXPECT_EQ(BbbCalls(), calls_when_disabled) << "a BBB call started after disable returned";
  const auto status = Steps("m", "status");
  ASSERT_FALSE(status.empty());
  EXPECT_EQ(status.back().code, status_code::kDisabled);
  for (const auto& entry : status) EXPECT_NE(entry.code, status_code::kStartedNobodyJoined);
  EXPECT_FALSE(Stored("m").claimed_by);
  // And later passes leave it alone.
  scheduler->ProcessDue(SystemNow() + 120s);
  EXPECT_EQ(BbbCalls(), calls_when_disabled);
}

// Before: the edit set next_due = now, and the pass, finding the document
// unchanged, overwrote it with its own next due time.
TEST_F(EngineStateTest, AStatusEditDuringAPassKeepsTheMeetingDueNow) {
  SlowCreates(1000ms);
  Apply(ServerYaml() + "meetings:\n" + MeetingYaml("m"));
  auto scheduler = Scheduler(config_, "lane-worker");
  std::thread pass([&] { scheduler->ProcessDue(SystemNow()); });
  WaitFor([&] { return sim_.TotalCalls("create") == 1; });
  const UtcTime edited_at = SystemNow();
  auto edited = SetMeetingStep(*store_, "m", "endMeeting", 400, "retry the end", edited_at);
  ASSERT_TRUE(edited && *edited);
  pass.join();
  const StoredMeeting after = Stored("m");
  ASSERT_TRUE(after.next_due_at);
  EXPECT_LE(*after.next_due_at, edited_at) << "the admin's 'due now' was overwritten";
  EXPECT_FALSE(after.claimed_by);
}

// Before: the scheduler could hand a meeting to its lane again while the
// lane was finishing it, and two daemons on one store both took it.
TEST_F(EngineStateTest, TwoWorkersOnOneStoreCreateEachMeetingOnce) {
  constexpr int kMeetings = 40;
  SlowCreates(20ms);
  std::string yaml = ServerYaml() + "meetings:\n";
  for (int i = 0; i < kMeetings; ++i) yaml += MeetingYaml("m" + std::to_string(i));
  Apply(yaml);
  auto first = Scheduler(config_, "daemon-1");
  auto second = Scheduler(config_, "daemon-2");
  std::jthread one([&](std::stop_token stop) { first->Run(stop); });
  std::jthread two([&](std::stop_token stop) { second->Run(stop); });
  auto started = [&] {
    int count = 0;
    for (int i = 0; i < kMeetings; ++i) {
      const auto status = Steps("m" + std::to_string(i), "status");
      if (!status.empty() && status.back().code == status_code::kStartedNobodyJoined) ++count;
    }
    return count == kMeetings;
  };
  WaitFor(started, 30s);
  one.request_stop();
  two.request_stop();
  one.join();
  two.join();
  for (int i = 0; i < kMeetings; ++i) {
    const std::string bbb_id = "schedulight-m" + std::to_string(i);
    EXPECT_EQ(sim_.CallCount("create", bbb_id), 1) << bbb_id;
  }
  EXPECT_EQ(sim_.TotalCalls("create"), kMeetings);
}

// Before: the executor derived the start again in the daemon's own zone, so a
// daemon in another zone started meetings at another time than `meeting list`
// showed.
TEST_F(EngineStateTest, TheStartIsTheStoredOneWhateverTheDaemonsZone) {
  // Applied in Vienna: 10:00 CEST = 08:00Z.
  Apply(ServerYaml() + "meetings:\n" +
        MeetingYaml("m", "    startDate: \"2030-06-03 10:00\"\n    preOpenMinutes: 0\n"));
  ASSERT_EQ(Stored("m").starts_at, *ParseStartDate("2030-06-03T08:00:00Z", FindTimeZone("UTC")));
  auto new_york = ParseAppConfig("timezone: America/New_York\n", "daemon");
  ASSERT_TRUE(new_york);
  UtcTime now = *ParseStartDate("2030-06-03T08:00:30Z", FindTimeZone("UTC"));
  auto scheduler = Scheduler(*new_york, "daemon-in-new-york", [&] { return now; });
  scheduler->ProcessDue(now);
  const auto status = Steps("m", "status");
  ASSERT_FALSE(status.empty());
  EXPECT_EQ(status.back().code, status_code::kStartedNobodyJoined) << status.back().message;
  EXPECT_EQ(sim_.TotalCalls("create"), 1);
}

// Before: after a stop request a lane drained its whole queue (83-87 of 200
// meetings processed after SIGTERM, then the deadline killed the process).
TEST_F(EngineStateTest, AStopStartsNoNewPassAndHandsClaimsBack) {
  constexpr int kMeetings = 60;
  SlowCreates(100ms);
  std::string yaml = ServerYaml() + "meetings:\n";
  for (int i = 0; i < kMeetings; ++i) yaml += MeetingYaml("m" + std::to_string(i));
  Apply(yaml);
  auto scheduler = Scheduler(config_, "stopping");
  std::jthread running([&](std::stop_token stop) { scheduler->Run(stop); });
  WaitFor([&] { return sim_.TotalCalls("create") >= 5; });
  const int creates_at_stop = sim_.TotalCalls("create");
  const auto stopping = std::chrono::steady_clock::now();
  running.request_stop();
  running.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
  EXPECT_LE(sim_.TotalCalls("create"), creates_at_stop + 1);  // at most the one in hand
  int claimed = 0, still_due = 0;
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) {
    for (const auto& meeting : s.ListMeetings()) {
      if (meeting.claimed_by) ++claimed;
      if (meeting.next_due_at && *meeting.next_due_at <= SystemNow()) ++still_due;
    }
  }));
  EXPECT_EQ(claimed, 0);
  EXPECT_GE(still_due, kMeetings - creates_at_stop - 1);
}

}  // namespace
}  // namespace schedulight
