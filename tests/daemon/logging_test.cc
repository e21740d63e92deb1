#include "daemon/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace schedulight {
namespace {

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("schedulight-logging-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    previous_ = spdlog::default_logger();
  }
  void TearDown() override {
    spdlog::set_default_logger(previous_);
    std::filesystem::remove_all(dir_);
  }

  // Logs through a config like the daemon's and returns the file's lines.
  std::vector<std::string> LogLines(const std::string& format) {
    LogConfig config;
    config.format = format;
    config.file = (dir_ / (format + ".log")).string();
    EXPECT_TRUE(SetUpLogging(config));
    spdlog::info("meeting {}: status 210 started", "m1");
    spdlog::warn("a \"quoted\" word,\na second line and a bad byte \xff here");
    spdlog::error("the end");
    spdlog::default_logger()->flush();
    std::ifstream file(*config.file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) lines.push_back(line);
    return lines;
  }

  std::filesystem::path dir_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LoggingTest, JsonFormatWritesOneParsableObjectPerEvent) {
  const auto lines = LogLines("json");
  ASSERT_EQ(lines.size(), 3u);
  std::vector<nlohmann::json> events;
  for (const auto& line : lines) {
    ASSERT_NO_THROW(events.push_back(nlohmann::json::parse(line))) << line;
  }
  EXPECT_EQ(events[0]["level"], "info");
  EXPECT_EQ(events[0]["message"], "meeting m1: status 210 started");
  EXPECT_TRUE(events[0]["time"].get<std::string>().starts_with("20")) << events[0];
  EXPECT_EQ(events[1]["level"], "warning");
  EXPECT_EQ(events[1]["message"],
            "a \"quoted\" word,\na second line and a bad byte \xEF\xBF\xBD here");
  EXPECT_EQ(events[2]["level"], "error");
  EXPECT_EQ(events[2]["message"], "the end");
}

TEST_F(LoggingTest, TextFormatAlignsTheMessagesAfterTheLevel) {
  const auto lines = LogLines("text");
  ASSERT_EQ(lines.size(), 4u);  // the warning's message has two lines
  const std::size_t column = lines[0].find("meeting m1");
  EXPECT_NE(column, std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].find("a \"quoted\""), column) << lines[1];
  EXPECT_EQ(lines[3].find("the end"), column) << lines[3];
}

}  // namespace
}  // namespace schedulight
