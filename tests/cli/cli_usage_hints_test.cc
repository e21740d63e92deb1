// Command lines that do not parse get a hint: a mistyped command the closest
// real one, the original slCli.py's flags the commands that replaced them.
// Both exit 2 (a usage error) and touch no store.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/cli_sandbox.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::ProcessResult;

class CliUsageHintsTest : public ::testing::Test, protected testing::CliSandbox {
 protected:
  CliUsageHintsTest() : CliSandbox("usage-hints", SCHEDULIGHT_BINARY) {}
  using CliSandbox::Run;
};

TEST_F(CliUsageHintsTest, AMistypedCommandGetsTheClosestOne) {
  ProcessResult lst = Run({"meeting", "lst"});
  EXPECT_EQ(lst.exit_code, 2);
  EXPECT_EQ(lst.err,
            "error: unknown command 'lst' — did you mean 'list'? (`schedulight meeting list`)\n");
  ProcessResult top = Run({"meetnig", "list"});
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_NE(top.err.find("unknown command 'meetnig' — did you mean 'meeting'?"), std::string::npos)
      << top.err;
  ProcessResult far = Run({"server", "frobnicate"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.err.find("unknown command 'frobnicate'; `schedulight server --help` lists"),
            std::string::npos)
      << far.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state.db"));
}

TEST_F(CliUsageHintsTest, TheOriginalsFlagsNameTheirNewCommands) {
  ProcessResult m = Run({"-m"});
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_NE(m.err.find("error: -m is now `schedulight meetings running`"), std::string::npos)
      << m.err;
  ProcessResult m_server = Run({"-m", "-s", "bbb2"});
  EXPECT_NE(m_server.err.find("-m is now `schedulight meetings running -s bbb2`"),
            std::string::npos)
      << m_server.err;
  ProcessResult l = Run({"-l", "meetings"});
  EXPECT_EQ(l.exit_code, 2);
  EXPECT_NE(l.err.find("-l is now `schedulight rooms links meetings`"), std::string::npos) << l.err;
  ProcessResult l_full = Run({"-l", "Anna", "-b", "email", "-e", "admin@example.org"});
  EXPECT_NE(l_full.err.find("`schedulight rooms links Anna --by email --email admin@example.org`"),
            std::string::npos)
      << l_full.err;
  ProcessResult f = Run({"-f", "Vorlesung Mathe", "-S", "config.yml"});
  EXPECT_NE(
      f.err.find("-f is now `schedulight meetings find 'Vorlesung Mathe' --store config.yml`"),
      std::string::npos)
      << f.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state.db"));
}

TEST_F(CliUsageHintsTest, VersionAndANakedCommandLine) {
  ProcessResult version = Run({"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_TRUE(version.out.starts_with("schedulight ")) << version.out;
  ProcessResult nothing = Run({});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("a command is required"), std::string::npos) << nothing.err;
  ProcessResult help = Run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("status"), std::string::npos);
}

}  // namespace
}  // namespace schedulight
