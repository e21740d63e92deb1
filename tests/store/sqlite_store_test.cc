#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "store/migrations.h"

namespace schedulight {
namespace {

UtcTime At(std::int64_t seconds) { return FromUnixSeconds(seconds); }

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("schedulight-store-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    RemoveFiles();
    auto store = OpenStore("sqlite:" + path_.string());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    Run([](StoreSession& s) { s.PutServer({"bbb", nlohmann::json::object()}); });
  }
  void TearDown() override {
    store_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  void Run(const std::function<void(StoreSession&)>& work) {
    auto done = store_->Transact(work);
    ASSERT_TRUE(done) << done.error().message;
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, MigrationsAreAppliedOnceAtOpen) {
  EXPECT_EQ(store_->SchemaVersion(), StoreMigrations().back().version);
  store_.reset();
  auto reopened = OpenStore("sqlite:" + path_.string());  // must not re-run migration 1
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ((*reopened)->SchemaVersion(), StoreMigrations().back().version);
}

TEST_F(SqliteStoreTest, RefusesASchemaNewerThanItKnows) {
  {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_migrations VALUES (999, 'from the future', 0)");
  }
  store_.reset();
  auto reopened = OpenStore("sqlite:" + path_.string());
  ASSERT_FALSE(reopened);
  EXPECT_NE(reopened.error().message.find("newer than this program knows"), std::string::npos);
}

TEST_F(SqliteStoreTest, ServersRoundTrip) {
  const nlohmann::json doc = {{"BBB_URL", "https://bbb.example.org/"},
                              {"BBB_SECRET", "s"},
                              {"unknown", {{"nested", "Grüße"}}}};
  Run([&](StoreSession& s) { s.PutServer({"bbb", doc, At(100)}); });
  Run([&](StoreSession& s) {
    auto server = s.FindServer("bbb");
    ASSERT_TRUE(server);
    EXPECT_EQ(server->document, doc);
    EXPECT_EQ(server->updated_at, At(100));
    EXPECT_FALSE(s.FindServer("other"));
    EXPECT_EQ(s.ListServers().size(), 1u);
    EXPECT_TRUE(s.DeleteServer("bbb"));
    EXPECT_FALSE(s.DeleteServer("bbb"));
  });
}

TEST_F(SqliteStoreTest, MeetingsKeepTheirStatusWhenUpdated) {
  StoredMeeting meeting{.id = "m1",
                        .server_id = "bbb",
                        .document = {{"meetingName", "Eins"}},
                        .starts_at = At(5000),
                        .next_due_at = At(4000),
                        .updated_at = At(1)};
  Run([&](StoreSession& s) {
    s.PutMeeting(meeting);
    s.RecordStatus("m1", "status", {At(10), 200, "new"});
  });
  meeting.document["meetingName"] = "Zwei";
  meeting.starts_at.reset();
  Run([&](StoreSession& s) { s.PutMeeting(meeting); });
  Run([&](StoreSession& s) {
    auto stored = s.FindMeeting("m1");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->document["meetingName"], "Zwei");
    EXPECT_FALSE(stored->starts_at);
    EXPECT_EQ(stored->next_due_at, At(4000));
    EXPECT_EQ(s.MeetingStatus("m1").at("status").size(), 1u);
  });
}

TEST_F(SqliteStoreTest, StatusIsAppendedOnlyWhenTheCodeChanges) {
  Run([&](StoreSession& s) {
    s.PutMeeting({.id = "m1", .server_id = "bbb", .document = nlohmann::json::object()});
    EXPECT_TRUE(s.RecordStatus("m1", "status", {At(1), 200, "new"}));
    EXPECT_FALSE(s.RecordStatus("m1", "status", {At(2), 200, "still new"}));
    EXPECT_TRUE(s.RecordStatus("m1", "status", {At(3), 210, "started"}));
    EXPECT_TRUE(s.RecordStatus("m1", "status", {At(4), 200, "new again"}));
    EXPECT_TRUE(s.RecordStatus("m1", "shareWith_a@example.org", {At(5), 220, "shared"}));
  });
  Run([&](StoreSession& s) {
    const StatusHistory history = s.MeetingStatus("m1");
    ASSERT_EQ(history.size(), 2u);
    const auto& main = history.at("status");
    ASSERT_EQ(main.size(), 3u);
    EXPECT_EQ(main[0].ToString(), "1970-01-01T00:00:01Z|200|new");
    EXPECT_EQ(main[2].message, "new again");
    EXPECT_EQ(s.LatestStatus("m1", "status")->code, 200);
    EXPECT_FALSE(s.LatestStatus("m1", "preOpen"));
    EXPECT_EQ(s.ClearStatus("m1", "shareWith_a@example.org"), 1);
    EXPECT_EQ(s.MeetingStatus("m1").size(), 1u);
  });
}

TEST_F(SqliteStoreTest, DeletingAMeetingDeletesItsHistory) {
  Run([&](StoreSession& s) {
    s.PutMeeting({.id = "m1", .server_id = "bbb", .document = nlohmann::json::object()});
    s.RecordStatus("m1", "status", {At(1), 200, "new"});
    EXPECT_TRUE(s.DeleteMeeting("m1"));
    EXPECT_TRUE(s.MeetingStatus("m1").empty());
  });
}

TEST_F(SqliteStoreTest, FailedTransactionLeavesNothingBehind) {
  auto failed = store_->Transact([](StoreSession& s) {
    s.PutServer({"new", {{"BBB_URL", "x"}}, At(1)});
    throw std::runtime_error("disk on fire");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "disk on fire");
  Run([](StoreSession& s) { EXPECT_FALSE(s.FindServer("new")); });
}

TEST_F(SqliteStoreTest, CommandsKeepPerElementResults) {
  StoredCommand command{.id = "c1",
                        .server_id = "bbb",
                        .document = {{"command", "delete_user"}},
                        .state = CommandState::kQueued,
                        .created_at = At(10)};
  Run([&](StoreSession& s) { s.PutCommand(command); });
  command.state = CommandState::kDone;
  command.results = {{"a@example.org", true, "ok"}, {"b@example.org", false, "no such user"}};
  Run([&](StoreSession& s) { s.PutCommand(command); });
  Run([&](StoreSession& s) {
    auto stored = s.FindCommand("c1");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->state, CommandState::kDone);
    ASSERT_EQ(stored->results.size(), 2u);
    EXPECT_FALSE(stored->results[1].ok);
    EXPECT_EQ(stored->results[1].message, "no such user");
    EXPECT_EQ(stored->created_at, At(10));
    EXPECT_EQ(s.ListCommands().size(), 1u);
  });
}

// --- commands: queue order and claims ------------------------------------------

StoredCommand Queued(const std::string& id) {
  return {.id = id,
          .server_id = "bbb",
          .document = {{"command", "delete_user"}, {"data", {{id + "@example.org", {}}}}},
          .state = CommandState::kQueued,
          .created_at = At(1000),
          .updated_at = At(1000)};
}

std::vector<std::string> Ids(const std::vector<StoredCommand>& commands) {
  std::vector<std::string> ids;
  for (const auto& command : commands) ids.push_back(command.id);
  return ids;
}

const WorkerId kWorkerA{"a@host/1/aaaaaa"};
const WorkerId kWorkerB{"b@host/2/bbbbbb"};
constexpr std::chrono::seconds kLease{30};

TEST_F(SqliteStoreTest, CommandsQueuedBySeparateTransactionsInOneSecondKeepTheirOrder) {
  // Two applies in the same second: the second one's commands come after all
  // of the first one's, whatever their ids and created_at say.
  Run([&](StoreSession& s) {
    s.PutCommand(Queued("zeta-1"));
    s.PutCommand(Queued("zeta-2"));
    s.PutCommand(Queued("zeta-3"));
  });
  Run([&](StoreSession& s) {
    s.PutCommand(Queued("alpha-1"));
    s.PutCommand(Queued("alpha-2"));
  });
  const std::vector<std::string> order = {"zeta-1", "zeta-2", "zeta-3", "alpha-1", "alpha-2"};
  Run([&](StoreSession& s) { EXPECT_EQ(Ids(s.ListCommands()), order); });
  std::vector<std::string> claimed;
  Run([&](StoreSession& s) {
    while (auto command = s.ClaimNextCommand(At(2000), kWorkerA, kLease)) {
      claimed.push_back(command->id);
    }
  });
  EXPECT_EQ(claimed, order);
  // Queuing one again puts it last.
  Run([&](StoreSession& s) { s.PutCommand(Queued("zeta-1")); });
  Run([&](StoreSession& s) { EXPECT_EQ(Ids(s.ListCommands()).back(), "zeta-1"); });
}

TEST_F(SqliteStoreTest, TwoWorkersNeverGetTheSameCommand) {
  constexpr int kCommands = 40;
  Run([&](StoreSession& s) {
    for (int i = 0; i < kCommands; ++i) s.PutCommand(Queued("c" + std::to_string(i)));
  });
  // Two connections to the same file, as two processes have, claiming at once.
  auto other = OpenStore("sqlite:" + path_.string());
  ASSERT_TRUE(other) << other.error().message;
  auto claim_all = [](Store& store, const WorkerId& worker, std::vector<std::string>& ids) {
    for (;;) {
      std::optional<StoredCommand> command;
      auto done = store.Transact(
          [&](StoreSession& s) { command = s.ClaimNextCommand(At(2000), worker, kLease); });
      EXPECT_TRUE(done) << done.error().message;
      if (!done || !command) return;
      EXPECT_EQ(command->claimed_by, worker.value);
      EXPECT_EQ(command->state, CommandState::kRunning);
      ids.push_back(command->id);
    }
  };
  std::vector<std::string> by_a, by_b;
  {
    std::jthread a([&] { claim_all(*store_, kWorkerA, by_a); });
    std::jthread b([&] { claim_all(**other, kWorkerB, by_b); });
  }
  std::set<std::string> all(by_a.begin(), by_a.end());
  for (const auto& id : by_b) EXPECT_TRUE(all.insert(id).second) << id << " claimed twice";
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kCommands));
  EXPECT_EQ(by_a.size() + by_b.size(), static_cast<std::size_t>(kCommands));
}

TEST_F(SqliteStoreTest, ARunningCommandWhoseClaimEndedIsClaimedAgain) {
  Run([&](StoreSession& s) {
    s.PutCommand(Queued("c1"));
    auto claimed = s.ClaimNextCommand(At(100), kWorkerA, kLease);
    ASSERT_TRUE(claimed);
    EXPECT_EQ(claimed->claim_until, At(130));
    EXPECT_TRUE(
        s.RecordCommandResult("c1", kWorkerA, 0, {"c1@example.org", true, "deleted"}, At(140)));
  });
  // Worker A dies here. Its claim holds until 140 (renewed by the result).
  Run([&](StoreSession& s) {
    EXPECT_FALSE(s.ClaimNextCommand(At(139), kWorkerB, kLease));
    EXPECT_FALSE(s.ClaimNextCommand(At(140), kWorkerB, kLease));
    EXPECT_EQ(s.NextCommandDue(), At(141));
    auto again = s.ClaimNextCommand(At(141), kWorkerB, kLease);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, "c1");
    EXPECT_EQ(again->state, CommandState::kRunning);
    EXPECT_EQ(again->claimed_by, kWorkerB.value);
    ASSERT_EQ(again->results.size(), 1u);  // what A did is kept: B goes on from there
    EXPECT_EQ(again->results[0].message, "deleted");
    EXPECT_FALSE(s.ClaimNextCommand(At(141), kWorkerA, kLease));
    EXPECT_EQ(s.NextCommandDue(), At(172));  // one second after B's claim ends
  });
}

TEST_F(SqliteStoreTest, AWorkerThatLostTheClaimWritesNothing) {
  Run([&](StoreSession& s) {
    s.PutCommand(Queued("c1"));
    ASSERT_TRUE(s.ClaimNextCommand(At(100), kWorkerA, kLease));
    ASSERT_TRUE(s.ClaimNextCommand(At(200), kWorkerB, kLease));  // A's claim ended at 130
    EXPECT_TRUE(
        s.RecordCommandResult("c1", kWorkerB, 0, {"c1@example.org", true, "by B"}, At(230)));
  });
  StoredCommand finished = Queued("c1");
  finished.state = CommandState::kDone;
  finished.results = {{"c1@example.org", true, "by A"}};
  Run([&](StoreSession& s) {
    EXPECT_FALSE(
        s.RecordCommandResult("c1", kWorkerA, 0, {"c1@example.org", true, "by A"}, At(230)));
    EXPECT_FALSE(s.FinishCommand(finished, kWorkerA));
    EXPECT_FALSE(s.ReleaseCommand("c1", kWorkerA, {}));
    EXPECT_EQ(s.RenewClaims(kWorkerA, At(500)), 0);
  });
  Run([&](StoreSession& s) {
    auto stored = s.FindCommand("c1");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->state, CommandState::kRunning);
    EXPECT_EQ(stored->claimed_by, kWorkerB.value);
    EXPECT_EQ(stored->claim_until, At(230));
    ASSERT_EQ(stored->results.size(), 1u);
    EXPECT_EQ(stored->results[0].message, "by B");
  });
  // Queuing it again ends B's claim too: B's finish is refused, the new version runs.
  Run([&](StoreSession& s) { s.PutCommand(Queued("c1")); });
  finished.results = {{"c1@example.org", true, "by B"}};
  Run([&](StoreSession& s) {
    EXPECT_FALSE(s.FinishCommand(finished, kWorkerB));
    auto stored = s.FindCommand("c1");
    EXPECT_EQ(stored->state, CommandState::kQueued);
    EXPECT_TRUE(stored->claimed_by.empty());
    EXPECT_TRUE(stored->results.empty());
  });
}

TEST_F(SqliteStoreTest, FinishAndReleaseEndTheClaim) {
  Run([&](StoreSession& s) {
    s.PutCommand(Queued("first"));
    s.PutCommand(Queued("second"));
    ASSERT_EQ(s.ClaimNextCommand(At(100), kWorkerA, kLease)->id, "first");
    EXPECT_EQ(s.RenewClaims(kWorkerA, At(300)), 1);
    EXPECT_EQ(s.FindCommand("first")->claim_until, At(300));
    // Stopped after one element: handed back with its result, first in the queue again.
    EXPECT_TRUE(s.ReleaseCommand("first", kWorkerA, {{"first@example.org", true, "done"}}));
  });
  Run([&](StoreSession& s) {
    auto again = s.ClaimNextCommand(At(101), kWorkerB, kLease);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, "first");
    ASSERT_EQ(again->results.size(), 1u);
    StoredCommand done = *again;
    done.state = CommandState::kDone;
    done.results.push_back({"more", false, "no such user"});
    EXPECT_TRUE(s.FinishCommand(done, kWorkerB));
    auto stored = s.FindCommand("first");
    EXPECT_EQ(stored->state, CommandState::kDone);
    EXPECT_TRUE(stored->claimed_by.empty());
    EXPECT_FALSE(stored->claim_until);
    EXPECT_EQ(stored->results.size(), 2u);
    auto counts = s.CountCommandsByState();
    EXPECT_EQ(counts[CommandState::kDone], 1);
    EXPECT_EQ(counts[CommandState::kQueued], 1);
    EXPECT_EQ(counts[CommandState::kRunning], 0);
    EXPECT_EQ(counts[CommandState::kFailed], 0);
    EXPECT_EQ(s.NextCommandDue(), UtcTime{});  // "second" can be claimed now
  });
}

TEST_F(SqliteStoreTest, StartCommandNowWaitsForAnotherWorkersClaim) {
  StoredCommand command = Queued("c1");
  command.state = CommandState::kRunning;
  Run([&](StoreSession& s) {
    EXPECT_TRUE(s.StartCommandNow(command, At(100), kWorkerA, kLease));
    EXPECT_FALSE(s.StartCommandNow(command, At(130), kWorkerB, kLease));
    EXPECT_FALSE(s.ClaimNextCommand(At(130), kWorkerB, kLease));
    auto stored = s.FindCommand("c1");
    EXPECT_EQ(stored->claimed_by, kWorkerA.value);
    EXPECT_EQ(stored->created_at, At(1000));
    EXPECT_TRUE(s.StartCommandNow(command, At(131), kWorkerB, kLease));  // A's claim ended
    EXPECT_EQ(s.FindCommand("c1")->claimed_by, kWorkerB.value);
  });
}

TEST_F(SqliteStoreTest, AStoreFromBeforeClaimsResumesItsStuckCommands) {
  // A store at schema version 1 with a command left `running` by a kill.
  store_.reset();
  RemoveFiles();
  {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
        " description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    for (const auto& statement : StoreMigrations().front().statements) db.exec(statement);
    db.exec("INSERT INTO schema_migrations VALUES (1, 'first', 0)");
    db.exec(
        "INSERT INTO commands VALUES ('stuck', 'bbb', '{}', 'running', 50, 50),"
        " ('later', 'bbb', '{}', 'queued', 60, 60), ('earlier', 'bbb', '{}', 'queued', 40, 40)");
  }
  auto reopened = OpenStore("sqlite:" + path_.string());
  ASSERT_TRUE(reopened) << reopened.error().message;
  store_ = std::move(*reopened);
  std::vector<std::string> claimed;
  Run([&](StoreSession& s) {
    while (auto command = s.ClaimNextCommand(At(100), kWorkerA, kLease)) {
      claimed.push_back(command->id);
    }
  });
  EXPECT_EQ(claimed, (std::vector<std::string>{"earlier", "stuck", "later"}));
}

TEST_F(SqliteStoreTest, MailsAreQueuedAndListedByState) {
  Run([&](StoreSession& s) {
    EXPECT_EQ(s.AddMail({.meeting_id = "m1",
                         .kind = "meetingOwnerInfo",
                         .recipient = "a@example.org",
                         .message = {{"subject", "Hallo"}}}),
              1);
    EXPECT_EQ(s.AddMail({.kind = "roomShared",
                         .recipient = "b@example.org",
                         .message = nlohmann::json::object(),
                         .state = MailState::kFailed,
                         .last_error = "550 no such user"}),
              2);
  });
  Run([&](StoreSession& s) {
    EXPECT_EQ(s.ListMails(std::nullopt).size(), 2u);
    auto queued = s.ListMails(MailState::kQueued);
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].meeting_id, "m1");
    EXPECT_EQ(queued[0].message["subject"], "Hallo");
    auto failed = s.ListMails(MailState::kFailed);
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_FALSE(failed[0].meeting_id);
    EXPECT_EQ(failed[0].last_error, "550 no such user");
  });
}

TEST(OpenStoreTest, RejectsUnknownUrls) {
  EXPECT_FALSE(OpenStore("mysql://x"));
  EXPECT_FALSE(OpenStore("sqlite:"));
  auto unwritable = OpenStore("sqlite:/nonexistent-dir/x.db");
  ASSERT_FALSE(unwritable);
  EXPECT_NE(unwritable.error().message.find("/nonexistent-dir/x.db"), std::string::npos);
  EXPECT_TRUE(OpenStore("sqlite::memory:"));
}

}  // namespace
}  // namespace schedulight
