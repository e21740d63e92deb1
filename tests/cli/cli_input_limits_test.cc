// `schedulight apply` of files that are hostile to a parser: each is exit 2
// with file:line:column (or the file and the reason), quickly, and with
// nothing stored. Before, an alias bomb of 511 bytes grew past 4 GB and
// `--prune` of a directory read it as an empty file.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cli_sandbox.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

class CliInputLimitsTest : public ::testing::Test, protected testing::CliSandbox {
 protected:
  CliInputLimitsTest() : CliSandbox("cli-limits", SCHEDULIGHT_BINARY) {}
  using CliSandbox::Run;  // not ::testing::Test::Run

  void SetUp() override {
    // Something stored, that a wrongly read file with --prune would remove.
    const std::string server =
        Write("server.yml",
              "servers:\n  bbb:\n    BBB_URL: https://bbb.example.org/bigbluebutton/api\n"
              "    BBB_SECRET: s3cret\n");
    ProcessResult applied = Run({"apply", server});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  // apply --prune of path is refused with exit 2 and the message, and the server stays.
  void ExpectRefused(const std::string& path, const std::string& message) {
    ProcessResult applied = Run({"apply", "--prune", path});
    EXPECT_EQ(applied.exit_code, 2) << applied.out << applied.err;
    EXPECT_NE(applied.err.find(message), std::string::npos) << applied.err;
    ProcessResult list = Run({"server", "list", "--json"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_EQ(nlohmann::json::parse(list.out).size(), 1u) << list.out;
  }
};

TEST_F(CliInputLimitsTest, AnAliasBombIsExitTwoAtItsLine) {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 10; ++level) {
    const std::string alias = "*a" + std::to_string(level - 1);
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" + alias;
    for (int i = 1; i < 10; ++i) bomb += ", " + alias;
    bomb += "]\n";
  }
  const std::string file = Write("bomb.yml", bomb);
  ExpectRefused(file, file + ":5:45: aliases expand the file to more than 100000 values");
}

TEST_F(CliInputLimitsTest, DeepNestingIsExitTwoAtItsColumn) {
  const std::string file =
      Write("deep.yml", "servers: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  ExpectRefused(file, file + ":1:73: nested deeper than 64 levels");
}

TEST_F(CliInputLimitsTest, TextThatIsNotUtf8IsExitTwoAtTheByte) {
  const std::string file = Write("latin1.yml", "servers:\n  bbb:\n    BBB_URL: caf\xe9\n");
  ExpectRefused(file, file + ":3:17: byte 0xE9 is not UTF-8 text; save the file as UTF-8");
}

TEST_F(CliInputLimitsTest, ASecondDocumentIsExitTwoAtItsStart) {
  const std::string file = Write("two.yml", "servers: {}\n---\nmeetings: {}\n");
  ExpectRefused(file, file + ":2:1: a second YAML document starts here");
}

TEST_F(CliInputLimitsTest, AHugeDecimalIsExitTwoAtItsValue) {
  const std::string file = Write("number.yml", "servers:\n  bbb:\n    x: 1.0e999999\n");
  ExpectRefused(file, file + ":3:8: the number 1.0e999999 is too large or too small");
}

TEST_F(CliInputLimitsTest, ADirectoryIsNotAnEmptyFile) {
  std::filesystem::create_directories(dir_ / "configs");
  ExpectRefused((dir_ / "configs").string(), "cannot read the file: is a directory");
}

TEST_F(CliInputLimitsTest, AFileLargerThanSixteenMebibytesIsRefusedUnread) {
  const std::string file = (dir_ / "huge.yml").string();
  {
    std::ofstream out(file, std::ios::binary);
    out << "servers: {}\n";
  }
  std::filesystem::resize_file(file, (std::uintmax_t{2} << 30));  // 2 GiB, sparse
  ExpectRefused(file, file + ": cannot read the file: is larger than 16 MiB");
}

TEST_F(CliInputLimitsTest, AnEndlessDeviceIsReadOnlyUpToTheLimit) {
  ExpectRefused("/dev/zero", "/dev/zero: cannot read the file: is larger than 16 MiB");
}

}  // namespace
}  // namespace schedulight
