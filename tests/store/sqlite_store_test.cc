#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <future>
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

// The claim query's shape (sqlite_store.cc ClaimDueMeetings) must be served in
// order by an index: a sort would read every meeting sharing a due time.
TEST_F(SqliteStoreTest, DueMeetingsAreReadInClaimOrderWithoutASort) {
  store_.reset();
  SQLite::Database db(path_.string(), SQLite::OPEN_READONLY);
  for (const bool by_server : {true, false}) {
    SQLite::Statement plan(db, std::string("EXPLAIN QUERY PLAN SELECT id FROM meetings WHERE ") +
                                   (by_server ? "server_id = ?3 AND " : "") +
                                   "next_due_at <= ?1 AND (claimed_by IS NULL OR claim_until < ?1)"
                                   " ORDER BY next_due_at, id LIMIT ?2");
    std::string steps;
    while (plan.executeStep()) steps += plan.getColumn(3).getString() + "\n";
    EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << steps;
    EXPECT_NE(steps.find(by_server ? "meetings_due_by_server" : "meetings_by_next_due"),
              std::string::npos)
        << steps;
  }
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

// --- mail claims -------------------------------------------------------------

class MailClaimTest : public SqliteStoreTest {
 protected:
  std::int64_t Queue(const std::string& to, std::optional<UtcTime> not_before = std::nullopt) {
    std::int64_t id = 0;
    Run([&](StoreSession& s) {
      id = s.AddMail({.kind = "roomShared",
                      .recipient = to,
                      .message = nlohmann::json::object(),
                      .next_attempt_at = not_before});
    });
    return id;
  }
  std::vector<std::int64_t> Claim(UtcTime now, const std::string& worker, std::size_t limit = 100) {
    std::vector<std::int64_t> ids;
    Run([&](StoreSession& s) {
      for (const auto& mail : s.ClaimDueMails(now, WorkerId{worker}, kClaimLease, limit)) {
        EXPECT_EQ(mail.claimed_by, worker);
        EXPECT_EQ(mail.claim_until, now + kClaimLease);
        ids.push_back(mail.id);
      }
    });
    return ids;
  }
  StoredMail Mail(std::int64_t id) {
    std::optional<StoredMail> mail;
    Run([&](StoreSession& s) { mail = s.FindMail(id); });
    return mail.value();
  }
  bool Finish(StoredMail update, const std::string& worker) {
    bool held = false;
    Run([&](StoreSession& s) { held = s.FinishMailAttempt(update, WorkerId{worker}); });
    return held;
  }
  std::optional<UtcTime> NextAttempt() {
    std::optional<UtcTime> next;
    Run([&](StoreSession& s) { next = s.NextMailAttempt(); });
    return next;
  }
};

TEST_F(MailClaimTest, ClaimsTakeDueMailsOldestFirstAndRespectTheBackoff) {
  const auto later = Queue("later@example.org", At(1010));
  const auto a = Queue("a@example.org");
  const auto b = Queue("b@example.org");
  EXPECT_EQ(Claim(At(1000), "w1", 1), std::vector<std::int64_t>{a});
  EXPECT_EQ(Claim(At(1000), "w1"), std::vector<std::int64_t>{b});  // later is not due
  EXPECT_EQ(NextAttempt(), At(1010));
  EXPECT_EQ(Claim(At(1010), "w2"), std::vector<std::int64_t>{later});  // a and b are claimed
  EXPECT_EQ(NextAttempt(), At(1000) + kClaimLease);                    // when their claims end
}

// Two stores on one file, as two daemons on one machine: each claims one or
// two mails at a time until none is left. Every mail goes to exactly one.
TEST_F(MailClaimTest, TwoWorkersNeverGetTheSameMail) {
  constexpr int kMails = 200;
  Run([&](StoreSession& s) {
    for (int i = 0; i < kMails; ++i) {
      s.AddMail({.kind = "roomShared",
                 .recipient = std::to_string(i) + "@example.org",
                 .message = nlohmann::json::object()});
    }
  });
  auto second = OpenStore("sqlite:" + path_.string());
  ASSERT_TRUE(second) << second.error().message;
  auto claim_all = [](Store& store, const std::string& worker, std::size_t limit) {
    std::vector<std::int64_t> ids;
    for (;;) {
      std::vector<StoredMail> claimed;
      auto done = store.Transact([&](StoreSession& s) {
        claimed = s.ClaimDueMails(At(1000), WorkerId{worker}, kClaimLease, limit);
      });
      if (!done || claimed.empty()) return ids;
      for (const auto& mail : claimed) ids.push_back(mail.id);
    }
  };
  auto one = std::async(std::launch::async, [&] { return claim_all(*store_, "w1", 1); });
  auto two = std::async(std::launch::async, [&] { return claim_all(**second, "w2", 2); });
  std::vector<std::int64_t> all = one.get();
  const auto theirs = two.get();
  all.insert(all.end(), theirs.begin(), theirs.end());
  std::ranges::sort(all);
  EXPECT_EQ(std::ranges::adjacent_find(all), all.end()) << "a mail was claimed twice";
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMails));
}

TEST_F(MailClaimTest, AnEndedClaimMakesTheMailClaimableAgain) {
  const auto id = Queue("a@example.org");
  ASSERT_EQ(Claim(At(1000), "w1").size(), 1u);
  EXPECT_TRUE(Claim(At(1000) + kClaimLease - std::chrono::seconds(1), "w2").empty());
  EXPECT_EQ(NextAttempt(), At(1000) + kClaimLease);
  EXPECT_EQ(Claim(At(1000) + kClaimLease, "w2"), std::vector<std::int64_t>{id});
  EXPECT_EQ(Mail(id).claimed_by, "w2");
  EXPECT_EQ(Mail(id).attempts, 0);
}

TEST_F(MailClaimTest, FinishingByAWorkerThatLostItsClaimWritesNothing) {
  const auto id = Queue("a@example.org");
  ASSERT_EQ(Claim(At(1000), "w1").size(), 1u);
  ASSERT_EQ(Claim(At(1000) + kClaimLease, "w2").size(), 1u);  // w1's claim ended, w2 took it

  StoredMail sent = Mail(id);
  sent.state = MailState::kSent;
  sent.attempts = 1;
  sent.updated_at = At(1100);
  EXPECT_FALSE(Finish(sent, "w1"));
  EXPECT_EQ(Mail(id).state, MailState::kQueued);
  EXPECT_EQ(Mail(id).attempts, 0);
  EXPECT_EQ(Mail(id).claimed_by, "w2");

  EXPECT_TRUE(Finish(sent, "w2"));
  EXPECT_EQ(Mail(id).state, MailState::kSent);
  EXPECT_EQ(Mail(id).attempts, 1);
  EXPECT_FALSE(Mail(id).claimed_by);
  EXPECT_FALSE(Mail(id).claim_until);
  EXPECT_FALSE(Finish(sent, "w2"));  // finishing ended the claim
}

TEST_F(MailClaimTest, AFinishedAttemptEndsTheClaimAndKeepsTheBackoff) {
  const auto id = Queue("a@example.org");
  ASSERT_EQ(Claim(At(1000), "w1").size(), 1u);
  StoredMail retry = Mail(id);
  retry.attempts = 1;
  retry.last_error = "451 later";
  retry.next_attempt_at = At(1060);
  EXPECT_TRUE(Finish(retry, "w1"));
  EXPECT_EQ(NextAttempt(), At(1060));
  EXPECT_TRUE(Claim(At(1059), "w2").empty());
  EXPECT_EQ(Claim(At(1060), "w2"), std::vector<std::int64_t>{id});
}

TEST_F(MailClaimTest, RenewalKeepsAClaim) {
  const auto mine = Queue("a@example.org");
  const auto theirs = Queue("b@example.org");
  ASSERT_EQ(Claim(At(1000), "w1", 1), std::vector<std::int64_t>{mine});
  ASSERT_EQ(Claim(At(1000), "w2", 1), std::vector<std::int64_t>{theirs});
  int renewed = 0;
  Run([&](StoreSession& s) { renewed = s.RenewClaims(WorkerId{"w1"}, At(1050) + kClaimLease); });
  EXPECT_EQ(renewed, 1);
  EXPECT_EQ(Mail(mine).claim_until, At(1050) + kClaimLease);
  EXPECT_EQ(Mail(theirs).claim_until, At(1000) + kClaimLease);  // not w1's
  // Past the first lease, w1's claim holds and w2's ended.
  EXPECT_EQ(Claim(At(1040), "w3"), std::vector<std::int64_t>{theirs});
  EXPECT_TRUE(Claim(At(1060), "w4").empty());
  Run([&](StoreSession& s) { EXPECT_EQ(s.RenewMailClaims(WorkerId{"w1"}, At(1200)), 1); });
  EXPECT_EQ(Mail(mine).claim_until, At(1200));
}

TEST_F(MailClaimTest, ReleaseHandsBackAWorkersMailsAsTheyWere) {
  const auto a = Queue("a@example.org");
  const auto b = Queue("b@example.org");
  const auto other = Queue("c@example.org");
  ASSERT_EQ(Claim(At(1000), "w1", 2).size(), 2u);
  ASSERT_EQ(Claim(At(1000), "w2").size(), 1u);
  int released = 0;
  Run([&](StoreSession& s) { released = s.ReleaseMails(WorkerId{"w1"}); });
  EXPECT_EQ(released, 2);
  for (auto id : {a, b}) {
    EXPECT_FALSE(Mail(id).claimed_by);
    EXPECT_EQ(Mail(id).attempts, 0);
    EXPECT_FALSE(Mail(id).next_attempt_at);
  }
  EXPECT_EQ(Mail(other).claimed_by, "w2");
  EXPECT_EQ(Claim(At(1001), "w3"), (std::vector<std::int64_t>{a, b}));
}

// Migrations 2 and 3 are merged in after a store already has 1 and 4.
TEST(MigrationTest, VersionsMissingBelowTheNewestAreAppliedToo) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("schedulight-migration-test-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  auto table = [](const std::string& name) { return "CREATE TABLE " + name + " (x INTEGER)"; };
  const std::vector<Migration> with_gap = {{1, "one", {table("t1")}}, {4, "four", {table("t4")}}};
  const std::vector<Migration> merged = {{1, "one", {table("t1")}},
                                         {2, "two", {table("t2")}},
                                         {3, "three", {table("t3")}},
                                         {4, "four", {table("t4")}}};
  {
    auto store = SqliteStore::Open(path.string(), with_gap);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ((*store)->SchemaVersion(), 4);
  }
  {
    auto store = SqliteStore::Open(path.string(), merged);
    ASSERT_TRUE(store) << store.error().message;
  }
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT group_concat(version) FROM"
                            " (SELECT version FROM schema_migrations ORDER BY version)")
                  .getString(),
              "1,2,3,4");
    EXPECT_EQ(
        db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('t2', 't3')").getInt(), 2);
  }
  // The program without 2 and 3 no longer opens it.
  auto older = SqliteStore::Open(path.string(), with_gap);
  ASSERT_FALSE(older);
  EXPECT_NE(older.error().message.find("schema version 2, newer than this program knows"),
            std::string::npos)
      << older.error().message;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

TEST(OpenStoreTest, RejectsUnknownUrls) {
  auto unknown = OpenStore("mysql://admin:hunter2@db/state");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message.find("hunter2"), std::string::npos) << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("'mysql:…'"), std::string::npos);
  auto bare = OpenStore("state.db");
  ASSERT_FALSE(bare);
  EXPECT_NE(bare.error().message.find("did you mean 'sqlite:state.db'?"), std::string::npos);
  EXPECT_FALSE(OpenStore("sqlite:"));
  auto unwritable = OpenStore("sqlite:/nonexistent-dir/x.db");
  ASSERT_FALSE(unwritable);
  EXPECT_NE(unwritable.error().message.find("/nonexistent-dir/x.db"), std::string::npos);
  EXPECT_TRUE(OpenStore("sqlite::memory:"));
}

}  // namespace
}  // namespace schedulight
