#include "support/cli_sandbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace schedulight::testing {

CliSandbox::CliSandbox(const std::string& prefix, std::string binary) : binary_(std::move(binary)) {
  dir_ = std::filesystem::temp_directory_path() /
         ("schedulight-" + prefix + "-" + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  Write("app.yml", "store: sqlite:" + (dir_ / "state.db").string() +
                       "\ntimezone: Europe/Vienna\nlog: {level: warn}\n");
}

CliSandbox::~CliSandbox() { std::filesystem::remove_all(dir_); }

std::string CliSandbox::Write(const std::string& name, const std::string& text) const {
  std::ofstream(dir_ / name, std::ios::binary) << text;
  return (dir_ / name).string();
}

ProcessResult CliSandbox::Run(std::vector<std::string> args) const {
  args.insert(args.begin(), {binary_, "--config", (dir_ / "app.yml").string()});
  return RunProcess(args);
}

}  // namespace schedulight::testing
