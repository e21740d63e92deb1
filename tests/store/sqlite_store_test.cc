#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

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

TEST_F(SqliteStoreTest, DueMeetingsAndNextDue) {
  const nlohmann::json doc = {{"meetingName", "x"}};
  Run([&](StoreSession& s) {
    s.PutMeeting({.id = "late", .server_id = "bbb", .document = doc, .next_due_at = At(300)});
    s.PutMeeting({.id = "early", .server_id = "bbb", .document = doc, .next_due_at = At(100)});
    s.PutMeeting({.id = "idle", .server_id = "bbb", .document = doc});
    EXPECT_EQ(s.NextMeetingDue(), At(100));
    auto due = s.DueMeetings(At(300), 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].id, "early");
    EXPECT_EQ(s.DueMeetings(At(300), 1).size(), 1u);
    EXPECT_TRUE(s.DueMeetings(At(99), 10).empty());

    EXPECT_TRUE(s.SetMeetingNextDue("early", doc, std::nullopt));
    EXPECT_EQ(s.NextMeetingDue(), At(300));
    // A document changed meanwhile keeps the due time the change gave it.
    EXPECT_FALSE(s.SetMeetingNextDue("late", {{"meetingName", "old"}}, At(999)));
    EXPECT_EQ(s.FindMeeting("late")->next_due_at, At(300));
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
    s.PutServer({"bbb", {{"BBB_URL", "x"}}, At(1)});
    throw std::runtime_error("disk on fire");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "disk on fire");
  Run([](StoreSession& s) { EXPECT_TRUE(s.ListServers().empty()); });
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
  EXPECT_FALSE(OpenStore("mysql://x"));
  EXPECT_FALSE(OpenStore("sqlite:"));
  auto unwritable = OpenStore("sqlite:/nonexistent-dir/x.db");
  ASSERT_FALSE(unwritable);
  EXPECT_NE(unwritable.error().message.find("/nonexistent-dir/x.db"), std::string::npos);
  EXPECT_TRUE(OpenStore("sqlite::memory:"));
}

}  // namespace
}  // namespace schedulight
