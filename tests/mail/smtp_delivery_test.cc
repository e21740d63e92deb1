// Delivery against a real SMTP server: the aiosmtpd sinks that
// scripts/services/smtp.sh starts (tests/tools/smtp_sink.py), one with
// STARTTLS + AUTH and a self-signed certificate, one plain. The sink parses
// what it receives with Python's email package; these tests read its JSON.
// Without the sinks every test fails, saying how to start them.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <libical/ical.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "mail/mail_composer.h"
#include "mail/mail_queue.h"
#include "mail/mail_worker.h"

namespace schedulight {
namespace {

struct SmtpEnvironment {
  std::string host, user, password, ca_file, dir;
  int tls_port = 0, plain_port = 0;
};

std::optional<SmtpEnvironment> ReadEnvironment(std::string& missing) {
  auto get = [&](const char* name) -> std::string {
    const char* value = std::getenv(name);
    if (!value || !*value) missing += std::string(missing.empty() ? "" : ", ") + name;
    return value ? value : "";
  };
  SmtpEnvironment env;
  env.host = get("SCHEDULIGHT_TEST_SMTP_HOST");
  env.user = get("SCHEDULIGHT_TEST_SMTP_USER");
  env.password = get("SCHEDULIGHT_TEST_SMTP_PASSWORD");
  env.ca_file = get("SCHEDULIGHT_TEST_SMTP_CA_FILE");
  env.dir = get("SCHEDULIGHT_TEST_SMTP_DIR");
  const std::string tls = get("SCHEDULIGHT_TEST_SMTP_TLS_PORT");
  const std::string plain = get("SCHEDULIGHT_TEST_SMTP_PLAIN_PORT");
  if (!missing.empty()) return std::nullopt;
  env.tls_port = std::stoi(tls);
  env.plain_port = std::stoi(plain);
  return env;
}

// A port on 127.0.0.1 where nothing listens: port 1 (tcpmux) is served
// nowhere the tests run, so connecting is refused at once.
int DeadPort() { return 1; }

// A relay that hangs: a socket on loopback that listens but never accepts,
// so the kernel completes every TCP handshake and the client then waits for
// a greeting that never comes (a relay "accepting but silent").
class SilentRelay {
 public:
  SilentRelay() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentRelay() { ::close(fd_); }
  SilentRelay(const SilentRelay&) = delete;
  SilentRelay& operator=(const SilentRelay&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

class SmtpDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing;
    auto env = ReadEnvironment(missing);
    if (!env) {
      FAIL() << "the SMTP test server is not set up (" << missing
             << " unset): run the tests with scripts/test.sh, which starts the SMTP sinks "
                "(scripts/services/smtp.sh)";
    }
    env_ = *env;
    if (!std::filesystem::is_directory(env_.dir)) {
      FAIL() << "SCHEDULIGHT_TEST_SMTP_DIR " << env_.dir << " does not exist";
    }
    static std::atomic<int> counter = 0;
    token_ = "t" + std::to_string(getpid()) + "x" + std::to_string(++counter) + "." +
             ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : token_) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.') c = '-';
    }
    store_ = std::move(OpenStore("sqlite::memory:").value());
  }

  std::string Address(const std::string& local) const { return local + "@" + token_ + ".test"; }

  void PutServer(const nlohmann::json& document, const std::string& id = "bbb") {
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      session.PutServer({id, document});
    }));
  }
  nlohmann::json TlsServer() const {
    return {{"mailServer", env_.host + ":" + std::to_string(env_.tls_port)},
            {"mailUser", env_.user},
            {"mailPassword", "env:SCHEDULIGHT_TEST_SMTP_PASSWORD"}};
  }
  nlohmann::json PlainServer() const {
    return {{"mailServer", "smtp://" + env_.host + ":" + std::to_string(env_.plain_port)},
            {"mailTLS", "none"}};
  }

  MailWorker Worker(MailWorkerOptions options = {}, bool trust_sink = true,
                    std::optional<std::chrono::seconds> timeouts = std::nullopt) {
    SecretResolver resolve =
        [](const std::string& value) -> std::expected<std::string, std::string> {
      if (!value.starts_with("env:")) return value;
      const char* found = std::getenv(value.substr(4).c_str());
      if (!found) return std::unexpected(value.substr(4) + " is not set");
      return std::string(found);
    };
    MailWorker::SettingsLookup settings = StoreSmtpSettings(
        *store_, trust_sink ? std::optional(env_.ca_file) : std::nullopt, resolve);
    if (timeouts) {
      settings = [settings, timeouts](const std::string& server) {
        auto found = settings(server);
        if (found) found->connect_timeout = found->transfer_timeout = *timeouts;
        return found;
      };
    }
    return MailWorker(*store_, WorkerId{"smtp-test"}, std::move(settings), SmtpTransports(),
                      options, [this] { return now_; });
  }

  MailRequest Invitation(const std::string& to) const {
    MailRequest request;
    request.kind = "meetingInvitationInfo";
    request.server_id = "bbb";
    request.meeting_id = "m1";
    request.route = {.send = true,
                     .send_decided_by = "server",
                     .from = {"zid@example.org", "ZID Käärijä"},
                     .to = {to, "Anna Müller"}};
    request.model.language = "de";
    request.model.recipient = request.route.to;
    request.model.owner = {"owner@example.org", "Olga <Owner> & Söhne"};
    request.model.sender = request.route.from;
    request.model.meeting = MeetingMailFacts{
        .id = "m1",
        .name = "Prüfung für Übungen",
        .starts_at = ParseStartDate("2026-07-01 10:00", FindTimeZone("Europe/Vienna")).value(),
        .zone = FindTimeZone("Europe/Vienna"),
        .duration_minutes = 45};
    request.model.room_link = "https://gl.example.org/b/abc-def?x=1&y=2";
    return request;
  }

  std::int64_t Queue(const StoredMail& mail) {
    std::int64_t id = 0;
    EXPECT_TRUE(store_->Transact([&](StoreSession& session) { id = session.AddMail(mail); }));
    return id;
  }

  std::int64_t QueueInvitation(const std::string& to, const std::string& server = "bbb") {
    const TemplateSet templates = TemplateSet::BuiltIn();
    MailRequest request = Invitation(to);
    request.server_id = server;
    auto mail = MailComposer(templates).Compose(request, now_);
    EXPECT_TRUE(mail) << (mail ? "" : mail.error());
    return Queue(*mail);
  }

  // What the sinks received for this test, in arrival order per sink.
  std::vector<nlohmann::json> Received() const {
    std::vector<nlohmann::json> messages;
    for (const auto& entry : std::filesystem::directory_iterator(env_.dir)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      nlohmann::json message = nlohmann::json::parse(in);
      for (const auto& rcpt : message["rcpt_tos"]) {
        if (rcpt.get<std::string>().ends_with("@" + token_ + ".test")) {
          messages.push_back(std::move(message));
          break;
        }
      }
    }
    return messages;
  }

  StoredMail Mail(std::int64_t id) { return GetQueueMail(*store_, id).value(); }

  SmtpEnvironment env_;
  std::string token_;
  std::unique_ptr<Store> store_;
  UtcTime now_ = FromUnixSeconds(1790000000);
};

const nlohmann::json* Part(const nlohmann::json& message, const std::string& type) {
  for (const auto& part : message["parts"]) {
    if (part["content_type"] == type) return &part;
  }
  return nullptr;
}

TEST_F(SmtpDeliveryTest, StartTlsAuthDeliversAnInvitationThatParses) {
  PutServer(TlsServer());
  const auto id = QueueInvitation(Address("anna"));
  auto pass = Worker().RunPass();
  ASSERT_TRUE(pass);
  ASSERT_EQ(pass->sent, 1) << Mail(id).last_error;
  EXPECT_EQ(Mail(id).state, MailState::kSent);

  const auto received = Received();
  ASSERT_EQ(received.size(), 1u);
  const nlohmann::json& message = received[0];
  EXPECT_EQ(message["tls"], true);
  EXPECT_EQ(message["auth_user"], env_.user);
  EXPECT_EQ(message["mail_from"], "zid@example.org");
  EXPECT_EQ(message["defects"], nlohmann::json::array()) << message["defects"].dump();
  const auto& headers = message["headers"];
  EXPECT_EQ(headers["Subject"], "Einladung: Prüfung für Übungen");
  EXPECT_EQ(headers["From"], "ZID Käärijä <zid@example.org>");
  EXPECT_EQ(headers["To"], "Anna Müller <" + Address("anna") + ">");
  EXPECT_TRUE(headers.contains("Date"));
  EXPECT_TRUE(headers["Message-ID"].get<std::string>().ends_with("@example.org>"));
  EXPECT_EQ(headers["MIME-Version"], "1.0");

  const nlohmann::json* text = Part(message, "text/plain");
  const nlohmann::json* html = Part(message, "text/html");
  const nlohmann::json* calendar = Part(message, "text/calendar");
  const nlohmann::json* attachment = Part(message, "application/ics");
  ASSERT_TRUE(text && html && calendar && attachment) << message["parts"].dump(1);
  EXPECT_EQ((*text)["charset"], "utf-8");
  const std::string text_body = (*text)["content"];
  const std::string html_body = (*html)["content"];
  EXPECT_NE(text_body.find("Olga <Owner> & Söhne lädt Sie"), std::string::npos) << text_body;
  EXPECT_NE(text_body.find("2026-07-01 10:00 CEST (UTC+02:00)"), std::string::npos);
  EXPECT_NE(html_body.find("Olga &lt;Owner&gt; &amp; Söhne lädt Sie"), std::string::npos)
      << html_body;
  EXPECT_EQ(html_body.find("<Owner>"), std::string::npos);
  EXPECT_EQ((*calendar)["method"], "REQUEST");
  EXPECT_EQ((*attachment)["filename"], "invite.ics");
  EXPECT_EQ((*attachment)["disposition"], "attachment");

  const std::string ics = (*attachment)["content"];
  EXPECT_EQ(ics, (*calendar)["content"].get<std::string>());
  std::unique_ptr<icalcomponent, ComponentFree> parsed(icalparser_parse_string(ics.c_str()));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(icalcomponent_get_method(parsed.get()), ICAL_METHOD_REQUEST);
  icalcomponent* event = icalcomponent_get_first_component(parsed.get(), ICAL_VEVENT_COMPONENT);
  ASSERT_TRUE(event);
  EXPECT_STREQ(icalcomponent_get_uid(event), "m1@example.org");
  EXPECT_STREQ(icalcomponent_get_summary(event), "Prüfung für Übungen");
  // 10:00 in Vienna in July is 08:00 UTC.
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtstart(event)),
            ToUnixSeconds(ParseStartDate("2026-07-01T08:00:00Z", nullptr).value()));
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtend(event)) -
                icaltime_as_timet(icalcomponent_get_dtstart(event)),
            45 * 60);
}

TEST_F(SmtpDeliveryTest, PlainRelayDelivers) {
  PutServer(PlainServer());
  const auto id = QueueInvitation(Address("bob"));
  ASSERT_EQ(Worker().RunPass()->sent, 1) << Mail(id).last_error;
  const auto received = Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0]["tls"], false);
  EXPECT_EQ(received[0]["headers"]["Subject"], "Einladung: Prüfung für Übungen");
}

TEST_F(SmtpDeliveryTest, StartTlsIsRequiredNotOpportunistic) {
  nlohmann::json server = PlainServer();
  server.erase("mailTLS");  // default starttls, against a relay that offers none
  PutServer(server);
  const auto id = QueueInvitation(Address("carl"));
  EXPECT_EQ(Worker().RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).state, MailState::kQueued);
  EXPECT_FALSE(Mail(id).last_error.empty());
  EXPECT_TRUE(Received().empty());
}

TEST_F(SmtpDeliveryTest, UntrustedCertificateIsRefused) {
  PutServer(TlsServer());
  const auto id = QueueInvitation(Address("dora"));
  EXPECT_EQ(Worker({}, /*trust_sink=*/false).RunPass()->retrying, 1);
  EXPECT_NE(Mail(id).last_error.find("certificate"), std::string::npos) << Mail(id).last_error;
  EXPECT_TRUE(Received().empty());
}

TEST_F(SmtpDeliveryTest, WrongPasswordIsRetriedAndNeverLogged) {
  nlohmann::json server = TlsServer();
  server["mailPassword"] = "wrong-password-123";
  PutServer(server);
  const auto id = QueueInvitation(Address("emil"));
  EXPECT_EQ(Worker().RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).last_error.find("wrong-password-123"), std::string::npos);
  EXPECT_TRUE(Received().empty());
}

TEST_F(SmtpDeliveryTest, RefusingServerIsRetriedWithBackoffUntilItAccepts) {
  PutServer(TlsServer());
  const auto id = QueueInvitation(Address("refuse2-fred"));
  MailWorker worker = Worker({.backoff_base = std::chrono::seconds(30)});
  EXPECT_EQ(worker.RunPass()->retrying, 1);
  EXPECT_NE(Mail(id).last_error.find("451"), std::string::npos) << Mail(id).last_error;
  EXPECT_EQ(Mail(id).next_attempt_at, now_ + std::chrono::seconds(30));
  EXPECT_EQ(worker.RunPass()->retrying, 0);  // not due yet
  now_ += std::chrono::seconds(30);
  EXPECT_EQ(worker.RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).next_attempt_at, now_ + std::chrono::seconds(60));
  now_ += std::chrono::seconds(60);
  EXPECT_EQ(worker.RunPass()->sent, 1);
  EXPECT_EQ(Mail(id).state, MailState::kSent);
  EXPECT_EQ(Mail(id).attempts, 3);
  EXPECT_EQ(Received().size(), 1u);
}

TEST_F(SmtpDeliveryTest, ServerDownBacksOffThenFails) {
  PutServer({{"mailServer", env_.host + ":" + std::to_string(DeadPort())}, {"mailTLS", "none"}});
  const auto id = QueueInvitation(Address("gina"));
  MailWorker worker = Worker({.max_attempts = 4, .backoff_base = std::chrono::seconds(10)});
  std::vector<UtcTime> attempts_at;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    ASSERT_TRUE(worker.RunPass());
    attempts_at.push_back(now_);
    if (Mail(id).next_attempt_at) now_ = *Mail(id).next_attempt_at;
  }
  EXPECT_EQ(attempts_at[1] - attempts_at[0], std::chrono::seconds(10));
  EXPECT_EQ(attempts_at[2] - attempts_at[1], std::chrono::seconds(20));
  EXPECT_EQ(attempts_at[3] - attempts_at[2], std::chrono::seconds(40));
  const StoredMail mail = Mail(id);
  EXPECT_EQ(mail.state, MailState::kFailed);
  EXPECT_EQ(mail.attempts, 4);
  EXPECT_NE(mail.last_error.find("connect"), std::string::npos) << mail.last_error;
}

TEST_F(SmtpDeliveryTest, ThousandMailsGoOverFewConnections) {
  PutServer(TlsServer());
  const TemplateSet templates = TemplateSet::BuiltIn();
  const MailComposer composer(templates);
  constexpr int kMails = 1000;
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    for (int i = 0; i < kMails; ++i) {
      MailRequest request = Invitation(Address("user" + std::to_string(i)));
      request.kind = "roomShared";
      request.model.room = RoomMailFacts{"Raum " + std::to_string(i), "r", "https://gl/b/r"};
      session.AddMail(composer.Compose(request, now_).value());
    }
  }));
  auto pass = Worker().RunPass();
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->sent, kMails);
  EXPECT_EQ(ListQueueMails(*store_, MailState::kSent)->size(), static_cast<std::size_t>(kMails));

  const auto received = Received();
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kMails));
  std::set<std::string> recipients;
  std::set<int> connections;
  for (const auto& message : received) {
    recipients.insert(message["rcpt_tos"][0].get<std::string>());
    connections.insert(message["connection"].get<int>());
    EXPECT_EQ(message["auth_user"], env_.user);
  }
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kMails));
  EXPECT_LE(connections.size(), 2u) << "mails should share one SMTP connection";
}

// Server A's relay hangs (accepts, never greets); server B's relay works.
// A's mails were queued first, but B's go out at once, on their own
// connection: a hung relay delays only its own mails. And A's later mails
// are not each tried for another timeout: the pass lasts one timeout.
TEST_F(SmtpDeliveryTest, HungRelayDelaysOnlyItsOwnMails) {
  SilentRelay silent;
  PutServer({{"mailServer", "127.0.0.1:" + std::to_string(silent.port())}, {"mailTLS", "none"}},
            "a");
  PutServer(PlainServer(), "b");
  std::vector<std::int64_t> a_mails;
  for (int i = 0; i < 3; ++i)
    a_mails.push_back(QueueInvitation(Address("a" + std::to_string(i)), "a"));
  const auto b1 = QueueInvitation(Address("b1"), "b");
  const auto b2 = QueueInvitation(Address("b2"), "b");

  constexpr auto kTimeout = std::chrono::seconds(3);
  MailWorker worker = Worker({}, true, kTimeout);
  const auto started = std::chrono::steady_clock::now();
  auto pass = std::async(std::launch::async, [&] { return worker.RunPass(); });
  std::optional<std::chrono::steady_clock::duration> b_arrived;
  for (;;) {
    const bool done = pass.wait_for(std::chrono::milliseconds(50)) == std::future_status::ready;
    // The store says when the relay took them (reading the sink's files
    // is too slow to time); the sink's copies are checked below.
    if (!b_arrived && Mail(b1).state == MailState::kSent && Mail(b2).state == MailState::kSent) {
      b_arrived = std::chrono::steady_clock::now() - started;
    }
    if (done) break;
  }
  auto result = pass.get();
  const auto pass_took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result);
  ASSERT_TRUE(b_arrived) << "B's mails did not arrive during the pass";
  EXPECT_LT(*b_arrived, std::chrono::milliseconds(1500))
      << "B's mails waited "
      << std::chrono::duration_cast<std::chrono::milliseconds>(*b_arrived).count()
      << " ms behind A's hung relay";
  EXPECT_EQ(result->sent, 2);
  EXPECT_EQ(result->retrying, 3);
  EXPECT_EQ(Received().size(), 2u);
  EXPECT_EQ(Mail(b1).state, MailState::kSent);
  EXPECT_EQ(Mail(b2).state, MailState::kSent);
  for (auto id : a_mails) {
    const StoredMail mail = Mail(id);
    EXPECT_EQ(mail.state, MailState::kQueued);
    EXPECT_EQ(mail.attempts, 1);  // as if each had been tried and had timed out
    EXPECT_NE(mail.last_error.find("imeout"), std::string::npos) << mail.last_error;
  }
  EXPECT_LT(pass_took, kTimeout + std::chrono::seconds(2))
      << "each of A's mails waited for its own timeout";
}

// More hung relays than threads: each lane costs one timeout, so B waits at
// most for one round of them, and everything is still recorded.
TEST_F(SmtpDeliveryTest, ParallelRelaysAreBounded) {
  SilentRelay silent;
  for (int i = 0; i < 3; ++i) {
    // Three relays: the same listener under three users.
    PutServer({{"mailServer", "127.0.0.1:" + std::to_string(silent.port())},
               {"mailTLS", "none"},
               {"mailUser", "u" + std::to_string(i)},
               {"mailPassword", "p"}},
              "hung" + std::to_string(i));
    QueueInvitation(Address("h" + std::to_string(i)), "hung" + std::to_string(i));
  }
  constexpr auto kTimeout = std::chrono::seconds(2);
  const auto started = std::chrono::steady_clock::now();
  auto result = Worker({.max_parallel_relays = 2}, true, kTimeout).RunPass();
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result);
  EXPECT_EQ(result->retrying, 3);
  EXPECT_GE(took, 2 * kTimeout - std::chrono::milliseconds(300)) << "more than 2 at once";
  EXPECT_LT(took, 3 * kTimeout) << "not in parallel";
}

// A stop does not wait for a hung relay's timeout (15 s by default, longer
// than the daemon's shutdown deadline): the send is aborted, and the mails
// claimed but not sent are released, due again at once, their attempts unchanged.
TEST_F(SmtpDeliveryTest, StopDoesNotWaitForAHungRelay) {
  SilentRelay silent;
  PutServer({{"mailServer", "127.0.0.1:" + std::to_string(silent.port())}, {"mailTLS", "none"}});
  const auto first = QueueInvitation(Address("s1"));
  const auto second = QueueInvitation(Address("s2"));
  MailWorker worker = Worker();
  std::stop_source stop;
  const auto started = std::chrono::steady_clock::now();
  auto pass = std::async(std::launch::async, [&] { return worker.RunPass(stop.get_token()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop.request_stop();
  ASSERT_EQ(pass.wait_for(std::chrono::seconds(3)), std::future_status::ready)
      << "the pass waited for the relay's timeout";
  ASSERT_TRUE(pass.get());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  for (auto id : {first, second}) {
    const StoredMail mail = Mail(id);
    EXPECT_EQ(mail.state, MailState::kQueued);
    EXPECT_EQ(mail.attempts, 0);
    EXPECT_FALSE(mail.claimed_by) << "left claimed instead of released";
    EXPECT_FALSE(mail.next_attempt_at);
  }
  EXPECT_LE(worker.NextDue().value(), now_);
}

}  // namespace
}  // namespace schedulight
