#include "config/app_config.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace schedulight {
namespace {

TEST(AppConfigTest, EmptyConfigMeansBuiltInDefaults) {
  auto config = ParseAppConfig("", "test.yml");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->store, "sqlite:schedulight.db");
  EXPECT_EQ(config->api.listen, "127.0.0.1:8008");
  EXPECT_TRUE(config->api.tokens.empty());
  EXPECT_EQ(config->defaults.pre_open_minutes, 90);
  EXPECT_EQ(config->defaults.pre_start_minutes, 0);
  EXPECT_EQ(config->mail.max_attempts, 8);
  EXPECT_TRUE(config->mail.enabled);
  EXPECT_EQ(config->greenlight.version, 2);
  EXPECT_EQ(config->streaming.start.front(), "ssh");
  EXPECT_EQ(config->log.level, "info");
  EXPECT_NE(config->timezone, nullptr);
}

TEST(AppConfigTest, TheExampleFileIsValid) {
  auto config = LoadAppConfig(std::string(SCHEDULIGHT_SOURCE_DIR) + "/examples/schedulight.yml");
  ASSERT_TRUE(config) << config.error().front();
  EXPECT_EQ(config->timezone->name(), "Europe/Vienna");
}

TEST(AppConfigTest, ValuesAreRead) {
  auto config = ParseAppConfig(
      "store: sqlite:/var/lib/schedulight/state.db\ntimezone: America/New_York\nlanguage: de\n"
      "templates: [/etc/schedulight/templates]\n"
      "api: {listen: '0.0.0.0:9000', tokens: [abc, def], max_body_bytes: 2048}\n"
      "defaults: {preOpenMinutes: 15, reminderMinutes: 10}\n"
      "mail: {enabled: false, max_attempts: 3}\n"
      "greenlight: {version: 3, database: 'postgresql://gl@db/gl'}\n"
      "streaming: {start: [/usr/local/bin/stream-start, '{streamerHost}']}\n"
      "log: {level: debug, format: json, file: /var/log/schedulight.log}\n",
      "test.yml");
  ASSERT_TRUE(config) << config.error().front();
  EXPECT_EQ(config->timezone->name(), "America/New_York");
  EXPECT_EQ(config->language, "de");
  EXPECT_EQ(config->api.tokens, (std::vector<std::string>{"abc", "def"}));
  EXPECT_EQ(config->api.max_body_bytes, 2048u);
  EXPECT_EQ(config->defaults.pre_open_minutes, 15);
  EXPECT_EQ(config->defaults.reminder_minutes, 10);
  EXPECT_EQ(config->defaults.end_after_minutes, 0);
  EXPECT_FALSE(config->mail.enabled);
  EXPECT_EQ(config->greenlight.version, 3);
  EXPECT_EQ(config->streaming.start.size(), 2u);
  EXPECT_EQ(config->streaming.stop.front(), "ssh");  // default kept
  EXPECT_EQ(config->log.file, "/var/log/schedulight.log");
  EXPECT_EQ(config->log.format, "json");
  EXPECT_FALSE(ParseAppConfig("log: {format: xml}\n", "app.yml"));
}

TEST(AppConfigTest, ErrorsNameFileLineAndKey) {
  auto config = ParseAppConfig(
      "store: sqlite:x.db\napi:\n  listn: 127.0.0.1:1\ndefaults:\n  preOpenMinutes: -1\n"
      "timezone: Mars/Base\nlanguage: fr\n",
      "app.yml");
  ASSERT_FALSE(config);
  const auto& errors = config.error();
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(std::find_if(errors.begin(), errors.end(),
                         [](const std::string& e) {
                           return e.starts_with("app.yml:3:10: api.listn: unknown key");
                         }),
            errors.end());
  EXPECT_NE(
      std::find(errors.begin(), errors.end(),
                "app.yml:5:19: defaults.preOpenMinutes: must be a whole number of minutes from 0 "
                "to 525600 (a year)"),
      errors.end());
}

TEST(AppConfigTest, SecretsFromEnvironmentAndFiles) {
  ::setenv("SCHEDULIGHT_TEST_TOKEN", "from-env", 1);
  const auto secret_file = std::filesystem::temp_directory_path() / "schedulight-test-secret";
  std::ofstream(secret_file) << "from-file\n";
  auto config =
      ParseAppConfig("api: {tokens: ['env:SCHEDULIGHT_TEST_TOKEN', 'file:" + secret_file.string() +
                         "']}\n" + "greenlight: {database: 'env:SCHEDULIGHT_TEST_TOKEN'}\n",
                     "test.yml");
  ASSERT_TRUE(config) << config.error().front();
  EXPECT_EQ(config->api.tokens, (std::vector<std::string>{"from-env", "from-file"}));
  EXPECT_EQ(config->greenlight.database, "from-env");

  auto missing = ParseAppConfig("store: env:SCHEDULIGHT_TEST_UNSET_VARIABLE\n", "test.yml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().front(),
            "test.yml:1:8: store: environment variable SCHEDULIGHT_TEST_UNSET_VARIABLE is not set");
  std::filesystem::remove(secret_file);
}

// An empty token would switch authentication off (no tokens means an open
// API): refuse it, naming the entry, instead of dropping it silently.
TEST(AppConfigTest, EmptyTokenIsRefused) {
  ::setenv("SCHEDULIGHT_TEST_EMPTYTOK", "", 1);
  auto from_env = ParseAppConfig("api: {tokens: ['env:SCHEDULIGHT_TEST_EMPTYTOK']}\n", "t.yml");
  ASSERT_FALSE(from_env);
  EXPECT_NE(from_env.error().front().find(
                "api.tokens[0]: env:SCHEDULIGHT_TEST_EMPTYTOK is empty; an empty token would "
                "disable authentication"),
            std::string::npos)
      << from_env.error().front();
  auto literal = ParseAppConfig("api: {tokens: [good, '']}\n", "t.yml");
  ASSERT_FALSE(literal);
  EXPECT_NE(literal.error().front().find("api.tokens[1]: the token is empty"), std::string::npos)
      << literal.error().front();

  const auto empty_file = std::filesystem::temp_directory_path() / "schedulight-test-empty-tok";
  std::ofstream(empty_file) << "# no token here\n\n";
  auto file = ParseAppConfig("api: {token_file: '" + empty_file.string() + "'}\n", "t.yml");
  ASSERT_FALSE(file);
  EXPECT_NE(
      file.error().front().find("api.token_file: '" + empty_file.string() + "' holds no token"),
      std::string::npos)
      << file.error().front();
  std::filesystem::remove(empty_file);
  ::unsetenv("SCHEDULIGHT_TEST_EMPTYTOK");
}

TEST(AppConfigTest, LookupOrder) {
  EXPECT_EQ(FindAppConfigFile(std::string("/x/given.yml")), "/x/given.yml");
  ::setenv("SCHEDULIGHT_CONFIG", "/x/from-env.yml", 1);
  EXPECT_EQ(FindAppConfigFile(std::nullopt), "/x/from-env.yml");
  ::unsetenv("SCHEDULIGHT_CONFIG");
  auto missing = LoadAppConfig(std::string("/nonexistent/schedulight.yml"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().front(),
            "/nonexistent/schedulight.yml: cannot read the application config file: No such file "
            "or directory");
}

}  // namespace
}  // namespace schedulight
