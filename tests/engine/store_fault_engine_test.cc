// The meeting scheduler on a store whose disk is full: as a daemon runs it
// (Run on its own thread, the real clock), against the BBB simulator (a
// server without Greenlight). A result that cannot be stored must not make the
// meeting run again and again (BBB creates, log lines); once the disk has
// room, every meeting proceeds, each created once.

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "admin/apply.h"
#include "engine/meeting_scheduler.h"
#include "sim_server.h"
#include "support/small_disk.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "store-fault-secret";
constexpr int kMeetings = 10;

// Counts the error lines logged while it is installed.
class ErrorCounter : public spdlog::sinks::base_sink<std::mutex> {
 public:
  int count() const { return count_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    if (message.level >= spdlog::level::err) ++count_;
  }
  void flush_() override {}

 private:
  std::atomic<int> count_{0};
};

TEST(StoreFaultEngineTest, AFullDiskPausesMeetingsInsteadOfRerunningThem) {
  testing::SmallDisk disk("engine");
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  sim::SimServer sim(sim::SimServerOptions{.secret = kSecret});
  ASSERT_TRUE(sim.Start());
  auto config = ParseAppConfig("timezone: Europe/Vienna\n", "test");
  ASSERT_TRUE(config);
  auto opened = OpenStore("sqlite:" + (disk.path() / "state.db").string());
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;

  std::ostringstream yaml;
  yaml << "servers:\n  bbb:\n    BBB_URL: " << sim.base_url() << "\n    BBB_SECRET: " << kSecret
       << "\n    send_emails: false\n    greenlight: false\nmeetings:\n";
  for (int i = 0; i < kMeetings; ++i) {
    yaml << "  m" << i << ":\n    meetingName: Meeting " << i << "\n    meetingUID: room-" << i
         << "\n    owner: {email: owner" << i << "@example.org, fullName: Owner " << i << "}\n";
  }
  auto applied = ApplyDataText(yaml.str(), "test.yml", {}, *config, store, SystemNow());
  ASSERT_TRUE(applied) << applied.error().messages.front();

  auto errors = std::make_shared<ErrorCounter>();
  spdlog::default_logger()->sinks().push_back(errors);  // before any thread logs
  auto scheduler = MeetingScheduler::Create(store, *config, WorkerId{"fault-test"},
                                            {.poll_interval = 300s, .retry_after = 300s});
  ASSERT_TRUE(scheduler) << scheduler.error();

  disk.Fill();
  std::jthread running([&](std::stop_token stop) { (*scheduler)->Run(stop); });
  std::this_thread::sleep_for(8s);
  const int creates_full = sim.TotalCalls("create");
  const int errors_full = errors->count();
  const bool healthy_full = store.Health().healthy;
  std::cout << "disk full, 8 s, " << kMeetings << " meetings: " << creates_full << " BBB creates, "
            << errors_full << " error lines\n";

  disk.Free();
  // Resumes within the pause (at most 16 s after 8 s of failures), then runs every meeting.
  int stored = 0;
  for (int i = 0; i < 300 && stored < kMeetings; ++i) {
    std::this_thread::sleep_for(100ms);
    stored = 0;
    auto read = store.Transact([&](StoreSession& session) {
      for (const auto& meeting : session.ListMeetings()) {
        if (meeting.next_due_at && *meeting.next_due_at > SystemNow()) ++stored;
      }
    });
    if (!read) stored = 0;
  }
  running.request_stop();
  running.join();
  scheduler->reset();
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), errors), sinks.end());

  // While the disk was full: at most the meeting in hand when the first write
  // failed was created; nothing was run twice.
  EXPECT_LE(creates_full, 1);
  EXPECT_LE(errors_full, 15);
  EXPECT_FALSE(healthy_full);
  // Then: every meeting proceeded, each created exactly once.
  EXPECT_EQ(stored, kMeetings);
  EXPECT_TRUE(store.Health().healthy);
  EXPECT_EQ(sim.TotalCalls("create"), kMeetings);
}

}  // namespace
}  // namespace schedulight
