#include "mail/mail_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "mail/mail_queue.h"
#include "support/captured_log.h"

namespace schedulight {
namespace {

using std::chrono_literals::operator""s;
using std::chrono_literals::operator""ms;

// A relay that answers from a script and records what it was given. While
// held, a send waits (as a relay that stalls mid-send) until released, or
// until the worker stops. Thread-safe: lanes run on their own threads.
struct FakeRelay {
  std::mutex mutex;
  std::condition_variable_any changed;
  std::deque<std::expected<void, SendError>> answers;  // empty: accept
  std::vector<std::string> received;                   // recipients, in order
  int sessions = 0;
  bool hold = false;
  int stalled = 0;  // sends waiting while held

  void Hold() {
    std::lock_guard lock(mutex);
    hold = true;
  }
  void Release() {
    {
      std::lock_guard lock(mutex);
      hold = false;
    }
    changed.notify_all();
  }
  // Whether a send is stalled within 5 s.
  bool WaitForAStalledSend() {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 5s, [&] { return stalled > 0; });
  }
  std::size_t Received() {
    std::lock_guard lock(mutex);
    return received.size();
  }
};

// Releases a relay when a test ends, also after a failed ASSERT, so that a
// pass stalled in it can end (declare it after the pass's future).
struct ReleaseAtEnd {
  FakeRelay& relay;
  ~ReleaseAtEnd() { relay.Release(); }
};

class FakeTransport final : public MailTransport {
 public:
  FakeTransport(FakeRelay& relay, std::stop_token stop) : relay_(relay), stop_(std::move(stop)) {
    std::lock_guard lock(relay_.mutex);
    ++relay_.sessions;
  }
  std::expected<void, SendError> Send(const std::string&, const std::string& to,
                                      std::string_view) override {
    std::unique_lock lock(relay_.mutex);
    relay_.received.push_back(to);
    if (relay_.hold) {
      ++relay_.stalled;
      relay_.changed.notify_all();
      relay_.changed.wait(lock, stop_, [&] { return !relay_.hold; });
      --relay_.stalled;
      if (stop_.stop_requested()) return std::unexpected(SendError{.stopped = true});
    }
    if (relay_.answers.empty()) return {};
    auto answer = relay_.answers.front();
    relay_.answers.pop_front();
    return answer;
  }

 private:
  FakeRelay& relay_;
  std::stop_token stop_;
};

class MailWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenStore("sqlite::memory:").value());
    ASSERT_TRUE(store_->Transact([](StoreSession& session) {
      session.PutServer({"bbb", {{"mailServer", "localhost:2525"}, {"mailTLS", "none"}}});
      // A second relay, for the tests of independent lanes.
      session.PutServer({"other", {{"mailServer", "localhost:2526"}, {"mailTLS", "none"}}});
    }));
  }

  std::int64_t Queue(const std::string& to, const std::string& server = "bbb") {
    StoredMail mail;
    mail.kind = "roomShared";
    mail.recipient = to;
    mail.message = {
        {"server", server}, {"from", "zid@example.org"}, {"mime", "Subject: x\r\n\r\nx\r\n"}};
    std::int64_t id = 0;
    EXPECT_TRUE(store_->Transact([&](StoreSession& session) { id = session.AddMail(mail); }));
    return id;
  }

  MailWorker Worker(MailWorkerOptions options = {}, const std::string& id = "worker-1") {
    options.backoff_base = std::chrono::seconds(60);
    return MailWorker(
        *store_, WorkerId{id}, StoreSmtpSettings(*store_, std::nullopt, nullptr),
        [this](const SmtpSettings& settings, std::stop_token stop) {
          FakeRelay& relay = settings.endpoint.url.ends_with(":2526") ? other_relay_ : relay_;
          return std::make_unique<FakeTransport>(relay, std::move(stop));
        },
        options, [this] { return now_.load(); });
  }

  StoredMail Mail(std::int64_t id) { return GetQueueMail(*store_, id).value(); }
  UtcTime Now() const { return now_.load(); }
  void Advance(std::chrono::seconds by) { now_.store(now_.load() + by); }

  // Whether mail id reaches state within 5 s (while a pass runs on another thread).
  bool WaitForState(std::int64_t id, MailState state) {
    for (int i = 0; i < 500; ++i) {
      if (Mail(id).state == state) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  std::unique_ptr<Store> store_;
  FakeRelay relay_;        // server bbb's
  FakeRelay other_relay_;  // server other's
  // The clock of the workers; their threads read it while a test advances it.
  std::atomic<UtcTime> now_ = FromUnixSeconds(1800000000);
};

TEST(MailBackoffTest, DoublesUpToTheCap) {
  MailWorkerOptions options{.backoff_base = std::chrono::seconds(60),
                            .backoff_max = std::chrono::seconds(600)};
  EXPECT_EQ(MailBackoff(1, options).count(), 60);
  EXPECT_EQ(MailBackoff(2, options).count(), 120);
  EXPECT_EQ(MailBackoff(4, options).count(), 480);
  EXPECT_EQ(MailBackoff(5, options).count(), 600);
  EXPECT_EQ(MailBackoff(60, options).count(), 600);
}

TEST_F(MailWorkerTest, SendsEverythingDueOverOneSession) {
  for (int i = 0; i < 250; ++i) Queue("r" + std::to_string(i) + "@example.org");
  MailWorker worker = Worker();
  auto pass = worker.RunPass();
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->sent, 250);
  EXPECT_EQ(relay_.sessions, 1);
  EXPECT_EQ(relay_.received.size(), 250u);
  EXPECT_EQ(ListQueueMails(*store_, MailState::kSent)->size(), 250u);
  EXPECT_EQ(worker.NextDue().value(), std::nullopt);
}

TEST_F(MailWorkerTest, AServersMailDebugLogsItsMailsDecodedWithSecretsMasked) {
  ASSERT_TRUE(store_->Transact([](StoreSession& session) {
    session.PutServer(
        {"bbb", {{"mailServer", "localhost:2525"}, {"mailTLS", "none"}, {"mailDebug", true}}});
  }));
  const std::string mime =
      "Subject: x\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Gr=C3=BC=C3=9Fe: https://bbb.example.org/join?meetingID=3Dm&checksum=3Dabc123\r\n";
  StoredMail debugged;
  debugged.kind = "roomShared";
  debugged.recipient = "anna@example.org";
  debugged.message = {{"server", "bbb"}, {"from", "zid@example.org"}, {"mime", mime}};
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) { session.AddMail(debugged); }));
  Queue("quiet@example.org", "other");  // a server without mailDebug

  testing::CapturedLog log;
  MailWorker worker = Worker();
  ASSERT_TRUE(worker.RunPass());
  const std::string text = log.Text();
  EXPECT_NE(text.find("Grüße: https://bbb.example.org/join?meetingID=m&checksum=***"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("abc123"), std::string::npos) << text;
  EXPECT_EQ(text.find("quiet@example.org via"), std::string::npos) << text;
}

TEST_F(MailWorkerTest, TemporaryFailuresBackOffThenSucceed) {
  const auto id = Queue("anna@example.org");
  relay_.answers = {std::unexpected(SendError{true, "451 try later"}),
                    std::unexpected(SendError{true, "451 try later"})};
  MailWorker worker = Worker();
  EXPECT_EQ(worker.RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).state, MailState::kQueued);
  EXPECT_EQ(Mail(id).attempts, 1);
  EXPECT_EQ(Mail(id).last_error, "451 try later");
  EXPECT_EQ(Mail(id).next_attempt_at, Now() + std::chrono::seconds(60));
  EXPECT_EQ(worker.NextDue().value(), Now() + std::chrono::seconds(60));

  EXPECT_EQ(worker.RunPass()->retrying, 0);  // not due yet: nothing happens
  EXPECT_EQ(relay_.received.size(), 1u);

  Advance(std::chrono::seconds(60));
  EXPECT_EQ(worker.RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).next_attempt_at, Now() + std::chrono::seconds(120));
  Advance(std::chrono::seconds(120));
  EXPECT_EQ(worker.RunPass()->sent, 1);
  EXPECT_EQ(Mail(id).state, MailState::kSent);
  EXPECT_EQ(Mail(id).attempts, 3);
}

TEST_F(MailWorkerTest, GivesUpAfterMaxAttemptsKeepingTheLastError) {
  const auto id = Queue("anna@example.org");
  for (int i = 0; i < 3; ++i)
    relay_.answers.push_back(std::unexpected(SendError{true, "down " + std::to_string(i)}));
  MailWorker worker = Worker({.max_attempts = 3});
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(worker.RunPass());
    Advance(std::chrono::hours(1));
  }
  EXPECT_EQ(Mail(id).state, MailState::kFailed);
  EXPECT_EQ(Mail(id).attempts, 3);
  EXPECT_EQ(Mail(id).last_error, "down 2");
  EXPECT_EQ(relay_.received.size(), 3u);
  EXPECT_EQ(worker.RunPass()->sent, 0);  // failed mails are left alone
}

TEST_F(MailWorkerTest, PermanentFailureFailsAtOnce) {
  const auto id = Queue("nobody@example.org");
  relay_.answers = {std::unexpected(SendError{false, "550 no such user"})};
  auto pass = Worker().RunPass();
  EXPECT_EQ(pass->failed, 1);
  EXPECT_EQ(Mail(id).state, MailState::kFailed);
  EXPECT_EQ(Mail(id).last_error, "550 no such user");
}

TEST_F(MailWorkerTest, UnknownServerIsRetriedNotLost) {
  const auto id = Queue("anna@example.org", "gone");
  auto pass = Worker().RunPass();
  EXPECT_EQ(pass->retrying, 1);
  EXPECT_EQ(Mail(id).state, MailState::kQueued);
  EXPECT_NE(Mail(id).last_error.find("server 'gone'"), std::string::npos);
  EXPECT_EQ(relay_.sessions, 0);
}

TEST_F(MailWorkerTest, DeliveryOffKeepsMailsQueued) {
  const auto id = Queue("anna@example.org");
  auto pass = Worker({.deliver = false}).RunPass();
  EXPECT_EQ(pass->held, 1);
  EXPECT_EQ(relay_.sessions, 0);
  EXPECT_EQ(Mail(id).state, MailState::kQueued);
  EXPECT_EQ(Mail(id).attempts, 0);
}

// A worker that dies (SIGKILL) leaves its claims behind, unreleased, and
// renews them no more. Another worker sends those mails once the claims end:
// within one lease (30 s), not ten minutes later. When the first worker's
// stalled send returns after all, its claim is lost and it writes nothing.
TEST_F(MailWorkerTest, AKilledWorkersMailsGoOutWhenItsLeaseEnds) {
  const auto first = Queue("anna@example.org");
  const auto second = Queue("bert@example.org");
  relay_.Hold();
  // "Killed": it claimed both, stalls in the first send, and neither renews
  // nor claims again.
  MailWorker dead = Worker(
      {.renew_every = std::chrono::hours(1), .look_again_every = std::chrono::hours(1)}, "dead");
  auto dead_pass = std::async(std::launch::async, [&] { return dead.RunPass(); });
  ReleaseAtEnd release_dead{relay_};
  ASSERT_TRUE(relay_.WaitForAStalledSend());
  EXPECT_EQ(Mail(first).claimed_by, "dead");
  EXPECT_EQ(Mail(second).claimed_by, "dead");
  EXPECT_EQ(MailJson(Mail(first), false)["claimed_by"], "dead");  // what `mail show` tells
  EXPECT_EQ(MailJson(Mail(first), false)["claim_until"], FormatUtc(Now() + kClaimLease));

  MailWorker heir = Worker({}, "heir");
  EXPECT_EQ(heir.RunPass()->sent, 0);  // the claims have not ended
  EXPECT_EQ(heir.NextDue().value(), Now() + kClaimLease);
  Advance(kClaimLease - 1s);
  EXPECT_EQ(heir.RunPass()->sent, 0);
  Advance(1s);
  std::thread release_later([&] {
    // Still held while the heir's pass starts: its own sends stall too, so
    // let them through once it has claimed.
    std::this_thread::sleep_for(200ms);
    relay_.Release();
  });
  auto pass = heir.RunPass();
  release_later.join();
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->sent, 2);
  for (auto id : {first, second}) {
    EXPECT_EQ(Mail(id).state, MailState::kSent);
    EXPECT_EQ(Mail(id).attempts, 1);
    EXPECT_FALSE(Mail(id).claimed_by);
  }

  // The dead worker's send comes back: its claim is gone, nothing is written.
  auto dead_result = dead_pass.get();
  ASSERT_TRUE(dead_result);
  EXPECT_EQ(Mail(first).attempts, 1);
  EXPECT_EQ(Mail(first).state, MailState::kSent);
  EXPECT_FALSE(Mail(first).claimed_by);
}

// A send that stalls for longer than the lease keeps its claim: the pass
// renews it on its own thread, whatever the send does.
TEST_F(MailWorkerTest, ClaimsAreRenewedWhileASendStalls) {
  const auto id = Queue("anna@example.org");
  relay_.Hold();
  MailWorker worker = Worker({.renew_every = 10ms});
  auto pass = std::async(std::launch::async, [&] { return worker.RunPass(); });
  ReleaseAtEnd release{relay_};
  ASSERT_TRUE(relay_.WaitForAStalledSend());
  for (int round = 0; round < 4; ++round) {  // four times 25 s: more than three leases
    Advance(25s);
    bool renewed = false;
    for (int i = 0; i < 500 && !renewed; ++i) {
      renewed = Mail(id).claim_until == Now() + kClaimLease;
      if (!renewed) std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(renewed) << "round " << round;
    std::vector<StoredMail> taken;
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      taken = session.ClaimDueMails(Now(), WorkerId{"rival"}, kClaimLease, 10);
    }));
    EXPECT_TRUE(taken.empty()) << "a rival took the mail while it was being sent";
  }
  relay_.Release();
  ASSERT_TRUE(pass.get());
  EXPECT_EQ(Mail(id).state, MailState::kSent);
  EXPECT_EQ(relay_.Received(), 1u);
  EXPECT_FALSE(Mail(id).claimed_by);
}

// Relay A stalls in the middle of a send. A mail for relay B queued while
// it stalls goes out at once: the lanes of one pass do not wait for each
// other (no barrier at the end of a batch).
TEST_F(MailWorkerTest, AMailForAnotherRelayDoesNotWaitForAStalledOne) {
  const auto a = Queue("anna@example.org", "other");
  other_relay_.Hold();
  MailWorker worker = Worker({.look_again_every = 20ms});
  auto pass = std::async(std::launch::async, [&] { return worker.RunPass(); });
  ReleaseAtEnd release{other_relay_};
  ASSERT_TRUE(other_relay_.WaitForAStalledSend());
  const auto b = Queue("bert@example.org", "bbb");
  EXPECT_TRUE(WaitForState(b, MailState::kSent)) << "B's mail waited for A's stalled send";
  EXPECT_EQ(Mail(a).state, MailState::kQueued);
  other_relay_.Release();
  auto result = pass.get();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->sent, 2);
  EXPECT_EQ(Mail(a).state, MailState::kSent);
}

// A stop hands back what was claimed and not sent: due at once, attempts unchanged.
TEST_F(MailWorkerTest, AStopReleasesTheClaimedMails) {
  const auto first = Queue("anna@example.org");
  const auto second = Queue("bert@example.org");
  relay_.Hold();
  MailWorker worker = Worker();
  std::stop_source stop;
  auto pass = std::async(std::launch::async, [&] { return worker.RunPass(stop.get_token()); });
  ReleaseAtEnd release{relay_};
  ASSERT_TRUE(relay_.WaitForAStalledSend());
  stop.request_stop();
  ASSERT_TRUE(pass.get());
  for (auto id : {first, second}) {
    const StoredMail mail = Mail(id);
    EXPECT_EQ(mail.state, MailState::kQueued);
    EXPECT_EQ(mail.attempts, 0);
    EXPECT_FALSE(mail.claimed_by);
    EXPECT_FALSE(mail.next_attempt_at);
  }
  EXPECT_LE(worker.NextDue().value(), Now());
}

TEST_F(MailWorkerTest, QueueOperations) {
  const auto a = Queue("a@example.org");
  const auto b = Queue("b@example.org");
  relay_.answers = {std::unexpected(SendError{false, "550 no"})};
  ASSERT_TRUE(Worker().RunPass());
  EXPECT_EQ(Mail(a).state, MailState::kFailed);
  EXPECT_EQ(Mail(b).state, MailState::kSent);

  EXPECT_EQ(RetryQueueMail(*store_, b, Now()).error().kind, MailQueueError::Kind::kConflict);
  EXPECT_EQ(RetryQueueMail(*store_, 999, Now()).error().kind, MailQueueError::Kind::kNotFound);
  auto retried = RetryQueueMail(*store_, a, Now());
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->state, MailState::kQueued);
  EXPECT_EQ(retried->attempts, 0);
  EXPECT_EQ(retried->last_error, "550 no");  // kept for reference
  EXPECT_EQ(Worker().RunPass()->sent, 1);

  const nlohmann::json json = MailJson(Mail(a), true);
  EXPECT_EQ(json["state"], "sent");
  EXPECT_EQ(json["server"], "bbb");
  EXPECT_EQ(json["message"], "Subject: x\r\n\r\nx\r\n");

  EXPECT_EQ(PurgeQueueMails(*store_, MailState::kSent).value(), 2);
  EXPECT_EQ(ListQueueMails(*store_, std::nullopt)->size(), 0u);
  const auto c = Queue("c@example.org");
  EXPECT_TRUE(DeleteQueueMail(*store_, c));
  EXPECT_EQ(DeleteQueueMail(*store_, c).error().kind, MailQueueError::Kind::kNotFound);
}

}  // namespace
}  // namespace schedulight
