// The store contract for the engine (store.h, claim.h, change_feed.h):
// claims, revisions, conditional writes, servers in use, wake-ups by topic
// and read transactions. Written against the Store interface only, and
// parameterized by how the store is opened, so every implementation runs
// the same suite (SQLite file and in-memory today; PostgreSQL joins here).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <thread>

#include "store/store.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;

UtcTime At(std::int64_t seconds) { return FromUnixSeconds(seconds); }

const WorkerId kA{"worker-a"};
const WorkerId kB{"worker-b"};

class StoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = "sqlite::memory:";
    if (GetParam() == "sqlite-file") {
      std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      for (char& c : name) c = c == '/' ? '_' : c;
      path_ = std::filesystem::temp_directory_path() /
              ("schedulight-contract-" + std::to_string(::getpid()) + "-" + name + ".db");
      RemoveFiles();
      url = "sqlite:" + path_;
    }
    auto store = OpenStore(url, [this] { return now_; });
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    Run([](StoreSession& s) {
      s.PutServer({"bbb", {{"BBB_URL", "https://bbb.example.org"}}});
      s.PutServer({"other", {{"BBB_URL", "https://other.example.org"}}});
    });
  }
  void TearDown() override {
    store_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    if (path_.empty()) return;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  void Run(const std::function<void(StoreSession&)>& work) {
    auto done = store_->Transact(work);
    ASSERT_TRUE(done) << done.error().message;
  }
  void PutDue(const std::string& id, std::int64_t due, const std::string& server = "bbb") {
    Run([&](StoreSession& s) {
      s.PutMeeting({.id = id,
                    .server_id = server,
                    .document = {{"meetingName", id}},
                    .next_due_at = At(due)});
    });
  }
  std::vector<StoredMeeting> Claim(const WorkerId& worker, std::int64_t now, std::size_t limit = 10,
                                   std::optional<std::string> server = std::nullopt) {
    std::vector<StoredMeeting> claimed;
    Run([&](StoreSession& s) {
      claimed = s.ClaimDueMeetings(At(now), worker, 30s, limit, server);
    });
    return claimed;
  }
  StoredMeeting Find(const std::string& id) {
    std::optional<StoredMeeting> found;
    Run([&](StoreSession& s) { found = s.FindMeeting(id); });
    EXPECT_TRUE(found) << id;
    return found.value_or(StoredMeeting{});
  }
  static std::vector<std::string> Ids(const std::vector<StoredMeeting>& meetings) {
    std::vector<std::string> ids;
    for (const auto& meeting : meetings) ids.push_back(meeting.id);
    return ids;
  }

  std::string path_;
  UtcTime now_ = At(1000);
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, AClaimedMeetingIsNobodyElsesUntilItsClaimEnds) {
  PutDue("early", 100);
  PutDue("late", 300);
  PutDue("future", 5000);
  EXPECT_EQ(Ids(Claim(kA, 1000, 1)), std::vector<std::string>{"early"});
  EXPECT_EQ(Ids(Claim(kB, 1000)), std::vector<std::string>{"late"});  // not "early" again
  EXPECT_TRUE(Claim(kB, 1000).empty());
  EXPECT_EQ(*Find("early").claimed_by, kA.value);
  // A's claim ends at 1030 unless renewed: then B may take the meeting.
  EXPECT_TRUE(Claim(kB, 1030).empty());
  EXPECT_EQ(Ids(Claim(kB, 1031)), (std::vector<std::string>{"early", "late"}));
  // A, who lost it, can no longer write for it.
  EXPECT_FALSE(store_->Transact([&](StoreSession& s) {
    s.RecordPassStatus({"early", kA, 1}, "status", {At(1031), 210, "started"});
  }));
}

TEST_P(StoreContractTest, RenewingKeepsTheClaim) {
  PutDue("m", 100);
  ASSERT_EQ(Claim(kA, 1000).size(), 1u);
  int renewed = 0;
  Run([&](StoreSession& s) { renewed = s.RenewClaims(kA, At(1100)); });
  EXPECT_EQ(renewed, 1);
  EXPECT_TRUE(Claim(kB, 1090).empty());
  EXPECT_EQ(Find("m").claim_until, At(1100));
}

TEST_P(StoreContractTest, ClaimsAreByServerWhenAsked) {
  PutDue("on-bbb", 100);
  PutDue("on-other", 50, "other");
  EXPECT_EQ(Ids(Claim(kA, 1000, 10, "bbb")), std::vector<std::string>{"on-bbb"});
  std::optional<UtcTime> next_other, next_bbb;
  Run([&](StoreSession& s) {
    next_other = s.NextMeetingDue("other");
    next_bbb = s.NextMeetingDue("bbb");
  });
  EXPECT_EQ(next_other, At(50));
  EXPECT_EQ(next_bbb, At(1030));  // claimed: becomes claimable when the claim ends
}

TEST_P(StoreContractTest, EveryExternalWriteBumpsTheRevision) {
  PutDue("m", 100);
  const auto first = Find("m").revision;
  Run([](StoreSession& s) { s.TouchMeeting("m", std::nullopt); });
  EXPECT_EQ(Find("m").revision, first + 1);
  EXPECT_EQ(Find("m").next_due_at, At(100));  // untouched without due_at
  Run([](StoreSession& s) { EXPECT_TRUE(s.TouchMeeting("m", At(777))); });
  EXPECT_EQ(Find("m").revision, first + 2);
  EXPECT_EQ(Find("m").next_due_at, At(777));
  PutDue("m", 100);
  EXPECT_EQ(Find("m").revision, first + 3);
  Run([](StoreSession& s) { EXPECT_FALSE(s.TouchMeeting("nope", std::nullopt)); });
}

TEST_P(StoreContractTest, APassCommitsOnlyOnTheRevisionItStartedOn) {
  PutDue("m", 100);
  auto claimed = Claim(kA, 1000);
  ASSERT_EQ(claimed.size(), 1u);
  const MeetingClaim claim{"m", kA, claimed[0].revision};
  Run([&](StoreSession& s) {
    EXPECT_TRUE(s.HoldsMeeting(claim));
    EXPECT_TRUE(s.RecordPassStatus(claim, "status", {At(1000), 201, "waiting"}));
  });
  // An admin disables the meeting while the pass runs.
  Run([](StoreSession& s) {
    s.RecordStatus("m", "status", {At(1001), 900, "disabled"});
    s.TouchMeeting("m", std::nullopt);
  });
  Run([&](StoreSession& s) { EXPECT_FALSE(s.HoldsMeeting(claim)); });
  auto late = store_->Transact([&](StoreSession& s) {
    s.RecordPassStatus(claim, "status", {At(1002), 210, "started"});
  });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, StoreErrorKind::kConflict);
  bool finished = true;
  Run([&](StoreSession& s) { finished = s.FinishMeetingPass(claim, At(5000)); });
  EXPECT_FALSE(finished);
  const StoredMeeting after = Find("m");
  EXPECT_EQ(after.next_due_at, At(100));  // as the change left it
  EXPECT_FALSE(after.claimed_by);         // but the claim ended
  Run([](StoreSession& s) { EXPECT_EQ(s.LatestStatus("m", "status")->code, 900); });
}

TEST_P(StoreContractTest, APassRepeatingACodeCountsItOnTheLatestEntry) {
  PutDue("m", 100);
  auto claimed = Claim(kA, 1000);
  ASSERT_EQ(claimed.size(), 1u);
  const MeetingClaim claim{"m", kA, claimed[0].revision};
  Run([&](StoreSession& s) {
    EXPECT_TRUE(s.RecordPassStatus(claim, "status", {At(1000), 400, "BBB down"}));
    EXPECT_FALSE(s.RecordPassStatus(claim, "status", {At(1060), 400, "BBB still down"}));
    EXPECT_FALSE(s.RecordPassStatus(claim, "status", {At(1180), 400, "BBB timed out"}));
  });
  StatusHistory history;
  Run([&](StoreSession& s) { history = s.MeetingStatus("m"); });
  ASSERT_EQ(history["status"].size(), 1u);
  const StatusEntry& entry = history["status"].back();
  EXPECT_EQ(entry.time, At(1000));  // first reached
  EXPECT_EQ(entry.attempts, 3);
  EXPECT_EQ(entry.last_at, At(1180));
  EXPECT_EQ(entry.message, "BBB down");  // the entry tells what first happened
  Run([&](StoreSession& s) {
    EXPECT_EQ(s.LatestStatus("m", "status")->attempts, 3);
    // An admin's edit with the same code changes nothing; a new code starts afresh.
    EXPECT_FALSE(s.RecordStatus("m", "status", {At(1200), 400, "set by hand"}));
    EXPECT_EQ(s.LatestStatus("m", "status")->attempts, 3);
    EXPECT_TRUE(s.RecordPassStatus(claim, "status", {At(1240), 210, "started"}));
    EXPECT_EQ(s.LatestStatus("m", "status")->attempts, 1);
    EXPECT_FALSE(s.LatestStatus("m", "status")->last_at);
  });
}

TEST_P(StoreContractTest, AFinishedPassWritesItsNextDueAndEndsTheClaim) {
  PutDue("m", 100);
  auto claimed = Claim(kA, 1000);
  ASSERT_EQ(claimed.size(), 1u);
  Run([&](StoreSession& s) {
    EXPECT_TRUE(s.FinishMeetingPass({"m", kA, claimed[0].revision}, At(2000)));
  });
  EXPECT_EQ(Find("m").next_due_at, At(2000));
  EXPECT_FALSE(Find("m").claimed_by);
  EXPECT_TRUE(Claim(kB, 1999).empty());
  EXPECT_EQ(Claim(kB, 2000).size(), 1u);
}

TEST_P(StoreContractTest, AReleasedMeetingStaysDue) {
  PutDue("m", 100);
  auto claimed = Claim(kA, 1000);
  ASSERT_EQ(claimed.size(), 1u);
  Run([&](StoreSession& s) {
    EXPECT_FALSE(s.ReleaseMeeting({"m", kB, claimed[0].revision}));  // not B's to release
    EXPECT_TRUE(s.ReleaseMeeting({"m", kA, claimed[0].revision}));
  });
  EXPECT_EQ(Ids(Claim(kB, 1000)), std::vector<std::string>{"m"});
}

TEST_P(StoreContractTest, AServerInUseCannotBeDeletedAndAMeetingNeedsItsServer) {
  PutDue("m1", 100);
  PutDue("m2", 100);
  auto refused = store_->Transact([](StoreSession& s) { s.DeleteServer("bbb"); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, StoreErrorKind::kConstraint);
  EXPECT_NE(refused.error().message.find("m1, m2"), std::string::npos) << refused.error().message;
  auto orphan = store_->Transact([](StoreSession& s) {
    s.PutMeeting({.id = "x", .server_id = "nowhere", .document = nlohmann::json::object()});
  });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().kind, StoreErrorKind::kConstraint);
  EXPECT_NE(orphan.error().message.find("nowhere"), std::string::npos);
  Run([](StoreSession& s) {
    EXPECT_TRUE(s.DeleteMeeting("m1"));
    EXPECT_TRUE(s.DeleteMeeting("m2"));
    EXPECT_TRUE(s.DeleteServer("bbb"));
  });
}

TEST_P(StoreContractTest, WritesWakeOnlyTheTopicTheyConcern) {
  ChangeFeed& feed = store_->Changes();
  auto generations = [&] {
    return std::array{feed.Generation(ChangeTopic::kMeetings),
                      feed.Generation(ChangeTopic::kCommands),
                      feed.Generation(ChangeTopic::kMails)};
  };
  auto before = generations();
  PutDue("m", 100);
  auto after = generations();
  EXPECT_GT(after[0], before[0]);
  EXPECT_EQ(after[1], before[1]);
  EXPECT_EQ(after[2], before[2]);

  before = after;
  Run([](StoreSession& s) {
    s.AddMail({.kind = "roomShared", .recipient = "a@example.org", .message = {}});
  });
  after = generations();
  EXPECT_EQ(after[0], before[0]);
  EXPECT_GT(after[2], before[2]);

  // The engine's own bookkeeping wakes nobody.
  before = after;
  auto claimed = Claim(kA, 1000);
  ASSERT_EQ(claimed.size(), 1u);
  Run([&](StoreSession& s) {
    s.RecordPassStatus({"m", kA, claimed[0].revision}, "status", {At(1000), 210, "x"});
    s.FinishMeetingPass({"m", kA, claimed[0].revision}, At(3000));
  });
  EXPECT_EQ(generations(), before);

  // A transaction that rolls back notifies nobody.
  EXPECT_FALSE(store_->Transact([](StoreSession& s) {
    s.TouchMeeting("m", std::nullopt);
    throw std::runtime_error("changed my mind");
  }));
  EXPECT_EQ(generations(), before);
}

TEST_P(StoreContractTest, ReadsSeeTheLastCommitAndDoNotWaitForAWriter) {
  PutDue("m", 100);
  std::atomic<bool> writing{false}, done{false};
  std::thread writer([&] {
    (void)store_->Transact([&](StoreSession& s) {
      s.TouchMeeting("m", At(200));
      writing = true;
      while (!done) std::this_thread::sleep_for(1ms);
    });
  });
  while (!writing) std::this_thread::sleep_for(1ms);
  if (GetParam() == "sqlite-file") {
    // The writer holds its transaction open; a read still answers, with the last commit.
    std::optional<UtcTime> seen;
    auto read = store_->Read([&](StoreSession& s) { seen = s.FindMeeting("m")->next_due_at; });
    EXPECT_TRUE(read) << read.error().message;
    EXPECT_EQ(seen, At(100));
  }
  done = true;
  writer.join();
  std::optional<UtcTime> seen;
  ASSERT_TRUE(store_->Read([&](StoreSession& s) { seen = s.FindMeeting("m")->next_due_at; }));
  EXPECT_EQ(seen, At(200));
}

TEST_P(StoreContractTest, MeetingIdsAreEveryStoredIdSorted) {
  PutDue("b", 100);
  PutDue("a", 200, "other");
  PutDue("c", 300);
  std::vector<std::string> ids, listed;
  ASSERT_TRUE(store_->Read([&](StoreSession& s) { ids = s.MeetingIds(); }));
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c"}));
  Run([&](StoreSession& s) {
    s.DeleteMeeting("b");
    listed = Ids(s.ListMeetings());
    ids = s.MeetingIds();  // the same statement again, in a write transaction
  });
  EXPECT_EQ(ids, listed);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "c"}));
}

TEST_P(StoreContractTest, ConcurrentReadsEachSeeTheLastCommit) {
  PutDue("m", 100);
  // More readers than the store has read connections: each waits for a free
  // one, none sees anything but the committed row, none fails.
  std::atomic<int> wrong{0}, failed{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 12; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto read = store_->Read([&](StoreSession& s) {
          auto meeting = s.FindMeeting("m");
          if (!meeting || meeting->next_due_at != At(100) || s.FindMeeting("none")) ++wrong;
        });
        if (!read) ++failed;
      }
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(failed.load(), 0);
}

TEST_P(StoreContractTest, StampsComeFromTheStoresClock) {
  now_ = At(424242);
  Run([](StoreSession& s) {
    s.PutMeeting({.id = "m", .server_id = "bbb", .document = nlohmann::json::object()});
  });
  EXPECT_EQ(Find("m").updated_at, At(424242));
}

TEST_P(StoreContractTest, AFailedCommandIsQueuedAgainWithItsGoodResultsOnly) {
  const nlohmann::json document = {{"command", "create_user"}, {"data", nlohmann::json::object()}};
  Run([&](StoreSession& s) {
    s.PutCommand({.id = "first", .server_id = "bbb", .document = document});
    s.PutCommand(
        {.id = "failed",
         .server_id = "bbb",
         .document = document,
         .state = CommandState::kFailed,
         .results = {{"a", true, "created"}, {"b", false, "no database"}, {"c", true, "created"}}});
    s.PutCommand({.id = "done",
                  .server_id = "bbb",
                  .document = document,
                  .state = CommandState::kDone,
                  .results = {{"a", true, "created"}}});
  });
  bool requeued = false, not_failed = true, unknown = true;
  Run([&](StoreSession& s) {
    requeued = s.RequeueFailedCommand("failed");
    not_failed = s.RequeueFailedCommand("done");
    unknown = s.RequeueFailedCommand("nope");
  });
  EXPECT_TRUE(requeued);
  EXPECT_FALSE(not_failed);
  EXPECT_FALSE(unknown);
  std::optional<StoredCommand> failed;
  std::map<CommandState, int> counts;
  Run([&](StoreSession& s) {
    failed = s.FindCommand("failed");
    counts = s.CountCommandsByState();
  });
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->state, CommandState::kQueued);
  ASSERT_EQ(failed->results.size(), 2u);
  EXPECT_EQ(failed->results[0].element, "a");
  EXPECT_EQ(failed->results[1].element, "c");
  EXPECT_EQ(counts[CommandState::kQueued], 2);
  EXPECT_EQ(counts[CommandState::kFailed], 0);

  // It runs after the commands queued before the retry, and a result
  // recorded next lands after the kept ones, not over one of them.
  std::optional<StoredCommand> claimed;
  Run([&](StoreSession& s) { claimed = s.ClaimNextCommand(At(1000), kA, 30s); });
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, "first");
  Run([&](StoreSession& s) {
    ASSERT_TRUE(s.FinishCommand({.id = "first", .state = CommandState::kDone}, kA));
    claimed = s.ClaimNextCommand(At(1000), kA, 30s);
  });
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, "failed");
  Run([&](StoreSession& s) {
    EXPECT_TRUE(s.RecordCommandResult("failed", kA, claimed->results.size(), {"b", true, "created"},
                                      At(1030)));
    failed = s.FindCommand("failed");
  });
  ASSERT_EQ(failed->results.size(), 3u);
  EXPECT_EQ(failed->results[0].message, "created");
  EXPECT_EQ(failed->results[2].element, "b");
}

TEST_P(StoreContractTest, ADeletedCommandIsGoneWithItsResults) {
  Run([](StoreSession& s) {
    s.PutCommand({.id = "c",
                  .server_id = "bbb",
                  .document = {{"command", "create_user"}},
                  .state = CommandState::kFailed,
                  .results = {{"a", false, "no database"}}});
  });
  bool deleted = false, again = true;
  std::optional<StoredCommand> found;
  Run([&](StoreSession& s) {
    deleted = s.DeleteCommand("c");
    again = s.DeleteCommand("c");
    found = s.FindCommand("c");
  });
  EXPECT_TRUE(deleted);
  EXPECT_FALSE(again);
  EXPECT_FALSE(found);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory"), [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace schedulight
