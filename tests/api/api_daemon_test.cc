// The daemon as a real process (`schedulight run --only api`) on a free
// loopback port with a temp SQLite store, driven over real HTTP: every
// endpoint and error path, auth, secret redaction, concurrent writers and
// graceful shutdown.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "api/daemon_process.h"
#include "store/store.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;
using testing::kTestToken;

const char* const kJson = "application/json";

nlohmann::json Body(const httplib::Result& result) {
  if (!result) return nullptr;
  return nlohmann::json::parse(result->body, nullptr, false);
}

std::set<std::string> Fields(const nlohmann::json& body) {
  std::set<std::string> fields;
  for (const auto& error : body.value("errors", nlohmann::json::array())) {
    fields.insert(error["field"].get<std::string>());
  }
  return fields;
}

nlohmann::json ServerDocument() {
  return {{"id", "bbb"},
          {"BBB_URL", "https://bbb.example.org/bigbluebutton/api"},
          {"BBB_SECRET", "bbb-secret-4711"},
          {"link_base", "https://bbb.example.org/b"},
          {"mailFrom", "scheduler@example.org"},
          {"mailServer", "smtp://mail.example.org:587"},
          {"mailUser", "scheduler"},
          {"mailPassword", "mail-password-0815"},
          {"greenlight",
           {{"version", 2},
            {"database", "postgresql://gl:db-password-42@db.example.org:5432/greenlight"}}}};
}

nlohmann::json MeetingDocument(const std::string& id) {
  return {{"id", id},
          {"meetingName", "Weekly Ümlaut meeting"},
          {"meetingUID", "room-" + id},
          {"startDate", "2030-03-04 10:00"},
          {"owner", {{"email", "owner@example.org"}, {"fullName", "Olga Owner"}}}};
}

// One HTTP/1.1 connection over a plain socket, to see what the server does
// with the connection itself (httplib's client reconnects without telling).
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{.tv_sec = 10, .tv_usec = 0};  // a hung server fails the test, not hangs it
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends GET path and returns the whole answer (head and body); empty when
  // the connection was closed or failed.
  std::string Get(const std::string& path) {
    if (!connected_) return {};
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                "Authorization: Bearer " + kTestToken + "\r\n\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      return {};
    }
    std::string answer;
    std::size_t head_end = std::string::npos, length = 0;
    while (head_end == std::string::npos || answer.size() < head_end + 4 + length) {
      char buffer[4096];
      const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (got <= 0) return {};
      answer.append(buffer, static_cast<std::size_t>(got));
      if (head_end == std::string::npos &&
          (head_end = answer.find("\r\n\r\n")) != std::string::npos) {
        const std::size_t field = answer.find("Content-Length: ");
        if (field != std::string::npos && field < head_end)
          length = std::stoul(answer.substr(field + 16));
      }
    }
    return answer;
  }

 private:
  int fd_;
  bool connected_ = false;
};

class ApiDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<DaemonProcess>(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    if (daemon_) {
      // Whatever a test did, the log must never carry a token or a secret.
      const std::string log = daemon_->Stderr();
      for (const char* secret : {kTestToken, "bbb-secret-4711", "mail-password-0815",
                                 "db-password-42", "owner-password-99"}) {
        EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in the log";
      }
    }
  }

  void StartApi() { ASSERT_TRUE(daemon_->Start()) << daemon_->Stderr(); }

  httplib::Result Post(const std::string& path, const nlohmann::json& body) {
    return daemon_->Client()->Post(("/api/v1" + path).c_str(), body.dump(), kJson);
  }
  httplib::Result Put(const std::string& path, const nlohmann::json& body) {
    return daemon_->Client()->Put(("/api/v1" + path).c_str(), body.dump(), kJson);
  }
  httplib::Result Get(const std::string& path) {
    return daemon_->Client()->Get(("/api/v1" + path).c_str());
  }
  httplib::Result Delete(const std::string& path) {
    return daemon_->Client()->Delete(("/api/v1" + path).c_str());
  }

  void AddServer() {
    auto res = Post("/servers", ServerDocument());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }

  // Reads the store the daemon writes (a second connection to the same SQLite file).
  std::unique_ptr<Store> OpenTestStore() {
    auto store = OpenStore(daemon_->store_url());
    EXPECT_TRUE(store) << store.error().message;
    return std::move(*store);
  }

  std::unique_ptr<DaemonProcess> daemon_;
};

// Keep-alive (api.md "Connections"): a connection serves many requests, and
// idle keep-alive connections (more than the HTTP library's default 8 threads)
// do not hold up a new client: it is answered while they all stay open.
TEST_F(ApiDaemonTest, IdleKeepAliveConnectionsDoNotHoldUpNewClients) {
  StartApi();
  AddServer();
  ASSERT_EQ(Post("/meetings", MeetingDocument("weekly"))->status, 201);

  RawConnection one(daemon_->port());
  for (int i = 0; i < 20; ++i) {
    const std::string answer = one.Get("/api/v1/meetings/weekly");
    ASSERT_TRUE(answer.starts_with("HTTP/1.1 200")) << i << ": " << answer;
    EXPECT_EQ(answer.find("Connection: close"), std::string::npos) << i;
  }

  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 64; ++i) {
    idle.push_back(std::make_unique<RawConnection>(daemon_->port()));
    ASSERT_TRUE(idle.back()->Get("/api/v1/healthz").starts_with("HTTP/1.1 200")) << i;
  }
  // Served while the 64 stay open (were it queued behind them, it would be
  // answered only once they had been closed for idling) ...
  RawConnection fresh(daemon_->port());
  EXPECT_TRUE(fresh.Get("/api/v1/meetings/weekly").starts_with("HTTP/1.1 200"));
  // ... as the idle connections show: each still answers.
  for (std::size_t i = 0; i < idle.size(); ++i) {
    EXPECT_TRUE(idle[i]->Get("/api/v1/healthz").starts_with("HTTP/1.1 200")) << i;
  }
}

TEST_F(ApiDaemonTest, HealthzNeedsNoTokenEverythingElseDoes) {
  StartApi();
  auto anonymous = daemon_->Client(false);
  auto health = anonymous->Get("/api/v1/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(Body(health)["data"]["store"], "ok");

  for (const char* path :
       {"/api/v1/servers", "/api/v1/meetings", "/api/v1/metrics", "/api/v1/openapi.json",
        "/api/v1/calendar.ics", "/api/v1/mails", "/api/v1/commands", "/api/v1/nowhere", "/"}) {
    auto res = anonymous->Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << path;
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"schedulight\"");
    EXPECT_NE(Body(res)["message"].get<std::string>().find("bearer token"), std::string::npos)
        << res->body;
  }
  httplib::Headers wrong = {{"Authorization", "Bearer test-token-7f3a9"}};  // a prefix
  EXPECT_EQ(anonymous->Get("/api/v1/servers", wrong)->status, 401);
  httplib::Headers longer = {{"Authorization", std::string("Bearer ") + kTestToken + "x"}};
  EXPECT_EQ(anonymous->Get("/api/v1/servers", longer)->status, 401);
  httplib::Headers basic = {{"Authorization", std::string("Basic ") + kTestToken}};
  EXPECT_EQ(anonymous->Get("/api/v1/servers", basic)->status, 401);
  httplib::Headers lower = {{"Authorization", std::string("bearer ") + kTestToken}};
  EXPECT_EQ(anonymous->Get("/api/v1/servers", lower)->status, 200);
  // A refused write stores nothing.
  auto refused = anonymous->Post("/api/v1/servers", ServerDocument().dump(), kJson);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(Body(Get("/servers"))["data"], nlohmann::json::array());
}

TEST_F(ApiDaemonTest, ServersCrudWithSecretsRedactedAndKept) {
  StartApi();
  auto created = Post("/servers", ServerDocument());
  ASSERT_EQ(created->status, 201) << created->body;
  auto body = Body(created);
  EXPECT_EQ(body["message"], "server added");
  EXPECT_EQ(body["data"]["BBB_SECRET"], "***");
  EXPECT_EQ(body["data"]["mailPassword"], "***");
  EXPECT_EQ(body["data"]["greenlight"]["database"],
            "postgresql://gl:***@db.example.org:5432/greenlight");
  EXPECT_EQ(Body(Post("/servers", ServerDocument()))["message"], "server updated");

  auto listed = Body(Get("/servers"));
  EXPECT_EQ(listed["message"], "found servers");
  EXPECT_EQ(listed["data"], nlohmann::json::array({"bbb"}));

  auto shown = Get("/servers/bbb");
  ASSERT_EQ(shown->status, 200);
  nlohmann::json document = Body(shown)["data"];
  ASSERT_TRUE(document.is_object());  // an object, not JSON in a string
  EXPECT_EQ(document["BBB_SECRET"], "***");
  EXPECT_EQ(shown->body.find("bbb-secret-4711"), std::string::npos);
  EXPECT_EQ(shown->body.find("db-password-42"), std::string::npos);

  // GET, edit, PUT back: the "***" placeholders keep the stored secrets.
  document["mailFromName"] = "The Scheduler";
  auto updated = Put("/servers/bbb", document);
  ASSERT_EQ(updated->status, 200) << updated->body;
  EXPECT_EQ(Body(updated)["data"]["mailFromName"], "The Scheduler");
  auto store = OpenTestStore();
  std::optional<StoredServer> stored;
  ASSERT_TRUE(store->Transact([&](StoreSession& s) { stored = s.FindServer("bbb"); }));
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->document["BBB_SECRET"], "bbb-secret-4711");
  EXPECT_EQ(stored->document["mailPassword"], "mail-password-0815");
  EXPECT_EQ(stored->document["greenlight"]["database"],
            "postgresql://gl:db-password-42@db.example.org:5432/greenlight");
  EXPECT_EQ(stored->document["mailFromName"], "The Scheduler");

  // "***" for a server that has no stored secret is refused, by field.
  nlohmann::json fresh = ServerDocument();
  fresh["id"] = "other";
  fresh["BBB_SECRET"] = "***";
  auto refused = Post("/servers", fresh);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Fields(Body(refused)), std::set<std::string>{"BBB_SECRET"});

  EXPECT_EQ(Put("/servers/nope", ServerDocument())->status, 404);
  EXPECT_EQ(Get("/servers/nope")->status, 404);
  EXPECT_EQ(Delete("/servers/bbb")->status, 204);
  EXPECT_EQ(Get("/servers/bbb")->status, 404);
  EXPECT_EQ(Delete("/servers/bbb")->status, 404);
}

TEST_F(ApiDaemonTest, InvalidServerNamesEveryField) {
  StartApi();
  auto res = Post("/servers", {{"id", "bbb"},
                               {"BBB_URL", "ftp://x"},
                               {"mailFrom", "not-an-address"},
                               {"checksumAlgorithm", "md5"}});
  ASSERT_EQ(res->status, 400);
  auto body = Body(res);
  EXPECT_EQ(Fields(body),
            (std::set<std::string>{"BBB_URL", "BBB_SECRET", "mailFrom", "checksumAlgorithm"}));
  EXPECT_NE(body["message"].get<std::string>().find("BBB_SECRET"), std::string::npos);
  EXPECT_EQ(Fields(Body(Post("/servers", {{"BBB_URL", "https://x.org"}}))),
            std::set<std::string>{"id"});
  EXPECT_EQ(Fields(Body(Post("/servers", {{"id", "bad id/"}, {"BBB_URL", "https://x.org"}}))),
            (std::set<std::string>{"", "BBB_SECRET"}));
}

TEST_F(ApiDaemonTest, MeetingsCrud) {
  StartApi();
  // A meeting without `server` goes to "bbb", which must exist.
  auto early = Post("/meetings", MeetingDocument("m1"));
  ASSERT_EQ(early->status, 400);
  EXPECT_EQ(Fields(Body(early)), std::set<std::string>{"server"});
  AddServer();

  auto created = Post("/meetings", MeetingDocument("m1"));
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(Body(created)["message"], "meeting added");
  auto shown = Get("/meetings/m1");
  ASSERT_EQ(shown->status, 200);
  auto document = Body(shown)["data"];
  ASSERT_TRUE(document.is_object());
  EXPECT_EQ(document["meetingName"], "Weekly Ümlaut meeting");
  EXPECT_FALSE(document.contains("server"));  // stored as given

  // POST of an existing id updates it, as in the original.
  nlohmann::json changed = MeetingDocument("m1");
  changed["meetingName"] = "Renamed";
  changed["owner"]["password"] = "owner-password-99";
  auto again = Post("/meetings", changed);
  ASSERT_EQ(again->status, 201);
  EXPECT_EQ(Body(again)["message"], "meeting updated");
  EXPECT_EQ(Body(again)["data"]["owner"]["password"], "***");
  EXPECT_EQ(Body(Get("/meetings/m1"))["data"]["meetingName"], "Renamed");
  EXPECT_EQ(Body(Get("/meetings/m1"))["data"]["owner"]["password"], "***");

  nlohmann::json put = Body(Get("/meetings/m1"))["data"];
  put["preOpenMinutes"] = 30;
  auto updated = Put("/meetings/m1", put);
  ASSERT_EQ(updated->status, 200) << updated->body;
  auto store = OpenTestStore();
  std::optional<StoredMeeting> stored;
  ASSERT_TRUE(store->Transact([&](StoreSession& s) { stored = s.FindMeeting("m1"); }));
  EXPECT_EQ(stored->document["owner"]["password"], "owner-password-99");
  EXPECT_EQ(stored->document["preOpenMinutes"], 30);

  EXPECT_EQ(Put("/meetings/m2", MeetingDocument("m2"))->status, 404);
  auto mismatch = Put("/meetings/m1", MeetingDocument("m9"));
  EXPECT_EQ(mismatch->status, 400);
  EXPECT_EQ(Fields(Body(mismatch)), std::set<std::string>{"id"});

  auto invalid = Post("/meetings", {{"id", "m3"},
                                    {"server", "elsewhere"},
                                    {"startDate", "2030-02-30 10:00"},
                                    {"owner", {{"email", "nobody"}}}});
  ASSERT_EQ(invalid->status, 400);
  EXPECT_EQ(Fields(Body(invalid)),
            (std::set<std::string>{"meetingName", "startDate", "owner.email", "owner.fullName"}));

  ASSERT_EQ(Post("/meetings", MeetingDocument("m0"))->status, 201);
  EXPECT_EQ(Body(Get("/meetings"))["data"], nlohmann::json::array({"m0", "m1"}));
  // DELETE removes the meeting (the original answered 500 and kept it).
  EXPECT_EQ(Delete("/meetings/m1")->status, 204);
  EXPECT_EQ(Get("/meetings/m1")->status, 404);
  EXPECT_EQ(Delete("/meetings/m1")->status, 404);
  EXPECT_EQ(Body(Get("/meetings"))["data"], nlohmann::json::array({"m0"}));
}

TEST_F(ApiDaemonTest, StatusStepsReadSetAndClear) {
  StartApi();
  AddServer();
  ASSERT_EQ(Post("/meetings", MeetingDocument("m1"))->status, 201);

  auto status = Get("/meetings/m1/status");
  ASSERT_EQ(status->status, 200);
  auto history = Body(status)["data"];
  ASSERT_EQ(history["status"].size(), 1u);
  EXPECT_EQ(history["status"][0]["code"], 200);

  auto set = Put("/meetings/m1/status/status", {{"status_code", 900}, {"status_message", "off"}});
  ASSERT_EQ(set->status, 200) << set->body;
  EXPECT_EQ(Body(set)["message"], "set status");
  auto same = Put("/meetings/m1/status/status", {{"status_code", "900"}, {"status_message", "x"}});
  EXPECT_EQ(Body(same)["message"], "status unchanged (same code)");
  auto step = Body(Get("/meetings/m1/status/status"))["data"];
  ASSERT_EQ(step.size(), 2u);
  EXPECT_EQ(step[1]["code"], 900);
  EXPECT_EQ(step[1]["message"], "off");

  ASSERT_EQ(Put("/meetings/m1/status/shareWith_a@example.org",
                {{"status_code", 220}, {"status_message", "shared"}})
                ->status,
            200);
  EXPECT_EQ(Body(Get("/meetings/m1/status"))["data"].size(), 2u);

  auto bad = Put("/meetings/m1/status/status", {{"status_code", "soon"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_EQ(Fields(Body(bad)), (std::set<std::string>{"status_code", "status_message"}));
  EXPECT_EQ(
      Put("/meetings/m1/status/status", {{"status_code", 12}, {"status_message", "x"}})->status,
      400);
  EXPECT_EQ(Get("/meetings/m1/status/bad$step")->status, 400);
  EXPECT_EQ(
      Put("/meetings/zz/status/status", {{"status_code", 900}, {"status_message", "x"}})->status,
      404);
  EXPECT_EQ(Get("/meetings/m1/status/preOpen")->status, 404);
  EXPECT_EQ(Get("/meetings/zz/status")->status, 404);

  EXPECT_EQ(Delete("/meetings/m1/status/shareWith_a@example.org")->status, 204);
  EXPECT_EQ(Delete("/meetings/m1/status/shareWith_a@example.org")->status, 404);
  EXPECT_EQ(Delete("/meetings/m1/status")->status, 204);
  EXPECT_EQ(Get("/meetings/m1/status")->status, 404);
  EXPECT_EQ(Delete("/meetings/m1/status")->status, 404);
}

TEST_F(ApiDaemonTest, CommandsQueueListAndShow) {
  StartApi();
  auto queued = Post("/commands", {{"command", "share_room"},
                                   {"server", "bbb"},
                                   {"data", {{"room-1", {{"a@example.org", "Anna"}}}}}});
  ASSERT_EQ(queued->status, 201) << queued->body;
  auto command = Body(queued)["data"];
  EXPECT_EQ(Body(queued)["message"], "command queued successfully");
  EXPECT_EQ(command["state"], "queued");
  const std::string id = command["id"];
  EXPECT_TRUE(id.starts_with("api-")) << id;

  auto named = Post(
      "/commands",
      {{"id", "make-anna"},
       {"command", "create_user"},
       {"data", {{"anna@example.org", {{"fullName", "Anna"}, {"pwd", "owner-password-99"}}}}}});
  ASSERT_EQ(named->status, 201) << named->body;
  EXPECT_EQ(Body(named)["data"]["id"], "make-anna");
  EXPECT_EQ(Body(named)["data"]["server"], "bbb");
  EXPECT_EQ(Body(named)["data"]["document"]["data"]["anna@example.org"]["pwd"], "***");

  auto list = Body(Get("/commands"));
  ASSERT_EQ(list["data"].size(), 2u);
  EXPECT_EQ(list["data"][0]["id"], id);
  EXPECT_EQ(Body(Get("/commands?state=queued"))["data"].size(), 2u);
  EXPECT_EQ(Body(Get("/commands?state=done"))["data"].size(), 0u);
  EXPECT_EQ(Get("/commands?state=later")->status, 400);
  auto shown = Get("/commands/make-anna");
  ASSERT_EQ(shown->status, 200);
  EXPECT_EQ(Body(shown)["data"]["command"], "create_user");
  EXPECT_EQ(shown->body.find("owner-password-99"), std::string::npos);
  EXPECT_EQ(Get("/commands/none")->status, 404);

  auto invalid = Post("/commands", {{"command", "fly"}});
  ASSERT_EQ(invalid->status, 400);
  EXPECT_EQ(Fields(Body(invalid)), (std::set<std::string>{"command", "data"}));
  auto bad_element =
      Post("/commands", {{"command", "create_user"}, {"data", {{"not-mail", {{"role", "x"}}}}}});
  EXPECT_EQ(Fields(Body(bad_element)), std::set<std::string>{"data.not-mail"});
}

TEST_F(ApiDaemonTest, MailQueueListShowRetryDeletePurge) {
  StartApi();
  std::int64_t queued = 0, sent = 0, failed = 0;
  {
    auto store = OpenTestStore();
    auto mail = [](MailState state, const std::string& to) {
      StoredMail m;
      m.kind = "roomShared";
      m.recipient = to;
      m.state = state;
      m.message = {{"server", "bbb"}, {"subject", "Shared"}, {"mime", "Subject: Shared\r\n\r\nHi"}};
      return m;
    };
    ASSERT_TRUE(store->Transact([&](StoreSession& s) {
      queued = s.AddMail(mail(MailState::kQueued, "q@example.org"));
      sent = s.AddMail(mail(MailState::kSent, "s@example.org"));
      failed = s.AddMail(mail(MailState::kFailed, "f@example.org"));
    }));
  }
  EXPECT_EQ(Body(Get("/mails"))["data"].size(), 3u);
  auto failed_list = Body(Get("/mails?state=failed"))["data"];
  ASSERT_EQ(failed_list.size(), 1u);
  EXPECT_EQ(failed_list[0]["recipient"], "f@example.org");
  EXPECT_EQ(Get("/mails?state=lost")->status, 400);

  auto shown = Get("/mails/" + std::to_string(sent));
  ASSERT_EQ(shown->status, 200);
  EXPECT_TRUE(Body(shown)["data"].contains("message"));
  EXPECT_EQ(Get("/mails/abc")->status, 400);
  EXPECT_EQ(Get("/mails/99999")->status, 404);

  auto retried =
      daemon_->Client()->Post(("/api/v1/mails/" + std::to_string(failed) + "/retry").c_str());
  ASSERT_EQ(retried->status, 200) << retried->body;
  EXPECT_EQ(Body(retried)["data"]["state"], "queued");
  auto conflict =
      daemon_->Client()->Post(("/api/v1/mails/" + std::to_string(sent) + "/retry").c_str());
  EXPECT_EQ(conflict->status, 409);

  EXPECT_EQ(Delete("/mails/" + std::to_string(queued))->status, 204);
  EXPECT_EQ(Delete("/mails/" + std::to_string(queued))->status, 404);
  auto missing_state = Delete("/mails");
  EXPECT_EQ(missing_state->status, 400);
  EXPECT_EQ(Fields(Body(missing_state)), std::set<std::string>{"state"});
  auto purged = Delete("/mails?state=sent");
  ASSERT_EQ(purged->status, 200);
  EXPECT_EQ(Body(purged)["data"]["deleted"], 1);
  EXPECT_EQ(Body(Get("/mails"))["data"].size(), 1u);
}

TEST_F(ApiDaemonTest, ProtocolErrors) {
  StartApi();
  auto client = daemon_->Client();
  auto unknown = client->Get("/api/v1/rooms");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_TRUE(Body(unknown).contains("message"));
  EXPECT_EQ(client->Get("/other")->status, 404);

  auto patch = client->Patch("/api/v1/meetings", "{}", kJson);
  EXPECT_EQ(patch->status, 405);
  EXPECT_EQ(patch->get_header_value("Allow"), "GET, POST");
  EXPECT_EQ(client->Delete("/api/v1/commands")->status, 405);
  EXPECT_EQ(client->Put("/api/v1/servers", "{}", kJson)->status, 405);

  auto form = client->Post("/api/v1/servers", "id=bbb", "application/x-www-form-urlencoded");
  EXPECT_EQ(form->status, 415);
  EXPECT_EQ(client->Post("/api/v1/servers", "{}", "text/plain")->status, 415);
  EXPECT_EQ(
      client->Post("/api/v1/servers", ServerDocument().dump(), "application/json; charset=utf-8")
          ->status,
      201);

  auto big = client->Post("/api/v1/meetings", std::string(5000, ' ') + "{}", kJson);
  EXPECT_EQ(big->status, 413);
  EXPECT_NE(Body(big)["message"].get<std::string>().find("max_body_bytes"), std::string::npos);

  auto broken = client->Post("/api/v1/meetings", "{\"id\": ", kJson);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(Fields(Body(broken)), std::set<std::string>{"body"});
  EXPECT_EQ(client->Post("/api/v1/meetings", "", kJson)->status, 400);
  EXPECT_EQ(client->Post("/api/v1/meetings", "[]", kJson)->status, 400);
  // HEAD is served as GET, without a body.
  auto head = client->Head("/api/v1/servers");
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST_F(ApiDaemonTest, MetricsOpenApiAndCalendar) {
  StartApi();
  AddServer();
  ASSERT_EQ(Post("/meetings", MeetingDocument("m1"))->status, 201);
  nlohmann::json weekly = MeetingDocument("m2");
  weekly["recurrence"] = "FREQ=WEEKLY;COUNT=4";
  weekly["duration"] = 90;
  ASSERT_EQ(Post("/meetings", weekly)->status, 201);
  nlohmann::json now = MeetingDocument("m3");
  now.erase("startDate");
  ASSERT_EQ(Post("/meetings", now)->status, 201);

  auto metrics = Get("/metrics");
  ASSERT_EQ(metrics->status, 200);
  EXPECT_TRUE(metrics->get_header_value("Content-Type").starts_with("text/plain; version=0.0.4"));
  for (const char* line :
       {"# TYPE schedulight_api_requests_total counter", "schedulight_meetings{status=\"200\"} 3",
        "schedulight_mails{state=\"queued\"} 0", "schedulight_commands{state=\"queued\"} 0",
        "schedulight_store_up 1", "# TYPE schedulight_bbb_calls_total counter",
        "schedulight_api_requests_total{method=\"POST\",route=\"/meetings\","
        "status=\"201\"} 3"}) {
    EXPECT_NE(metrics->body.find(line), std::string::npos) << line << "\n" << metrics->body;
  }

  auto openapi = Get("/openapi.json");
  ASSERT_EQ(openapi->status, 200);
  auto document = Body(openapi);
  EXPECT_TRUE(document["openapi"].get<std::string>().starts_with("3."));
  EXPECT_TRUE(document["paths"].contains("/meetings/{id}/status/{step}"));

  auto ical = Get("/meetings/m2/ical");
  ASSERT_EQ(ical->status, 200) << ical->body;
  EXPECT_TRUE(ical->get_header_value("Content-Type").starts_with("text/calendar"));
  for (const char* part : {"BEGIN:VCALENDAR", "METHOD:PUBLISH", "UID:m2@example.org",
                           "DTSTART:20300304T090000Z", "DTEND:20300304T103000Z",
                           "RRULE:FREQ=WEEKLY;COUNT=4", "URL:https://bbb.example.org/b/room-m2"}) {
    EXPECT_NE(ical->body.find(part), std::string::npos) << part << "\n" << ical->body;
  }
  EXPECT_EQ(Get("/meetings/m3/ical")->status, 404);  // no startDate: nothing to put in a calendar
  EXPECT_EQ(Get("/meetings/zz/ical")->status, 404);

  ASSERT_EQ(
      Put("/meetings/m1/status/status", {{"status_code", 900}, {"status_message", "off"}})->status,
      200);
  auto feed = Get("/calendar.ics");
  ASSERT_EQ(feed->status, 200);
  EXPECT_NE(feed->body.find("UID:m2@example.org"), std::string::npos);
  EXPECT_EQ(feed->body.find("UID:m1@example.org"), std::string::npos);  // disabled
  EXPECT_EQ(feed->body.find("UID:m3@example.org"), std::string::npos);  // no startDate
}

TEST_F(ApiDaemonTest, ConcurrentWritersLoseNothing) {
  StartApi();
  AddServer();
  constexpr int kThreads = 8, kEach = 20;
  std::atomic<int> created{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = daemon_->Client();
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "m" + std::to_string(t) + "-" + std::to_string(i);
        auto meeting = client->Post("/api/v1/meetings", MeetingDocument(id).dump(), kJson);
        auto command = client->Post(
            "/api/v1/commands",
            nlohmann::json{{"command", "delete_room"}, {"data", {{"room-" + id, nullptr}}}}.dump(),
            kJson);
        auto status = client->Put(("/api/v1/meetings/" + id + "/status/status").c_str(),
                                  R"({"status_code": 900, "status_message": "off"})", kJson);
        const bool ok = meeting && meeting->status == 201 && command && command->status == 201 &&
                        status && status->status == 200;
        (ok ? created : other)++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created, kThreads * kEach);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(Body(Get("/meetings"))["data"].size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(Body(Get("/commands"))["data"].size(), static_cast<std::size_t>(kThreads * kEach));
  auto metrics = Get("/metrics")->body;
  EXPECT_NE(metrics.find("schedulight_meetings{status=\"900\"} 160"), std::string::npos) << metrics;
}

TEST_F(ApiDaemonTest, SigtermStopsWithinTenSecondsAndExitsZero) {
  StartApi();
  // An idle keep-alive connection must not hold up the shutdown.
  httplib::Client idle("127.0.0.1", daemon_->port());
  idle.set_keep_alive(true);
  idle.set_bearer_token_auth(kTestToken);
  ASSERT_EQ(idle.Get("/api/v1/servers")->status, 200);
  std::chrono::milliseconds took{0};
  auto code = daemon_->Stop(SIGTERM, std::chrono::seconds(10), &took);
  ASSERT_TRUE(code) << "still running 10 s after SIGTERM";
  EXPECT_EQ(*code, 0) << daemon_->Stderr();
  EXPECT_LT(took, std::chrono::seconds(10));
  EXPECT_NE(daemon_->Stderr().find("SIGTERM received"), std::string::npos);
  auto refused = daemon_->Client()->Get("/api/v1/healthz");
  EXPECT_FALSE(refused);  // nobody listens any more
}

TEST_F(ApiDaemonTest, SigintStopsAllPartsWithDataKept) {
  ASSERT_TRUE(daemon_->Start({"--only", "api,commands,mail", "--no-mail"})) << daemon_->Stderr();
  AddServer();
  ASSERT_EQ(Post("/meetings", MeetingDocument("m1"))->status, 201);
  auto code = daemon_->Stop(SIGINT, std::chrono::seconds(10));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0) << daemon_->Stderr();
  EXPECT_NE(daemon_->Stderr().find("running api, commands, mail"), std::string::npos);

  ASSERT_TRUE(daemon_->Start());  // the same store again
  EXPECT_EQ(Body(Get("/meetings"))["data"], nlohmann::json::array({"m1"}));
}

TEST_F(ApiDaemonTest, CommandWorkerRunsWhatThePostQueued) {
  ASSERT_TRUE(daemon_->Start({"--only", "api,commands"})) << daemon_->Stderr();
  // The server is not in the store: the worker runs the command and records why it failed.
  auto queued = Post("/commands", {{"id", "c1"},
                                   {"command", "rename_room"},
                                   {"server", "server_to_use"},
                                   {"data", {{"old", {{"roomUID", "new"}}}}}});
  ASSERT_EQ(queued->status, 201);
  nlohmann::json command;
  for (int i = 0; i < 200; ++i) {
    command = Body(Get("/commands/c1"))["data"];
    // "running" is a moment between the two: wait for the outcome.
    if (command["state"] != "queued" && command["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(command["state"], "failed") << command;
  ASSERT_EQ(command["results"].size(), 1u);
  EXPECT_NE(command["results"][0]["message"].get<std::string>().find("server_to_use"),
            std::string::npos);
}

TEST_F(ApiDaemonTest, WatchAppliesTheDataFileAndItsChanges) {
  const std::string server =
      "servers:\n  bbb:\n    BBB_URL: https://bbb.example.org\n    BBB_SECRET: bbb-secret-4711\n";
  const std::string file = daemon_->Write("config.yml", server);
  ASSERT_TRUE(daemon_->Start({"--only", "api", "--watch", file})) << daemon_->Stderr();
  nlohmann::json servers;
  for (int i = 0; i < 200 && servers.empty(); ++i) {
    servers = Body(Get("/servers"))["data"];
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(servers, nlohmann::json::array({"bbb"}));

  daemon_->Write("config.yml", server +
                                   "meetings:\n  m1:\n    meetingName: From the file\n"
                                   "    meetingUID: room-1\n"
                                   "    owner: {email: o@example.org, fullName: O}\n");
  nlohmann::json meetings;
  for (int i = 0; i < 400 && meetings.empty(); ++i) {
    meetings = Body(Get("/meetings"))["data"];
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(meetings, nlohmann::json::array({"m1"})) << daemon_->Stderr();
  // A broken file is logged and applies nothing.
  daemon_->Write("config.yml", server + "meetings:\n  m2:\n    meetingName: [\n");
  for (int i = 0; i < 400 && daemon_->Stderr().find("not applied") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_NE(daemon_->Stderr().find("not applied"), std::string::npos);
  EXPECT_EQ(Body(Get("/meetings"))["data"], nlohmann::json::array({"m1"}));
}

TEST_F(ApiDaemonTest, RefusesAPublicAddressWithoutAToken) {
  daemon_->WriteConfig("store: " + daemon_->store_url() +
                       "\napi: {listen: '0.0.0.0:" + std::to_string(daemon_->port()) + "'}\n");
  EXPECT_EQ(daemon_->RunToEnd({"--only", "api"}, std::chrono::seconds(10)), 1);
  EXPECT_NE(daemon_->Stderr().find("without a token"), std::string::npos) << daemon_->Stderr();
}

TEST_F(ApiDaemonTest, LoopbackWithoutTokensNeedsNoAuth) {
  daemon_->WriteConfig("store: " + daemon_->store_url() +
                       "\napi: {listen: '127.0.0.1:" + std::to_string(daemon_->port()) + "'}\n");
  ASSERT_TRUE(daemon_->Start()) << daemon_->Stderr();
  auto res = daemon_->Client(false)->Get("/api/v1/servers");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(ApiDaemonTest, AllFourPartsRunAndStopOnSigterm) {
  // No --only: api, meetings, commands and mail.
  ASSERT_TRUE(daemon_->Start({"--no-mail"})) << daemon_->Stderr();
  AddServer();
  ASSERT_EQ(Post("/meetings", MeetingDocument("m1"))->status, 201);
  std::chrono::milliseconds took{0};
  auto code = daemon_->Stop(SIGTERM, std::chrono::seconds(10), &took);
  ASSERT_TRUE(code) << "still running 10 s after SIGTERM\n" << daemon_->Stderr();
  EXPECT_EQ(*code, 0) << daemon_->Stderr();
  EXPECT_NE(daemon_->Stderr().find("running api, meetings, commands, mail"), std::string::npos)
      << daemon_->Stderr();
}

}  // namespace
}  // namespace schedulight
