#include "mail/mail_worker.h"

#include <gtest/gtest.h>

#include <deque>

#include "mail/mail_queue.h"

namespace schedulight {
namespace {

// A relay that answers from a script and records what it was given.
struct FakeRelay {
  std::deque<std::expected<void, SendError>> answers;  // empty: accept
  std::vector<std::string> received;                   // recipients, in order
  int sessions = 0;
};

class FakeTransport final : public MailTransport {
 public:
  explicit FakeTransport(FakeRelay& relay) : relay_(relay) { ++relay_.sessions; }
  std::expected<void, SendError> Send(const std::string&, const std::string& to,
                                      std::string_view) override {
    relay_.received.push_back(to);
    if (relay_.answers.empty()) return {};
    auto answer = relay_.answers.front();
    relay_.answers.pop_front();
    return answer;
  }

 private:
  FakeRelay& relay_;
};

class MailWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenStore("sqlite::memory:").value());
    ASSERT_TRUE(store_->Transact([](StoreSession& session) {
      session.PutServer({"bbb", {{"mailServer", "localhost:2525"}, {"mailTLS", "none"}}});
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

  MailWorker Worker(MailWorkerOptions options = {}) {
    options.backoff_base = std::chrono::seconds(60);
    return MailWorker(
        *store_, StoreSmtpSettings(*store_, std::nullopt, nullptr),
        [this](const SmtpSettings&, std::stop_token) {
          return std::make_unique<FakeTransport>(relay_);
        },
        options, [this] { return now_; });
  }

  StoredMail Mail(std::int64_t id) { return GetQueueMail(*store_, id).value(); }

  std::unique_ptr<Store> store_;
  FakeRelay relay_;
  UtcTime now_ = FromUnixSeconds(1800000000);
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

TEST_F(MailWorkerTest, TemporaryFailuresBackOffThenSucceed) {
  const auto id = Queue("anna@example.org");
  relay_.answers = {std::unexpected(SendError{true, "451 try later"}),
                    std::unexpected(SendError{true, "451 try later"})};
  MailWorker worker = Worker();
  EXPECT_EQ(worker.RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).state, MailState::kQueued);
  EXPECT_EQ(Mail(id).attempts, 1);
  EXPECT_EQ(Mail(id).last_error, "451 try later");
  EXPECT_EQ(Mail(id).next_attempt_at, now_ + std::chrono::seconds(60));
  EXPECT_EQ(worker.NextDue().value(), now_ + std::chrono::seconds(60));

  EXPECT_EQ(worker.RunPass()->retrying, 0);  // not due yet: nothing happens
  EXPECT_EQ(relay_.received.size(), 1u);

  now_ += std::chrono::seconds(60);
  EXPECT_EQ(worker.RunPass()->retrying, 1);
  EXPECT_EQ(Mail(id).next_attempt_at, now_ + std::chrono::seconds(120));
  now_ += std::chrono::seconds(120);
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
    now_ += std::chrono::hours(1);
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

TEST_F(MailWorkerTest, ClaimedMailsAreLeasedSoACrashOnlyDelaysThem) {
  const auto id = Queue("anna@example.org");
  // What a worker that crashed right after claiming leaves behind.
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    auto due = session.DueMails(now_, 10);
    ASSERT_EQ(due.size(), 1u);
    due[0].next_attempt_at = now_ + std::chrono::minutes(10);
    session.UpdateMail(due[0]);
  }));
  MailWorker worker = Worker();
  EXPECT_EQ(worker.RunPass()->sent, 0);
  now_ += std::chrono::minutes(10);
  EXPECT_EQ(worker.RunPass()->sent, 1);
  EXPECT_EQ(Mail(id).state, MailState::kSent);
}

TEST_F(MailWorkerTest, QueueOperations) {
  const auto a = Queue("a@example.org");
  const auto b = Queue("b@example.org");
  relay_.answers = {std::unexpected(SendError{false, "550 no"})};
  ASSERT_TRUE(Worker().RunPass());
  EXPECT_EQ(Mail(a).state, MailState::kFailed);
  EXPECT_EQ(Mail(b).state, MailState::kSent);

  EXPECT_EQ(RetryQueueMail(*store_, b, now_).error().kind, MailQueueError::Kind::kConflict);
  EXPECT_EQ(RetryQueueMail(*store_, 999, now_).error().kind, MailQueueError::Kind::kNotFound);
  auto retried = RetryQueueMail(*store_, a, now_);
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
