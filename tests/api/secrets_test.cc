// No output ever shows a configured secret. A data file and an app config
// carry a distinctive value in every secret field; then every CLI listing
// and show (text and --json), every API GET of the real daemon, and the
// debug log of a run with every worker are searched for each value.
// Also: an empty API token (a variable set but empty) refuses the start.

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "api/daemon_process.h"
#include "store/store.h"
#include "support/process.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;
using testing::kTestToken;
using testing::ProcessResult;
using testing::RunProcess;

// Every secret field, with a value found nowhere else.
const std::vector<std::string> kSecrets = {
    kTestToken,              // api.tokens
    "appglpw-Zq90secret",    // greenlight.database (app config) URL password
    "bbbsecret-Zq81secret",  // servers.*.BBB_SECRET
    "mailpw-Zq82secret",     // servers.*.mailPassword
    "glpw-Zq83secret",       // servers.*.greenlight.database URL password
    "ownerpw-Zq84secret",    // meetings.*.owner.password
    "mtgmailpw-Zq85secret",  // meetings.*.mailPassword
    "streamkey-Zq86secret",  // meetings.*.liveStreaming.targetUrl (the stream key)
    "modpw-Zq87secret",      // meetings.*.createParams.moderatorPW
    "attpw-Zq88secret",      // meetings.*.createParams.attendeePW
    "userpw-Zq91secret",     // commands.*.data.*.pwd
};

const char* kData = R"(servers:
  bbb:
    BBB_URL: http://127.0.0.1:1/bigbluebutton/api
    BBB_SECRET: bbbsecret-Zq81secret
    link_base: http://127.0.0.1:1/b
    send_emails: true
    mailFrom: noreply@example.org
    mailServer: 127.0.0.1:1
    mailTLS: none
    mailUser: scheduler
    mailPassword: mailpw-Zq82secret
    greenlight:
      version: 2
      database: postgresql://gl:glpw-Zq83secret@127.0.0.1:1/greenlight
meetings:
  m1:
    server: bbb
    meetingName: Secret test
    meetingUID: room-m1
    owner:
      email: owner@example.org
      fullName: Olga Owner
      password: ownerpw-Zq84secret
    mailPassword: mtgmailpw-Zq85secret
    startDate: 2020-01-01 10:00
    createParams:
      moderatorPW: modpw-Zq87secret
      attendeePW: attpw-Zq88secret
    liveStreaming:
      streamerHost: streamer.example.org
      targetUrl: rtmp://media.example.org/live/streamkey-Zq86secret
    sendInvitationLink:
      guest@example.org: {}
commands:
  c1:
    command: create_user
    server: bbb
    data:
      new.user@example.org:
        fullName: New User
        pwd: userpw-Zq91secret
)";

void ExpectNoSecret(const std::string& where, const std::string& text) {
  for (const auto& secret : kSecrets) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " shown by " << where << ":\n"
                                                    << text;
  }
}

TEST(SecretsTest, NoOutputShowsAConfiguredSecret) {
  DaemonProcess daemon("SecretsNeverShown");
  daemon.WriteConfig("store: " + daemon.store_url() +
                     "\ntimezone: Europe/Vienna\nlog: {level: debug}\napi:\n  listen: 127.0.0.1:" +
                     std::to_string(daemon.port()) + "\n  tokens: [" + kTestToken +
                     "]\ngreenlight: {database: "
                     "'postgresql://gl:appglpw-Zq90secret@127.0.0.1:1/gl'}\n"
                     "mail: {debug: true}\n");
  const std::string data = daemon.Write("data.yml", kData);
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {SCHEDULIGHT_BINARY, "--config", (daemon.dir() / "app.yml").string(),
                               "--log-level", "debug"});
    return RunProcess(args);
  };
  ProcessResult applied = cli({"apply", data});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ExpectNoSecret("apply", applied.out + applied.err);

  // The daemon with every worker, logging at debug level and whole mails.
  ASSERT_TRUE(daemon.Start({"--debug-mail"})) << daemon.Stderr();
  auto client = daemon.Client();
  std::string command_id;
  for (std::string path :
       {"/healthz", "/metrics", "/openapi.json", "/servers", "/servers/bbb", "/meetings",
        "/meetings/m1", "/meetings/m1/status", "/meetings/m1/status/status", "/meetings/m1/ical",
        "/calendar.ics", "/commands", "/mails"}) {
    auto res = client->Get(("/api/v1" + path).c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_LT(res->status, 500) << path << ": " << res->body;
    ExpectNoSecret("GET " + path, res->body);
    if (path == "/commands") {
      auto body = nlohmann::json::parse(res->body, nullptr, false);
      if (body.is_object() && !body["data"].empty()) command_id = body["data"][0]["id"];
    }
  }
  if (!command_id.empty()) {
    auto res = client->Get(("/api/v1/commands/" + command_id).c_str());
    ASSERT_TRUE(res);
    ExpectNoSecret("GET /commands/ID", res->body);
  }
  // A redacted document sent back keeps the stored secrets.
  {
    auto got = client->Get("/api/v1/meetings/m1");
    ASSERT_TRUE(got);
    const auto document = nlohmann::json::parse(got->body)["data"];
    ASSERT_EQ(document["liveStreaming"]["targetUrl"], "***");
    auto put = client->Put("/api/v1/meetings/m1", document.dump(), "application/json");
    ASSERT_TRUE(put);
    EXPECT_EQ(put->status, 200) << put->body;
    ExpectNoSecret("PUT /meetings/m1", put->body);
    auto store = OpenStore(daemon.store_url());
    ASSERT_TRUE(store);
    std::optional<StoredMeeting> stored;
    ASSERT_TRUE(
        (*store)->Transact([&](StoreSession& session) { stored = session.FindMeeting("m1"); }));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->document["liveStreaming"]["targetUrl"],
              "rtmp://media.example.org/live/streamkey-Zq86secret");
    EXPECT_EQ(stored->document["createParams"]["moderatorPW"], "modpw-Zq87secret");
    EXPECT_EQ(stored->document["owner"]["password"], "ownerpw-Zq84secret");
  }
  // Let the engine and the mail worker try (and fail) against the dead addresses.
  std::this_thread::sleep_for(std::chrono::seconds(3));

  for (std::vector<std::string> args : {
           std::vector<std::string>{"meeting", "list"},
           {"meeting", "show", "m1"},
           {"meeting", "status", "m1"},
           {"server", "list"},
           {"server", "check", "bbb"},
           {"mail", "list"},
       }) {
    for (bool json : {false, true}) {
      if (json) args.push_back("--json");
      ProcessResult shown = cli(args);
      std::string name;
      for (const auto& arg : args) name += arg + " ";
      EXPECT_LT(shown.exit_code, 2) << name << shown.err;
      ExpectNoSecret(name, shown.out + shown.err);
    }
  }
  ProcessResult mails = cli({"mail", "list", "--json"});
  auto list = nlohmann::json::parse(mails.out, nullptr, false);
  if (list.is_array()) {
    for (const auto& mail : list) {
      const std::string id = std::to_string(mail["id"].get<long>());
      ProcessResult shown = cli({"mail", "show", id});
      ExpectNoSecret("mail show " + id, shown.out + shown.err);
      shown = cli({"mail", "show", id, "--json"});
      ExpectNoSecret("mail show --json " + id, shown.out + shown.err);
    }
  }

  auto code = daemon.Stop(SIGTERM, std::chrono::seconds(15));
  EXPECT_TRUE(code) << "the daemon did not stop";
  const std::string log = daemon.Stderr();
  EXPECT_NE(log.find("debug"), std::string::npos) << "no debug log to check:\n" << log;
  ExpectNoSecret("the daemon's log", log);
}

// An env: token that is set but empty would leave the API without any token,
// that is without authentication: the daemon refuses to start (exit 2).
TEST(SecretsTest, EmptyTokenRefusesToStart) {
  DaemonProcess daemon("EmptyToken");
  ::setenv("SCHEDULIGHT_TEST_EMPTYTOK", "", 1);
  daemon.WriteConfig("store: " + daemon.store_url() +
                     "\napi:\n  listen: 127.0.0.1:" + std::to_string(daemon.port()) +
                     "\n  tokens: ['env:SCHEDULIGHT_TEST_EMPTYTOK']\n");
  EXPECT_EQ(daemon.RunToEnd({"--only", "api"}, std::chrono::seconds(10)), 2) << daemon.Stderr();
  EXPECT_NE(daemon.Stderr().find("api.tokens[0]: env:SCHEDULIGHT_TEST_EMPTYTOK is empty; an "
                                 "empty token would disable authentication"),
            std::string::npos)
      << daemon.Stderr();
  ::unsetenv("SCHEDULIGHT_TEST_EMPTYTOK");
}

}  // namespace
}  // namespace schedulight
