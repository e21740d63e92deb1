// The daemon as a real process against faults around it: a second daemon on
// the same port or the same store, a full disk under the store.

#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "api/daemon_process.h"
#include "support/process.h"
#include "support/small_disk.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;
using testing::kTestToken;

nlohmann::json Body(const httplib::Result& result) {
  if (!result) return nullptr;
  return nlohmann::json::parse(result->body, nullptr, false);
}

nlohmann::json ServerDocument(const std::string& id) {
  return {{"id", id},
          {"BBB_URL", "https://bbb.example.org/bigbluebutton/api"},
          {"BBB_SECRET", "bbb-secret-4711"},
          {"link_base", "https://bbb.example.org/b"}};
}

std::string Config(const std::string& store_url, int port) {
  return "store: " + store_url + "\ntimezone: Europe/Vienna\nlog: {level: info}\napi:\n" +
         "  listen: 127.0.0.1:" + std::to_string(port) + "\n  tokens: [" + kTestToken + "]\n";
}

int PostServer(DaemonProcess& daemon, const std::string& id) {
  auto res =
      daemon.Client()->Post("/api/v1/servers", ServerDocument(id).dump(), "application/json");
  return res ? res->status : -1;
}

std::string Name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

TEST(DaemonFaultTest, SecondDaemonOnTheSamePortIsRefusedAndTheFirstKeepsServing) {
  DaemonProcess first(Name() + "-1");
  ASSERT_TRUE(first.Start()) << first.Stderr();
  DaemonProcess second(Name() + "-2");  // its own store, the first one's port
  second.WriteConfig(Config(second.store_url(), first.port()));
  const int code = second.RunToEnd({"--only", "api"}, std::chrono::seconds(10));
  EXPECT_EQ(code, 1) << second.Stderr();
  const std::string where = "127.0.0.1:" + std::to_string(first.port());
  EXPECT_NE(second.Stderr().find("cannot listen on " + where + ": the port is in use"),
            std::string::npos)
      << second.Stderr();
  // Every request still reaches the first daemon.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(PostServer(first, "s" + std::to_string(i)), 201);
  }
  auto listed = first.Client()->Get("/api/v1/servers");
  ASSERT_TRUE(listed);
  EXPECT_EQ(Body(listed)["data"].size(), 20u) << listed->body;
}

TEST(DaemonFaultTest, TheFirstLogLineNamesTheConfigFileAndTheStore) {
  DaemonProcess daemon(Name());
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  const std::string log = daemon.Stderr();
  const std::string first_line = log.substr(0, log.find('\n'));
  EXPECT_NE(first_line.find("starting: config " + (daemon.dir() / "app.yml").string()),
            std::string::npos)
      << first_line;
  EXPECT_NE(first_line.find("store " + daemon.store_url()), std::string::npos) << first_line;
}

TEST(DaemonFaultTest, SecondDaemonOnTheSameStoreIsRefusedNamingTheStoreAndThePid) {
  DaemonProcess first(Name() + "-1");
  ASSERT_TRUE(first.Start()) << first.Stderr();
  DaemonProcess second(Name() + "-2");  // its own port, the first one's store
  second.WriteConfig(Config(first.store_url(), second.port()));
  ASSERT_EQ(second.RunToEnd({"--only", "api"}, std::chrono::seconds(10)), 1) << second.Stderr();
  const std::string store = first.store_url().substr(7);
  EXPECT_NE(second.Stderr().find("the store '" + store + "' is in use by another schedulight " +
                                 "daemon (pid " + std::to_string(first.pid()) + ")"),
            std::string::npos)
      << second.Stderr();

  // CLI commands share the store with the running daemon.
  auto listed = testing::RunProcess(
      {SCHEDULIGHT_BINARY, "--config", (first.dir() / "app.yml").string(), "server", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;

  // The kernel drops the lock with the process, however it ends: no stale lock.
  ASSERT_EQ(first.Stop(SIGKILL, std::chrono::seconds(5)), 128 + SIGKILL);
  ASSERT_TRUE(second.Start()) << second.Stderr();
}

// A full disk under the store: writes fail, healthz and the metrics say so,
// and once there is room again everything works without a restart.
TEST(DaemonFaultTest, HealthzReportsAFullDiskUnderTheStoreAndItsRecovery) {
  testing::SmallDisk disk(Name());
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  DaemonProcess daemon(Name());
  daemon.WriteConfig(Config("sqlite:" + (disk.path() / "state.db").string(), daemon.port()));
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  ASSERT_EQ(PostServer(daemon, "before"), 201);

  disk.Fill();
  EXPECT_GE(PostServer(daemon, "full"), 500);
  auto health = daemon.Client(false)->Get("/api/v1/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503) << health->body;
  EXPECT_EQ(Body(health)["data"]["store"], "failing: database or disk is full") << health->body;
  auto metrics = daemon.Client()->Get("/api/v1/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("\nschedulight_store_healthy 0\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("\nschedulight_store_write_errors_total 1\n"), std::string::npos)
      << metrics->body;

  disk.Free();
  EXPECT_EQ(PostServer(daemon, "after"), 201);
  health = daemon.Client(false)->Get("/api/v1/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->body;
  EXPECT_EQ(Body(health)["data"]["store"], "ok");
  metrics = daemon.Client()->Get("/api/v1/metrics");
  EXPECT_NE(metrics->body.find("\nschedulight_store_healthy 1\n"), std::string::npos);
  auto listed = daemon.Client()->Get("/api/v1/servers");
  EXPECT_EQ(Body(listed)["data"].size(), 2u) << listed->body;  // before, after
}

}  // namespace
}  // namespace schedulight
