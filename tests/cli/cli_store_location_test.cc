// Which store a command line uses (docs/configuration.md, "Where the store
// is"): a relative `store: sqlite:PATH` resolves against the config file's
// directory whatever the working directory; without a config file the store
// is in the state directory; read-only commands never create a store; and
// `--version` / `status` / the daemon's first log line name both.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/cli_sandbox.h"
#include "support/process.h"

namespace schedulight {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::RunProcess;

const std::string kExample = std::string(SCHEDULIGHT_SOURCE_DIR) + "/examples/config.yml";

class CliStoreLocationTest : public ::testing::Test, protected testing::CliSandbox {
 protected:
  CliStoreLocationTest() : CliSandbox("store-location", SCHEDULIGHT_BINARY) {
    fs::create_directories(dir_ / "etc");
    fs::create_directories(dir_ / "elsewhere");
  }
  // Runs schedulight in cwd with a clean environment for the store's place:
  // no $SCHEDULIGHT_CONFIG, and the given variables.
  ProcessResult RunIn(const fs::path& cwd, std::vector<std::string> env,
                      std::vector<std::string> args) const {
    std::vector<std::string> argv = {"/usr/bin/env",    "-u", "SCHEDULIGHT_CONFIG", "-u",
                                     "STATE_DIRECTORY", "-C", cwd.string()};
    argv.insert(argv.end(), env.begin(), env.end());
    argv.push_back(SCHEDULIGHT_BINARY);
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }
};

TEST_F(CliStoreLocationTest, RelativeStoreResolvesAgainstTheConfigFilesDirectory) {
  const std::string config =
      Write("etc/schedulight.yml", "store: sqlite:data/state.db\nlog: {level: warn}\n");
  fs::create_directories(dir_ / "etc" / "data");
  ProcessResult applied = RunIn(dir_ / "elsewhere", {}, {"--config", config, "apply", kExample});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(fs::exists(dir_ / "etc" / "data" / "state.db"));
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere" / "data"));

  // From another directory, with a relative --config: the same store.
  ProcessResult listed =
      RunIn(dir_, {}, {"--config", "etc/schedulight.yml", "meeting", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(nlohmann::json::parse(listed.out).size(), 3u);

  ProcessResult version = RunIn(dir_ / "elsewhere", {}, {"--config", config, "--version"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  EXPECT_NE(version.out.find("config: " + (dir_ / "etc" / "schedulight.yml").string()),
            std::string::npos)
      << version.out;
  EXPECT_NE(version.out.find("store:  sqlite:" + (dir_ / "etc" / "data" / "state.db").string()),
            std::string::npos)
      << version.out;
}

TEST_F(CliStoreLocationTest, ReadOnlyCommandsNeverCreateAStore) {
  const std::string config = Write("etc/schedulight.yml", "store: sqlite:state.db\n");
  const fs::path store = dir_ / "etc" / "state.db";
  for (auto args : std::vector<std::vector<std::string>>{{"meeting", "list"},
                                                         {"meeting", "status", "m1"},
                                                         {"server", "list", "--json"},
                                                         {"command", "list"},
                                                         {"mail", "list"}}) {
    args.insert(args.begin(), {"--config", config});
    ProcessResult result = RunIn(dir_ / "elsewhere", {}, args);
    EXPECT_EQ(result.exit_code, 1) << args[2] << " " << args[3];
    EXPECT_NE(result.err.find("error: no store at " + store.string()), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("did you mean --config"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(store)) << args[2] << " " << args[3] << " created the store";
    EXPECT_TRUE(fs::is_empty(dir_ / "elsewhere"));
  }
  // status reports the missing store without creating it.
  ProcessResult status = RunIn(dir_ / "elsewhere", {}, {"--config", config, "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto json = nlohmann::json::parse(status.out);
  EXPECT_EQ(json["store"], "sqlite:" + store.string());
  EXPECT_EQ(json["storeExists"], false);
  EXPECT_FALSE(fs::exists(store));
}

TEST_F(CliStoreLocationTest, WithoutAConfigFileTheStoreIsInTheStateDirectory) {
  const fs::path state = dir_ / "state";
  ProcessResult applied =
      RunIn(dir_ / "elsewhere", {"STATE_DIRECTORY=" + state.string()}, {"apply", kExample});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(fs::exists(state / "schedulight.db"));
  EXPECT_TRUE(fs::is_empty(dir_ / "elsewhere"));

  ProcessResult status = RunIn(dir_, {"STATE_DIRECTORY=" + state.string()}, {"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("config:   none found (built-in defaults)"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("store:    sqlite:" + (state / "schedulight.db").string()),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("meetings: 3"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("servers:  2"), std::string::npos) << status.out;

  if (::geteuid() == 0) {
    ProcessResult version = RunIn(dir_ / "elsewhere", {}, {"--version"});
    EXPECT_NE(version.out.find("store:  sqlite:/var/lib/schedulight/schedulight.db"),
              std::string::npos)
        << version.out;
  } else {
    ProcessResult version =
        RunIn(dir_ / "elsewhere", {"XDG_STATE_HOME=" + (dir_ / "xdg").string()}, {"--version"});
    EXPECT_NE(
        version.out.find("store:  sqlite:" + (dir_ / "xdg/schedulight/schedulight.db").string()),
        std::string::npos)
        << version.out;
  }
}

TEST_F(CliStoreLocationTest, AStoreUrlPasswordIsNeverShown) {
  const std::string config =
      Write("etc/schedulight.yml", "store: postgresql://app:hunter2-secret@db.example.org/s\n");
  ProcessResult version = RunIn(dir_, {}, {"--config", config, "--version"});
  EXPECT_EQ(version.out.find("hunter2-secret"), std::string::npos) << version.out;
  EXPECT_NE(version.out.find("postgresql://app:***@db.example.org/s"), std::string::npos)
      << version.out;
}

}  // namespace
}  // namespace schedulight
