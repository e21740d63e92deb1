// The mail daemon as a real process (`schedulight run --only mail`) against
// the real SMTP sinks of scripts/services/smtp.sh (tests/tools/smtp_sink.py):
// SIGKILLed in the middle of a run and started again. Every mail must
// arrive; the mails the dead daemon had claimed must go out within about one
// claim lease of the restart (30 s, not the ten minutes of the old lease);
// and the only duplicates are the mails that were in flight at the kill:
// accepted by a relay but not yet recorded as sent, at most one per relay
// that was sending (here two relays, so at most two).
//
// The store is set up with the binary's own `apply` and plain SQL, so the
// test does not depend on this build's store code, only on the binary.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "api/daemon_process.h"
#include "support/process.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using Steady = std::chrono::steady_clock;

constexpr int kMails = 50;
constexpr auto kLease = 30s;        // kClaimLease of the daemon under test
constexpr int kRelayDelayMs = 300;  // the sinks answer each of these mails this late

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The messages the sinks received for our recipients: how often each came.
// Remembers the files it read, so polling reads only new ones.
class SinkReader {
 public:
  SinkReader(std::filesystem::path dir, std::string domain)
      : dir_(std::move(dir)), domain_(std::move(domain)) {}

  const std::map<std::string, int>& Poll() {
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      if (entry.path().extension() != ".json" || !read_.insert(entry.path()).second) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      if (text.str().find(domain_) == std::string::npos) continue;
      const auto message = nlohmann::json::parse(text.str(), nullptr, false);
      if (!message.is_object()) continue;
      for (const auto& rcpt : message["rcpt_tos"]) {
        const std::string to = rcpt.get<std::string>();
        if (to.ends_with("@" + domain_)) ++received_[to];
      }
    }
    return received_;
  }

  int Total() {
    int total = 0;
    for (const auto& [to, count] : Poll()) total += count;
    return total;
  }

 private:
  std::filesystem::path dir_;
  std::string domain_;
  std::set<std::filesystem::path> read_;
  std::map<std::string, int> received_;
};

int SentInStore(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  return db.execAndGet("SELECT COUNT(*) FROM mails WHERE state = 'sent'").getInt();
}

class MailDaemonKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"SCHEDULIGHT_TEST_SMTP_HOST", "SCHEDULIGHT_TEST_SMTP_TLS_PORT",
                             "SCHEDULIGHT_TEST_SMTP_PLAIN_PORT", "SCHEDULIGHT_TEST_SMTP_USER",
                             "SCHEDULIGHT_TEST_SMTP_PASSWORD", "SCHEDULIGHT_TEST_SMTP_CA_FILE",
                             "SCHEDULIGHT_TEST_SMTP_DIR"}) {
      if (Env(name).empty()) {
        FAIL() << name
               << " is unset: run the tests with scripts/test.sh, which starts the SMTP sinks "
                  "(scripts/services/smtp.sh)";
      }
    }
    domain_ = "kill" + std::to_string(::getpid()) + ".test";
  }

  // Two servers on two relays: the plain sink and the STARTTLS + AUTH one.
  void SetUpStore(DaemonProcess& daemon) {
    daemon.WriteConfig("store: " + daemon.store_url() +
                       "\ntimezone: Europe/Vienna\nlog: {level: info}\n"
                       "mail:\n  ca_file: " +
                       Env("SCHEDULIGHT_TEST_SMTP_CA_FILE") + "\n");
    const std::string host = Env("SCHEDULIGHT_TEST_SMTP_HOST");
    const std::string bbb =
        "    BBB_URL: http://127.0.0.1:1/bigbluebutton/api\n"
        "    BBB_SECRET: kill-test-secret\n"
        "    link_base: http://127.0.0.1:1/b\n";
    const std::string data = daemon.Write(
        "data.yml", "servers:\n  plain:\n" + bbb + "    mailServer: smtp://" + host + ":" +
                        Env("SCHEDULIGHT_TEST_SMTP_PLAIN_PORT") + "\n    mailTLS: none\n  tls:\n" +
                        bbb + "    mailServer: " + host + ":" +
                        Env("SCHEDULIGHT_TEST_SMTP_TLS_PORT") +
                        "\n    mailUser: " + Env("SCHEDULIGHT_TEST_SMTP_USER") +
                        "\n    mailPassword: env:SCHEDULIGHT_TEST_SMTP_PASSWORD\n");
    auto applied = testing::RunProcess(
        {SCHEDULIGHT_BINARY, "--config", (daemon.dir() / "app.yml").string(), "apply", data});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;

    // Queued as the engine queues them: rows in `mails`, due at once.
    SQLite::Database db(DbPath(daemon), SQLite::OPEN_READWRITE);
    SQLite::Transaction transaction(db);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (int i = 0; i < kMails; ++i) {
      const std::string to =
          "slow" + std::to_string(kRelayDelayMs) + "-k" + std::to_string(i) + "@" + domain_;
      const nlohmann::json message = {
          {"server", i % 2 == 0 ? "plain" : "tls"},
          {"from", "zid@example.org"},
          {"mime", "From: zid@example.org\r\nTo: " + to + "\r\nSubject: kill test " +
                       std::to_string(i) + "\r\n\r\nmail " + std::to_string(i) + "\r\n"}};
      SQLite::Statement insert(
          db,
          "INSERT INTO mails (kind, recipient, message, state, attempts, last_error,"
          " next_attempt_at, created_at, updated_at) VALUES"
          " ('roomShared', ?, ?, 'queued', 0, '', NULL, ?, ?)");
      insert.bind(1, to);
      insert.bind(2, message.dump());
      insert.bind(3, static_cast<std::int64_t>(now));
      insert.bind(4, static_cast<std::int64_t>(now));
      insert.exec();
    }
    transaction.commit();
  }

  static std::string DbPath(const DaemonProcess& daemon) { return daemon.store_url().substr(7); }

  std::string domain_;
};

TEST_F(MailDaemonKillTest, AKilledDaemonsMailsGoOutWithinALeaseOfTheRestart) {
  DaemonProcess daemon("mail-kill");
  ASSERT_NO_FATAL_FAILURE(SetUpStore(daemon));
  SinkReader sink(Env("SCHEDULIGHT_TEST_SMTP_DIR"), domain_);

  // First run: killed once a few mails arrived, while both relays are busy.
  ASSERT_TRUE(daemon.Launch({"--only", "mail"}));
  const auto first_deadline = Steady::now() + 20s;
  while (sink.Total() < 6 && Steady::now() < first_deadline) std::this_thread::sleep_for(20ms);
  ASSERT_GE(sink.Total(), 6) << "the first run sent almost nothing:\n" << daemon.Stderr();
  ASSERT_EQ(daemon.Stop(SIGKILL, 5s), 128 + SIGKILL);
  const std::string first_log = daemon.Stderr();
  std::this_thread::sleep_for(300ms);  // a message the sink was storing is stored now

  const int received_at_kill = sink.Total();
  const int sent_at_kill = SentInStore(DbPath(daemon));
  const int in_flight = received_at_kill - sent_at_kill;  // the relay has them, the store not
  ASSERT_LT(sent_at_kill, kMails) << "killed too late: nothing was left to send";
  EXPECT_GE(in_flight, 0);
  EXPECT_LE(in_flight, 2) << "more in flight than relays sending";

  // Second run: everything arrives, within about one lease.
  const auto restarted = Steady::now();
  ASSERT_TRUE(daemon.Launch({"--only", "mail"}));
  // The dead daemon's claims end one lease after it claimed (or last
  // renewed), so at most kLease after the restart; then the rest takes
  // (kMails - sent) / 2 relays * the delay, at most ~8 s.
  const auto bound = kLease + 15s;
  std::optional<std::chrono::milliseconds> first;
  for (int sent = sent_at_kill; sent < kMails && Steady::now() - restarted < bound;
       sent = SentInStore(DbPath(daemon))) {
    if (!first && sent > sent_at_kill) {
      first = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - restarted);
    }
    std::this_thread::sleep_for(100ms);
  }
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - restarted);
  ASSERT_TRUE(first) << "nothing was sent " << took.count() << " ms after the restart\n"
                     << daemon.Stderr();
  EXPECT_LE(*first, kLease + 3s) << "the dead daemon's mails waited longer than its lease";
  EXPECT_EQ(SentInStore(DbPath(daemon)), kMails)
      << "not all mails were sent " << took.count() << " ms after the restart\nfirst run:\n"
      << first_log << "\nsecond run:\n"
      << daemon.Stderr();
  EXPECT_LT(took, bound);
  EXPECT_EQ(daemon.Stop(SIGTERM, 10s), 0) << daemon.Stderr();

  std::this_thread::sleep_for(300ms);
  const auto& received = sink.Poll();
  EXPECT_EQ(received.size(), static_cast<std::size_t>(kMails)) << "a mail never arrived";
  int duplicates = 0;
  for (const auto& [to, count] : received) duplicates += count - 1;
  EXPECT_EQ(duplicates, in_flight) << "duplicates other than the mails in flight at the kill";
  std::cout << "sent before the kill: " << sent_at_kill << ", in flight: " << in_flight
            << ", first sent " << first->count() << " ms and all " << took.count()
            << " ms after the restart, duplicates: " << duplicates << "\n";
}

}  // namespace
}  // namespace schedulight
