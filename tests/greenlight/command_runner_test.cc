// The command runner end to end: a data file's commands, a store holding the
// server, and a real Greenlight database of each version. BBB is replaced by
// a fake RecordingEraser that records what it was asked to delete. The share
// notifications land in the store's mail queue, rendered with the built-in
// templates.

#include "admin/command_runner.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <stop_token>

#include "mail_text.h"
#include "test_database.h"

namespace schedulight {
namespace {

using testing::Inspector;

class FakeEraser final : public RecordingEraser {
 public:
  // after_call runs after each call, with the number of calls so far.
  FakeEraser(std::vector<std::string>& calls, bool fail, std::function<void(std::size_t)> after)
      : calls_(calls), fail_(fail), after_(std::move(after)) {}
  std::expected<int, std::string> DeleteRecordingsOf(const std::string& meeting_id) override {
    if (fail_) return std::unexpected("BBB is down");
    calls_.push_back(meeting_id);
    if (after_) after_(calls_.size());
    return 2;  // every room has two recordings
  }

 private:
  std::vector<std::string>& calls_;
  bool fail_;
  std::function<void(std::size_t)> after_;
};

class CommandRunnerTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    try {
      url_ = testing::FreshGreenlightDatabase(GetParam());
    } catch (const std::exception& e) {
      FAIL() << "no test database: " << e.what();
    }
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(*store);
    auto config = ParseAppConfig("", "test.yml");
    ASSERT_TRUE(config.has_value());
    config_ = *config;
    PutServer(nlohmann::json::object());
    runner_ = std::make_unique<CommandRunner>(
        *store_, config_, templates_,
        [](const GreenlightAccess& access) {
          return OpenGreenlightDirectory(access, {.bcrypt_cost = 4});
        },
        [this](const Server&) -> std::expected<std::unique_ptr<RecordingEraser>, std::string> {
          return std::make_unique<FakeEraser>(erased_, bbb_down_, after_erase_);
        },
        [this] { return now_; });
  }

  std::vector<StoredCommand> RunText(const std::string& yaml,
                                     std::vector<std::string>* errors = nullptr) {
    std::vector<std::string> warnings;
    auto commands = ReadCommands(yaml, "cmds.yml", config_, *store_, warnings);
    if (!commands) {
      if (errors != nullptr) *errors = commands.error();
      return {};
    }
    std::vector<StoredCommand> ran;
    for (const auto& command : *commands) {
      auto stored = runner_->Run(command, cli_);
      EXPECT_TRUE(stored.has_value());
      if (stored) ran.push_back(*stored);
    }
    return ran;
  }

  // Stores the server "bbb" with the given mail settings (send_emails, mailFrom, ...).
  void PutServer(const nlohmann::json& mail_settings) {
    nlohmann::json document = {{"BBB_URL", "https://bbb.example.org/bigbluebutton/"},
                               {"BBB_SECRET", "secret"},
                               {"link_base", "https://gl.example.org/b/"},
                               {"greenlight", {{"version", GetParam()}, {"database", url_}}}};
    document.update(mail_settings);
    ASSERT_TRUE(store_->Transact(
        [&](StoreSession& session) { session.PutServer({.id = "bbb", .document = document}); }));
  }

  // An owner with the room "shared-room" to share.
  void MakeRoom() {
    auto ran = RunText(R"(
commands:
  setup:
    command: create_user
    data:
      owner@example.org: { fullName: Owner }
  room:
    command: create_room
    data:
      "Team <Room>": { email: owner@example.org, roomUID: shared-room }
)");
    ASSERT_EQ(ran.size(), 2u);
    ASSERT_EQ(ran[1].state, CommandState::kDone);
  }

  std::vector<StoredMail> Mails() {
    std::vector<StoredMail> mails;
    EXPECT_TRUE(store_->Transact([&](StoreSession& session) { mails = session.ListMails({}); }));
    return mails;
  }

  static const CommandElementResult& Result(const StoredCommand& command, const std::string& key) {
    for (const auto& result : command.results) {
      if (result.element == key) return result;
    }
    static const CommandElementResult kMissing{.element = "?", .message = "no such element"};
    return kMissing;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  AppConfig config_;
  const TemplateSet templates_ = TemplateSet::BuiltIn();
  std::unique_ptr<CommandRunner> runner_;
  std::vector<std::string> erased_;
  bool bbb_down_ = false;
  std::function<void(std::size_t)> after_erase_;
  UtcTime now_ = FromUnixSeconds(1'800'000'000);  // the runner's clock
  const WorkerId cli_{"cli@test/1/c11c11"};
  const WorkerId daemon_{"test/2/dae111"};
};

INSTANTIATE_TEST_SUITE_P(Versions, CommandRunnerTest, ::testing::Values(2, 3),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

TEST_P(CommandRunnerTest, EachElementGetsItsOwnResult) {
  auto ran = RunText(R"(
commands:
  users:
    command: create_user
    server: bbb
    data:
      anna@example.org: { fullName: "Anna O'Hara", provider: greenlight, pwd: "Pw-12345a" }
      ANNA@example.org: { fullName: Anna again, provider: greenlight }
      bob@example.org: { fullName: Bob }
  rooms:
    command: create_room
    data:
      "Team; DROP TABLE rooms --": { email: anna@example.org, roomUID: team-room, muteOnStart: true }
      Orphan: { email: nobody@example.org }
)");
  ASSERT_EQ(ran.size(), 2u);
  EXPECT_EQ(ran[0].state, CommandState::kFailed);
  // One of the two spellings of Anna's address wins, the other is refused.
  const auto& lower = Result(ran[0], "anna@example.org");
  const auto& upper = Result(ran[0], "ANNA@example.org");
  EXPECT_NE(lower.ok, upper.ok);
  EXPECT_NE((lower.ok ? upper : lower).message.find("exists already"), std::string::npos);
  EXPECT_TRUE(Result(ran[0], "bob@example.org").ok);
  EXPECT_TRUE(Result(ran[1], "Team; DROP TABLE rooms --").ok);
  EXPECT_FALSE(Result(ran[1], "Orphan").ok);
  // No element's message carries the password.
  for (const auto& command : ran) {
    for (const auto& result : command.results) {
      EXPECT_EQ(result.message.find("Pw-12345a"), std::string::npos);
    }
  }
  // The results are stored with the command.
  std::optional<StoredCommand> stored;
  ASSERT_TRUE(
      store_->Transact([&](StoreSession& session) { stored = session.FindCommand("users"); }));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state, CommandState::kFailed);
  EXPECT_EQ(stored->results.size(), 3u);
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users"), 2);
  EXPECT_EQ(db.Value("SELECT name FROM rooms WHERE name LIKE 'Team%'"),
            "Team; DROP TABLE rooms --");
}

TEST_P(CommandRunnerTest, ShareCreatesMissingUsersAndIsIdempotent) {
  const std::string yaml = R"(
commands:
  setup:
    command: create_user
    data:
      owner@example.org: { fullName: Owner }
  room:
    command: create_room
    data:
      Shared: { email: owner@example.org, roomUID: shared-room }
  share:
    command: share_room
    data:
      shared-room: { guest@example.org: "Guest O'Neil" }
)";
  auto first = RunText(yaml);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[2].state, CommandState::kDone) << first[2].results[0].message;
  EXPECT_NE(first[2].results[0].message.find("user created"), std::string::npos);
  auto again = RunText(R"(
commands:
  share:
    command: share_room
    data:
      shared-room: { guest@example.org: "Guest O'Neil" }
)");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].state, CommandState::kDone);
  EXPECT_NE(again[0].results[0].message.find("already shared"), std::string::npos);
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM shared_accesses"), 1);
  EXPECT_EQ(db.Value("SELECT name FROM users WHERE email = 'guest@example.org'"), "Guest O'Neil");
  auto unshare = RunText(R"(
commands:
  unshare:
    command: unshare_room
    data:
      shared-room: { guest@example.org: , nobody@example.org: }
)");
  ASSERT_EQ(unshare.size(), 1u);
  EXPECT_EQ(unshare[0].state, CommandState::kDone) << unshare[0].results[0].message;
  EXPECT_EQ(db.Count("SELECT count(*) FROM shared_accesses"), 0);
}

TEST_P(CommandRunnerTest, UnsharingAMissingRoomIsAnErrorNamingTheRoom) {
  MakeRoom();
  auto ran = RunText(R"(
commands:
  unshare:
    command: unshare_room
    data:
      no-such-room: { owner@example.org: , nobody@example.org: }
      shared-room: { nobody@example.org: }
)");
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(ran[0].state, CommandState::kFailed);
  const auto& missing = Result(ran[0], "no-such-room");
  EXPECT_FALSE(missing.ok) << missing.message;
  EXPECT_NE(missing.message.find("no-such-room"), std::string::npos) << missing.message;
  EXPECT_EQ(missing.message.find("ok"), std::string::npos) << missing.message;
  EXPECT_EQ(missing.message.find("was not shared"), std::string::npos) << missing.message;
  EXPECT_TRUE(Result(ran[0], "shared-room").ok);  // the other element still ran
}

TEST_P(CommandRunnerTest, ANulInANameNeverReachesGreenlight) {
  // libpq ends text parameters at NUL: "Room\0X" was stored as "Room".
  auto ran = RunText(R"(
commands:
  setup:
    command: create_user
    data:
      owner@example.org: { fullName: "Owner\0Hidden" }
)");
  EXPECT_TRUE(ran.empty());  // refused when the file is read
  nlohmann::json command = {
      {"command", "create_user"},
      {"data", {{"owner@example.org", {{"fullName", std::string("Owner\0Hidden", 12)}}}}}};
  FieldErrors errors;
  EXPECT_FALSE(ValidateCommand("c", command, "", errors));

  // And the directory itself refuses it, whoever calls it.
  auto directory =
      OpenGreenlightDirectory({.version = GetParam(), .database = url_}, {.bcrypt_cost = 4});
  ASSERT_TRUE(directory) << directory.error().message;
  auto made =
      (*directory)
          ->CreateUser({.email = "nul@example.org", .name = std::string("Owner\0Hidden", 12)});
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().kind, DirectoryError::Kind::kInvalid);
  EXPECT_NE(made.error().message.find("NUL"), std::string::npos) << made.error().message;
  ASSERT_TRUE((*directory)->CreateUser({.email = "ok@example.org", .name = "Owner"}));
  auto room =
      (*directory)
          ->CreateRoom({.owner_email = "ok@example.org", .name = std::string("Room\0X", 6)});
  ASSERT_FALSE(room);
  EXPECT_NE(room.error().message.find("NUL"), std::string::npos) << room.error().message;
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users WHERE email = 'nul@example.org'"), 0);
}

TEST_P(CommandRunnerTest, ShareAndUnshareQueueOneNotificationPerChange) {
  PutServer(
      {{"send_emails", true}, {"mailFrom", "admin@example.org"}, {"mailFromName", "BBB Admin"}});
  MakeRoom();
  const std::string share = R"(
commands:
  share:
    command: share_room
    data:
      shared-room: { guest@example.org: "Guest O'Neil", other@example.org: Other }
)";
  auto shared = RunText(share);
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].state, CommandState::kDone);
  EXPECT_EQ(shared[0].results[0].message,
            "shared with guest@example.org (user created), mail queued; "
            "shared with other@example.org (user created), mail queued");
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 2u);
  for (const auto& mail : mails) {
    EXPECT_EQ(mail.kind, "roomShared");
    EXPECT_EQ(mail.state, MailState::kQueued);
    EXPECT_FALSE(mail.meeting_id.has_value());
    EXPECT_EQ(mail.message["server"], "bbb");
    EXPECT_EQ(mail.message["from"], "admin@example.org");
    const std::string mime = testing::DecodedMime(mail.message["mime"]);
    EXPECT_NE(mime.find("https://gl.example.org/b/shared-room"), std::string::npos) << mime;
    EXPECT_NE(mime.find("Team &lt;Room&gt;"), std::string::npos) << mime;  // escaped in HTML
    EXPECT_NE(mime.find("BBB Admin"), std::string::npos) << mime;
  }
  EXPECT_EQ(mails[0].recipient, "guest@example.org");
  EXPECT_EQ(mails[1].recipient, "other@example.org");
  EXPECT_NE(testing::DecodedMime(mails[0].message["mime"]).find("Hello Guest O&#39;Neil"),
            std::string::npos);

  // Sharing again changes nothing: no second mail.
  auto again = RunText(share);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].results[0].message,
            "already shared with guest@example.org; already shared with other@example.org");
  EXPECT_EQ(Mails().size(), 2u);

  const std::string unshare = R"(
commands:
  unshare:
    command: unshare_room
    data:
      shared-room: { guest@example.org: , nobody@example.org: }
)";
  auto unshared = RunText(unshare);
  ASSERT_EQ(unshared.size(), 1u);
  EXPECT_EQ(unshared[0].state, CommandState::kDone);
  EXPECT_EQ(unshared[0].results[0].message,
            "unshared with guest@example.org, mail queued; "
            "not shared with nobody@example.org (no such user)");
  mails = Mails();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_EQ(mails[2].kind, "roomUnshared");
  EXPECT_EQ(mails[2].recipient, "guest@example.org");
  EXPECT_NE(testing::DecodedMime(mails[2].message["mime"]).find("no longer shared"),
            std::string::npos);
  RunText(unshare);  // nothing left to unshare: no mail
  EXPECT_EQ(Mails().size(), 3u);
}

TEST_P(CommandRunnerTest, NoShareMailWhenSendingIsOff) {
  PutServer({{"mailFrom", "admin@example.org"}});  // send_emails defaults to false
  MakeRoom();
  auto shared = RunText(R"(
commands:
  share:
    command: share_room
    data:
      shared-room: { guest@example.org: Guest }
  unshare:
    command: unshare_room
    data:
      shared-room: { guest@example.org: }
)");
  ASSERT_EQ(shared.size(), 2u);
  EXPECT_EQ(shared[0].results[0].message,
            "shared with guest@example.org (user created), no mail: sending is off");
  EXPECT_EQ(shared[1].results[0].message,
            "unshared with guest@example.org, no mail: sending is off");
  EXPECT_TRUE(Mails().empty());
}

TEST_P(CommandRunnerTest, TheUsersOwnSendEmailsOverridesTheServer) {
  PutServer(
      {{"send_emails", true}, {"mailFrom", "admin@example.org"}, {"mailTo", "test@example.org"}});
  MakeRoom();
  auto shared = RunText(R"(
commands:
  share:
    command: share_room
    data:
      shared-room:
        quiet@example.org: { fullName: Quiet, send_emails: false }
        loud@example.org: { fullName: Loud, send_emails: true }
)");
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].results[0].message,
            "shared with loud@example.org (user created), mail queued (redirected to "
            "test@example.org); "
            "shared with quiet@example.org (user created), no mail: sending is off");
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].recipient, "test@example.org");  // the server's mailTo redirect
  EXPECT_NE(testing::DecodedMime(mails[0].message["mime"]).find("Hello Loud"), std::string::npos);

  PutServer({{"mailFrom", "admin@example.org"}});  // off at the server, on for the user
  RunText(R"(
commands:
  unshare:
    command: unshare_room
    data:
      shared-room: { loud@example.org: { send_emails: true } }
)");
  mails = Mails();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[1].kind, "roomUnshared");
  EXPECT_EQ(mails[1].recipient, "loud@example.org");
}

TEST_P(CommandRunnerTest, ShareWithoutASenderAddressSharesAndSaysWhyNoMail) {
  PutServer({{"send_emails", true}});
  MakeRoom();
  auto shared = RunText(R"(
commands:
  share:
    command: share_room
    data:
      shared-room: { guest@example.org: Guest }
)");
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].state, CommandState::kDone);
  EXPECT_EQ(shared[0].results[0].message,
            "shared with guest@example.org (user created), no mail: server 'bbb' has no "
            "mailFrom (sender address)");
  EXPECT_TRUE(Mails().empty());
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM shared_accesses"), 1);
}

TEST_P(CommandRunnerTest, DeleteRoomDeletesItsRecordingsFirst) {
  RunText(R"(
commands:
  setup:
    command: create_user
    data:
      owner@example.org: { fullName: Owner }
  room:
    command: create_room
    data:
      Doomed: { email: owner@example.org, roomUID: doomed }
)");
  Inspector db(url_);
  const std::string meeting_id =
      db.Value(GetParam() == 2 ? "SELECT bbb_id FROM rooms WHERE uid = 'doomed'"
                               : "SELECT meeting_id FROM rooms WHERE friendly_id = 'doomed'")
          .value_or("");
  const std::string delete_yaml = R"(
commands:
  delete:
    command: delete_room
    data:
      doomed: {}
)";
  bbb_down_ = true;
  auto refused = RunText(delete_yaml);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].state, CommandState::kFailed);
  EXPECT_NE(refused[0].results[0].message.find("room kept: BBB is down"), std::string::npos);
  EXPECT_EQ(db.Count("SELECT count(*) FROM rooms"), 2);  // with the owner's home room

  bbb_down_ = false;
  auto deleted = RunText(delete_yaml);
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].state, CommandState::kDone) << deleted[0].results[0].message;
  EXPECT_EQ(erased_, std::vector<std::string>{meeting_id});
  EXPECT_EQ(db.Count("SELECT count(*) FROM rooms"), 1);
}

TEST_P(CommandRunnerTest, DeleteUserDeletesRecordingsOfAllTheirRooms) {
  RunText(R"(
commands:
  setup:
    command: create_user
    data:
      owner@example.org: { fullName: Owner }
  room:
    command: create_room
    data:
      Second: { email: owner@example.org }
)");
  auto deleted = RunText(R"(
commands:
  delete:
    command: delete_user
    data:
      OWNER@example.org: {}
)");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].state, CommandState::kDone) << deleted[0].results[0].message;
  EXPECT_EQ(erased_.size(), 2u);
  EXPECT_NE(deleted[0].results[0].message.find("4 recordings"), std::string::npos);
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM rooms"), 0);
}

TEST_P(CommandRunnerTest, RenameRoomByUid) {
  auto ran = RunText(R"(
commands:
  setup:
    command: create_user
    data:
      owner@example.org: { fullName: Owner }
  room:
    command: create_room
    data:
      Old: { email: owner@example.org, roomUID: old-uid }
  rename:
    command: rename_room
    data:
      old-uid: { roomUID: new-uid, name: "New name" }
      missing-uid: { roomUID: whatever }
)");
  ASSERT_EQ(ran.size(), 3u);
  EXPECT_TRUE(Result(ran[2], "old-uid").ok);
  EXPECT_FALSE(Result(ran[2], "missing-uid").ok);
  Inspector db(url_);
  EXPECT_EQ(db.Value(GetParam() == 2 ? "SELECT name FROM rooms WHERE uid = 'new-uid'"
                                     : "SELECT name FROM rooms WHERE friendly_id = 'new-uid'"),
            "New name");
}

TEST_P(CommandRunnerTest, UnknownServerFailsEveryElement) {
  std::vector<std::string> errors;
  auto ran = RunText(R"(
commands:
  users:
    command: create_user
    server: elsewhere
    data:
      a@example.org: { fullName: A }
)",
                     &errors);
  // The data file check already refuses a server that is not stored.
  EXPECT_TRUE(ran.empty());
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("elsewhere"), std::string::npos) << errors[0];
}

TEST_P(CommandRunnerTest, UnreachableGreenlightFailsEveryElementWithoutThePassword) {
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    session.PutServer(
        {.id = "bbb",
         .document = {{"BBB_URL", "https://bbb.example.org/bigbluebutton/"},
                      {"BBB_SECRET", "secret"},
                      {"greenlight",
                       {{"version", GetParam()},
                        {"database", "postgresql://gl:Db-Secret@127.0.0.1:1/greenlight"}}}}});
  }));
  auto ran = RunText(R"(
commands:
  users:
    command: create_user
    data:
      a@example.org: { fullName: A }
      b@example.org: { fullName: B }
)");
  ASSERT_EQ(ran.size(), 1u);
  ASSERT_EQ(ran[0].results.size(), 2u);
  for (const auto& result : ran[0].results) {
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.message.find("Db-Secret"), std::string::npos) << result.message;
  }
}

TEST_P(CommandRunnerTest, WorkerRunsQueuedCommandsInOrder) {
  std::vector<std::string> warnings;
  auto commands = ReadCommands(R"(
commands:
  z-first:
    command: create_user
    data:
      owner@example.org: { fullName: Owner }
  a-second:
    command: create_room
    data:
      Queued: { email: owner@example.org, roomUID: queued-room }
)",
                               "cmds.yml", config_, *store_, warnings);
  ASSERT_TRUE(commands.has_value());
  // Queued by two applies in the same second, the room's owner first: the
  // worker must follow the queue, not the ids or the second they were queued in.
  for (const auto& command : *commands) {
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      session.PutCommand({.id = command.id,
                          .server_id = "bbb",
                          .document = command.document,
                          .created_at = now_,
                          .updated_at = now_});
    }));
  }
  auto ran = runner_->RunQueued(daemon_);
  ASSERT_TRUE(ran.has_value());
  EXPECT_EQ(*ran, 2);
  std::vector<StoredCommand> stored;
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) { stored = session.ListCommands(); }));
  for (const auto& command : stored) {
    EXPECT_EQ(command.state, CommandState::kDone)
        << command.id << ": " << command.results.at(0).message;
    EXPECT_TRUE(command.claimed_by.empty());
  }
  auto again = runner_->RunQueued(daemon_);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, 0);
}

TEST_P(CommandRunnerTest, AStopBetweenElementsQueuesTheCommandWithItsResults) {
  std::string rooms;
  std::string deletions;
  for (int i = 1; i <= 4; ++i) {
    rooms += fmt::format("      Room {0}: {{ email: owner@example.org, roomUID: room-{0} }}\n", i);
    deletions += fmt::format("      room-{}: {{}}\n", i);
  }
  ASSERT_EQ(RunText("commands:\n  setup:\n    command: create_user\n    data:\n"
                    "      owner@example.org: { fullName: Owner }\n"
                    "  rooms:\n    command: create_room\n    data:\n" +
                    rooms)
                .size(),
            2u);
  std::vector<std::string> warnings;
  auto commands =
      ReadCommands("commands:\n  delete:\n    command: delete_room\n    data:\n" + deletions,
                   "cmds.yml", config_, *store_, warnings);
  ASSERT_TRUE(commands.has_value());
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    session.PutCommand({.id = "delete", .server_id = "bbb", .document = (*commands)[0].document});
  }));
  // SIGTERM arrives while the second room is being deleted.
  std::stop_source stop;
  after_erase_ = [&stop](std::size_t calls) {
    if (calls == 2) stop.request_stop();
  };
  auto stopped = runner_->RunQueued(daemon_, stop.get_token());
  ASSERT_TRUE(stopped.has_value()) << stopped.error().message;
  EXPECT_EQ(*stopped, 0);
  std::optional<StoredCommand> stored;
  ASSERT_TRUE(
      store_->Transact([&](StoreSession& session) { stored = session.FindCommand("delete"); }));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state, CommandState::kQueued);
  EXPECT_TRUE(stored->claimed_by.empty());
  ASSERT_EQ(stored->results.size(), 2u);  // the element in hand was finished and kept
  EXPECT_EQ(stored->results[0].element, "room-1");
  EXPECT_EQ(stored->results[1].element, "room-2");
  EXPECT_TRUE(stored->results[1].ok) << stored->results[1].message;
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM rooms"), 3);  // 2 of 4 deleted, the home room kept

  // The next run (after a restart: another worker) does only the other two.
  after_erase_ = nullptr;
  auto rest = runner_->RunQueued(WorkerId{"test/3/ae0001"});
  ASSERT_TRUE(rest.has_value()) << rest.error().message;
  EXPECT_EQ(*rest, 1);
  ASSERT_TRUE(
      store_->Transact([&](StoreSession& session) { stored = session.FindCommand("delete"); }));
  EXPECT_EQ(stored->state, CommandState::kDone);
  ASSERT_EQ(stored->results.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(stored->results[i].element, fmt::format("room-{}", i + 1));
    EXPECT_TRUE(stored->results[i].ok) << stored->results[i].message;
  }
  EXPECT_EQ(erased_.size(), 4u);  // every room's recordings deleted once
  EXPECT_EQ(std::set<std::string>(erased_.begin(), erased_.end()).size(), 4u);
  EXPECT_EQ(db.Count("SELECT count(*) FROM rooms"), 1);
}

TEST_P(CommandRunnerTest, ACommandWhoseWorkerDiedGoesOnFromItsFirstElementWithoutAResult) {
  std::vector<std::string> warnings;
  auto commands = ReadCommands(R"(
commands:
  users:
    command: create_user
    data:
      a@example.org: { fullName: A, provider: greenlight, pwd: "Pw-12345a" }
      b@example.org: { fullName: B }
      c@example.org: { fullName: C }
)",
                               "cmds.yml", config_, *store_, warnings);
  ASSERT_TRUE(commands.has_value());
  // A worker claimed it, created a@ and recorded that, then died.
  const WorkerId dead{"test/4/dead00"};
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    session.PutCommand({.id = "users", .server_id = "bbb", .document = (*commands)[0].document});
    ASSERT_TRUE(session.ClaimNextCommand(now_, dead, kClaimLease));
    ASSERT_TRUE(session.RecordCommandResult("users", dead, 0,
                                            {"a@example.org", true, "created user a@example.org"},
                                            now_ + kClaimLease));
  }));
  auto directory =
      OpenGreenlightDirectory({.version = GetParam(), .database = url_}, {.bcrypt_cost = 4});
  ASSERT_TRUE(directory) << directory.error().message;
  ASSERT_TRUE((*directory)->CreateUser({.email = "a@example.org", .name = "A"}));

  // While its claim lasts nobody takes it.
  auto early = runner_->RunQueued(daemon_);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(*early, 0);
  now_ += kClaimLease + std::chrono::seconds(1);
  auto ran = runner_->RunQueued(daemon_);
  ASSERT_TRUE(ran.has_value()) << ran.error().message;
  EXPECT_EQ(*ran, 1);
  std::optional<StoredCommand> stored;
  ASSERT_TRUE(
      store_->Transact([&](StoreSession& session) { stored = session.FindCommand("users"); }));
  EXPECT_EQ(stored->state, CommandState::kDone);  // a@ was not created a second time
  ASSERT_EQ(stored->results.size(), 3u);
  for (const auto& result : stored->results) EXPECT_TRUE(result.ok) << result.message;
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users"), 3);
}

TEST_P(CommandRunnerTest, CommandRunLeavesACommandToTheProcessThatHoldsIt) {
  std::vector<std::string> warnings;
  auto commands = ReadCommands(R"(
commands:
  users:
    command: create_user
    data:
      a@example.org: { fullName: A }
)",
                               "cmds.yml", config_, *store_, warnings);
  ASSERT_TRUE(commands.has_value());
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    session.PutCommand({.id = "users", .server_id = "bbb", .document = (*commands)[0].document});
    ASSERT_TRUE(session.ClaimNextCommand(now_, daemon_, kClaimLease));
  }));
  auto refused = runner_->Run((*commands)[0], cli_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, StoreErrorKind::kConflict);
  EXPECT_NE(refused.error().message.find(daemon_.value), std::string::npos)
      << refused.error().message;
  Inspector db(url_);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users"), 0);

  now_ += kClaimLease + std::chrono::seconds(1);  // the daemon died: its claim ended
  auto ran = runner_->Run((*commands)[0], cli_);
  ASSERT_TRUE(ran.has_value()) << ran.error().message;
  EXPECT_EQ(ran->state, CommandState::kDone);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users"), 1);
}

}  // namespace
}  // namespace schedulight
