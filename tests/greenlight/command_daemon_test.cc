// The command worker as a real daemon (`schedulight run --only commands`)
// against a real Greenlight v3 database, stopped in the middle of a command:
// by SIGKILL (the process dies holding the command's claim) and by SIGTERM
// (it hands the command back). The command is a create_user with local
// users, whose bcrypt digests (cost 12, about 0.25 s each) make it slow
// enough to be cut short. After a restart the command must end done, with
// one result per element and every user created exactly once.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "api/daemon_process.h"
#include "store/store.h"
#include "test_database.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::Inspector;

constexpr int kUsers = 12;

std::string Email(int i) { return fmt::format("user{:02}@example.org", i); }

// Waits until done() or limit passes; returns done().
bool WaitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return done();
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

class CommandDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      url_ = testing::FreshGreenlightDatabase(3);
    } catch (const std::exception& e) {
      FAIL() << "no test database: " << e.what();
    }
    daemon_ = std::make_unique<DaemonProcess>(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto store = OpenStore(daemon_->store_url());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    nlohmann::json data = nlohmann::json::object();
    for (int i = 0; i < kUsers; ++i) {
      data[Email(i)] = {{"fullName", fmt::format("User {}", i)},
                        {"provider", "greenlight"},
                        {"pwd", "Pw-12345-secret"}};
    }
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      session.PutServer({.id = "bbb",
                         .document = {{"BBB_URL", "https://bbb.example.org/bigbluebutton/"},
                                      {"BBB_SECRET", "secret"},
                                      {"greenlight", {{"version", 3}, {"database", url_}}}}});
      session.PutCommand({.id = "users",
                          .server_id = "bbb",
                          .document = {{"command", "create_user"}, {"data", data}}});
    }));
  }

  std::optional<StoredCommand> Stored() {
    std::optional<StoredCommand> command;
    auto read =
        store_->Transact([&](StoreSession& session) { command = session.FindCommand("users"); });
    EXPECT_TRUE(read) << read.error().message;
    return command;
  }

  long Users() { return Inspector(url_).Count("SELECT count(*) FROM users"); }

  // Starts the daemon and waits until it created at least `users` users.
  void StartAndWaitForUsers(long users) {
    ASSERT_TRUE(daemon_->Launch({"--only", "commands"}));
    ASSERT_TRUE(WaitFor([&] { return Users() >= users; }, 20s)) << daemon_->Stderr();
    ASSERT_LT(Users(), kUsers) << "the command ended before it could be stopped";
  }

  // Starts the daemon again and waits until the command is finished.
  void RestartAndWaitForTheEnd(std::chrono::seconds limit) {
    ASSERT_TRUE(daemon_->Launch({"--only", "commands"}));
    const bool ended = WaitFor(
        [&] {
          auto command = Stored();
          return command &&
                 (command->state == CommandState::kDone || command->state == CommandState::kFailed);
        },
        limit);
    ASSERT_TRUE(ended) << "state " << ToString(Stored()->state) << "\n" << daemon_->Stderr();
    EXPECT_EQ(daemon_->Stop(SIGTERM, 10s), 0) << daemon_->Stderr();
  }

  // One ok result per user in file order, and each user exactly once in Greenlight.
  void ExpectEveryUserCreatedOnce() {
    auto command = Stored();
    ASSERT_TRUE(command);
    EXPECT_EQ(command->state, CommandState::kDone);
    ASSERT_EQ(command->results.size(), static_cast<std::size_t>(kUsers));
    for (int i = 0; i < kUsers; ++i) {
      EXPECT_EQ(command->results[i].element, Email(i));
      EXPECT_TRUE(command->results[i].ok) << command->results[i].message;
    }
    Inspector db(url_);
    EXPECT_EQ(db.Count("SELECT count(*) FROM users"), kUsers);
    EXPECT_EQ(db.Count("SELECT count(DISTINCT lower(email)) FROM users"), kUsers);
  }

  std::string url_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::unique_ptr<Store> store_;
};

TEST_F(CommandDaemonTest, ACommandCutShortBySigkillIsFinishedAfterARestart) {
  StartAndWaitForUsers(3);
  ASSERT_EQ(daemon_->Stop(SIGKILL, 5s), 128 + SIGKILL);
  auto killed = Stored();
  ASSERT_TRUE(killed);
  EXPECT_EQ(killed->state,
            CommandState::kRunning);  // the dead daemon's claim, until its lease ends
  const long created = Users();
  // Each user's result was recorded right after the user was created; at most
  // the one being created when the kill came is in Greenlight without its result.
  EXPECT_GE(killed->results.size() + 1, static_cast<std::size_t>(created));
  // The new daemon takes the command up when the dead one's claim ends (one
  // lease, 30 s, after its last result) and runs only the users not done.
  RestartAndWaitForTheEnd(45s);
  ExpectEveryUserCreatedOnce();
  EXPECT_NE(daemon_->Stderr().find("taking it up again after"), std::string::npos)
      << daemon_->Stderr();
}

TEST_F(CommandDaemonTest, ASigtermHandsTheCommandBackAndTheRestartDoesOnlyTheRest) {
  StartAndWaitForUsers(3);
  std::chrono::milliseconds took{};
  ASSERT_EQ(daemon_->Stop(SIGTERM, 10s, &took), 0) << daemon_->Stderr();
  EXPECT_LT(took, 2s);  // the user in hand is finished, not the whole command
  auto stopped = Stored();
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->state, CommandState::kQueued);
  EXPECT_EQ(static_cast<long>(stopped->results.size()), Users());  // every user done is recorded
  EXPECT_LT(stopped->results.size(), static_cast<std::size_t>(kUsers));
  RestartAndWaitForTheEnd(20s);
  ExpectEveryUserCreatedOnce();
}

}  // namespace
}  // namespace schedulight
