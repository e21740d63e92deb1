// `schedulight command list|show|retry|delete` and what `apply` says about
// failed commands: a failed command is visible (list, show, apply's summary)
// and can be queued again (`command retry`, `apply --retry-failed`).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/store.h"
#include "support/cli_sandbox.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::ProcessResult;
using namespace std::chrono_literals;

const std::string kExample = std::string(SCHEDULIGHT_SOURCE_DIR) + "/examples/config.yml";

class CliCommandQueueTest : public ::testing::Test, protected testing::CliSandbox {
 protected:
  CliCommandQueueTest() : CliSandbox("command-queue", SCHEDULIGHT_BINARY) {}
  using CliSandbox::Run;

  // As a run against a wrong Greenlight database leaves them: the first
  // command done, the other two failed.
  void FailTwoCommands() {
    auto store = OpenStore("sqlite:" + (dir_ / "state.db").string());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->Transact([](StoreSession& session) {
      for (auto [id, state, ok] : {std::tuple{"create-lecturer", CommandState::kDone, true},
                                   std::tuple{"lecturer-room", CommandState::kFailed, false},
                                   std::tuple{"share-seminar", CommandState::kFailed, false}}) {
        StoredCommand command = *session.FindCommand(id);
        command.state = state;
        command.results = {{"element-of-" + std::string(id), ok,
                            ok ? "created" : "Greenlight database: connection refused"}};
        session.PutCommand(command);
      }
    }));
  }
};

TEST_F(CliCommandQueueTest, FailedCommandsAreShownAndQueuedAgain) {
  ProcessResult applied = Run({"apply", kExample});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("commands: 3 queued, 0 unchanged\n"), std::string::npos)
      << applied.out;
  FailTwoCommands();

  ProcessResult again = Run({"apply", kExample});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("commands: 0 queued, 3 unchanged (2 failed: see `schedulight command "
                           "list`"),
            std::string::npos)
      << again.out;
  ProcessResult again_json = Run({"apply", kExample, "--json"});
  EXPECT_EQ(nlohmann::json::parse(again_json.out)["commands"]["failed"],
            nlohmann::json({"lecturer-room", "share-seminar"}));

  ProcessResult list = Run({"command", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto commands = nlohmann::json::parse(list.out);
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0]["id"], "create-lecturer");  // queue order: file order
  EXPECT_EQ(commands[1]["id"], "lecturer-room");
  EXPECT_EQ(commands[1]["state"], "failed");
  ProcessResult table = Run({"command", "list", "--state", "failed"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("share-seminar"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("create-lecturer"), std::string::npos) << table.out;

  ProcessResult show = Run({"command", "show", "lecturer-room"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("FAILED  Greenlight database: connection refused"), std::string::npos)
      << show.out;
  ProcessResult show_json = Run({"command", "show", "lecturer-room", "--json"});
  EXPECT_EQ(nlohmann::json::parse(show_json.out)["results"][0]["ok"], false);

  ProcessResult not_failed = Run({"command", "retry", "create-lecturer"});
  EXPECT_EQ(not_failed.exit_code, 1);
  EXPECT_NE(not_failed.err.find("command 'create-lecturer' is done, not failed"), std::string::npos)
      << not_failed.err;
  ProcessResult retried = Run({"command", "retry", "lecturer-room", "--json"});
  ASSERT_EQ(retried.exit_code, 0) << retried.err;
  EXPECT_EQ(nlohmann::json::parse(retried.out)["state"], "queued");
  EXPECT_TRUE(nlohmann::json::parse(retried.out)["results"].empty());

  ProcessResult retry_failed = Run({"apply", kExample, "--retry-failed"});
  ASSERT_EQ(retry_failed.exit_code, 0) << retry_failed.err;
  EXPECT_NE(retry_failed.out.find("commands: 0 queued, 1 retried, 2 unchanged\n"),
            std::string::npos)
      << retry_failed.out;
  ProcessResult states = Run({"command", "list", "--json"});
  for (const auto& command : nlohmann::json::parse(states.out)) {
    EXPECT_EQ(command["state"], command["id"] == "create-lecturer" ? "done" : "queued")
        << command["id"];
  }

  ProcessResult deleted = Run({"command", "delete", "share-seminar"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  ProcessResult gone = Run({"command", "show", "share-seminar"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_EQ(gone.err, "error: no command 'share-seminar' in the store\n");
  EXPECT_EQ(Run({"command", "retry", "share-seminar"}).exit_code, 1);
}

TEST_F(CliCommandQueueTest, ARunningCommandIsNotDeleted) {
  ASSERT_EQ(Run({"apply", kExample}).exit_code, 0);
  {
    auto store = OpenStore("sqlite:" + (dir_ / "state.db").string());
    ASSERT_TRUE(store);
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    ASSERT_TRUE((*store)->Transact([&](StoreSession& session) {
      ASSERT_TRUE(session.ClaimNextCommand(now, WorkerId{"host/1/daemon"}, 3600s));
    }));
  }
  ProcessResult refused = Run({"command", "delete", "create-lecturer"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("command 'create-lecturer' is running in host/1/daemon"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(Run({"command", "show", "create-lecturer"}).exit_code, 0);
}

TEST_F(CliCommandQueueTest, AnEmptyQueueIsAnEmptyList) {
  ASSERT_EQ(Run({"apply", Write("empty.yml", "servers: {}\n")}).exit_code, 0);
  ProcessResult list = Run({"command", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out, "No commands.\n");
  ProcessResult json = Run({"command", "list", "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out), nlohmann::json::array());
}

TEST_F(CliCommandQueueTest, CommandRunPrintsEachResultOnce) {
  // A Greenlight database that refuses at once: every element fails, fast.
  const std::string file = Write("commands.yml", R"(
servers:
  bbb:
    BBB_URL: https://bbb.example.org/bigbluebutton/
    BBB_SECRET: secret
    greenlight: {version: 2, database: 'postgresql://nobody@127.0.0.1:1/none'}
commands:
  new-users:
    command: create_user
    data:
      once-only@example.org: {fullName: Once Only}
)");
  ProcessResult applied = Run({"apply", file});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ProcessResult ran = Run({"command", "run", file});
  EXPECT_EQ(ran.exit_code, 1) << ran.out << ran.err;
  const std::string all = ran.out + ran.err;
  std::size_t mentions = 0;
  for (std::size_t at = all.find("once-only@example.org"); at != std::string::npos;
       at = all.find("once-only@example.org", at + 1)) {
    ++mentions;
  }
  EXPECT_EQ(mentions, 1u) << all;
  EXPECT_NE(ran.out.find("FAILED"), std::string::npos) << ran.out;
}

}  // namespace
}  // namespace schedulight
