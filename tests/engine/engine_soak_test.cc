// A bounded soak of the engine's ownership rules: 1,000 start-now meetings,
// the daemon (`schedulight run --only api,meetings`) killed with SIGKILL
// three times while an admin disables, re-enables and edits meetings from
// another process (as the CLI does). At the end every meeting is in the
// state its last admin action asked for, no BBB create happened for a
// meeting after its disable returned, and nothing was done twice beyond the
// one step a kill can cut short.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "admin/apply.h"
#include "admin/meeting_admin.h"
#include "admin/meeting_write.h"
#include "api/daemon_process.h"
#include "sim_server.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "soak-secret";
constexpr int kMeetings = 1000;
constexpr int kKills = 3;

std::string Id(int i) { return "m" + std::to_string(i); }
std::string BbbId(const std::string& id) { return "schedulight-" + id; }

TEST(EngineSoakTest, KillsAndAdminEditsLeaveEveryMeetingAsTheLastEditSaid) {
  sim::SimServer sim(sim::SimServerOptions{.secret = kSecret});
  ASSERT_TRUE(sim.Start());
  sim.AddFault({.call = "create", .type = sim::FaultType::kLatency, .latency = 3ms});
  testing::DaemonProcess daemon("soak");
  auto opened = OpenStore(daemon.store_url());
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  auto config = ParseAppConfig("timezone: Europe/Vienna\n", "soak");
  ASSERT_TRUE(config);

  std::ostringstream yaml;
  yaml << "servers:\n  bbb:\n    BBB_URL: " << sim.base_url() << "\n    BBB_SECRET: " << kSecret
       << "\n    send_emails: false\n    greenlight: false\nmeetings:\n";
  for (int i = 0; i < kMeetings; ++i) {
    yaml << "  " << Id(i) << ":\n    meetingName: Soak " << i << "\n    owner: {email: o" << i
         << "@example.org, fullName: Owner}\n";
  }
  auto applied = ApplyDataText(yaml.str(), "soak.yml", {}, *config, store, SystemNow());
  ASSERT_TRUE(applied) << applied.error().messages.front();
  const auto soak_started = std::chrono::steady_clock::now();
  ASSERT_TRUE(daemon.Start({"--only", "api,meetings"})) << daemon.Stderr();

  // The admin, from another process's point of view: its own store connection.
  std::map<std::string, int> creates_when_disabled;  // last disable, BBB creates then
  std::set<std::string> enabled_again, edited;
  std::thread admin([&] {
    std::mt19937 random(42);
    std::vector<int> order(kMeetings);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), random);
    for (int n = 0; n < 150; ++n) {
      const std::string id = Id(order[n]);
      if (DisableMeeting(store, id, SystemNow())) {
        creates_when_disabled[id] = sim.CallCount("create", BbbId(id));
      }
      if (n % 3 == 0 && EnableMeeting(store, id, SystemNow())) {
        creates_when_disabled.erase(id);
        enabled_again.insert(id);
      }
      if (n % 5 == 0) {
        const std::string other = Id(order[kMeetings - 1 - n]);
        nlohmann::json document = {
            {"meetingName", "Soak edited " + other},
            {"owner", {{"email", "edited@example.org"}, {"fullName", "Edited"}}}};
        if (PutMeetingDocument(store, *config, other, document, true, SystemNow())) {
          edited.insert(other);
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(random() % 20));
    }
  });
  for (int kill = 0; kill < kKills; ++kill) {
    std::this_thread::sleep_for(1500ms);
    ASSERT_TRUE(daemon.Stop(SIGKILL, 5s));
    ASSERT_TRUE(daemon.Start({"--only", "api,meetings"})) << daemon.Stderr();
  }
  admin.join();

  // Every meeting not disabled at the end gets started.
  auto last_codes = [&] {
    std::map<std::string, int> codes;
    EXPECT_TRUE(store.Read([&](StoreSession& s) {
      for (int i = 0; i < kMeetings; ++i) {
        if (auto entry = s.LatestStatus(Id(i), "status")) codes[Id(i)] = entry->code;
      }
    }));
    return codes;
  };
  std::map<std::string, int> codes;
  const auto deadline = std::chrono::steady_clock::now() + 90s;
  while (std::chrono::steady_clock::now() < deadline) {
    codes = last_codes();
    int settled = 0;
    for (const auto& [id, code] : codes) {
      if (code == status_code::kDisabled || code == status_code::kStartedNobodyJoined) ++settled;
    }
    if (settled == kMeetings) break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(daemon.Stop(SIGTERM, 10s), 0) << daemon.Stderr();

  // A started meeting nobody joined is created again every poll interval
  // (30 s) to keep it open: on a slow machine the soak lasts long enough for
  // that, and those creates are not repeats.
  const int polls = static_cast<int>((std::chrono::steady_clock::now() - soak_started) / 30s);
  int extra_creates = 0;
  for (int i = 0; i < kMeetings; ++i) {
    const std::string id = Id(i);
    const int creates = sim.CallCount("create", BbbId(id));
    if (auto disabled = creates_when_disabled.find(id); disabled != creates_when_disabled.end()) {
      EXPECT_EQ(codes[id], status_code::kDisabled) << id;
      EXPECT_EQ(creates, disabled->second) << id << ": a BBB create after its disable returned";
      continue;
    }
    EXPECT_EQ(codes[id], status_code::kStartedNobodyJoined) << id;
    // Started once; once more if it was enabled again after a disable, or
    // edited while a pass ran (the pass stops uncommitted after its create and
    // the meeting is planned again from the edit: a harmless second create).
    const int allowed =
        1 + (enabled_again.contains(id) ? 1 : 0) + (edited.contains(id) ? 1 : 0) + polls;
    EXPECT_GE(creates, 1) << id;
    if (creates > allowed) {
      std::cout << id << ": " << creates << " creates, " << allowed << " expected\n";
      extra_creates += creates - allowed;
    }
  }
  // A kill can cut one create short (the lane's step in hand): done again.
  EXPECT_LE(extra_creates, kKills);
  ASSERT_TRUE(store.Read([&](StoreSession& s) {
    for (const auto& id : edited) {
      EXPECT_EQ(s.FindMeeting(id)->document["meetingName"], "Soak edited " + id);
    }
    for (const auto& meeting : s.ListMeetings()) EXPECT_FALSE(meeting.claimed_by) << meeting.id;
  }));
  std::cout << "soak: " << kMeetings << " meetings, " << kKills << " kills, "
            << creates_when_disabled.size() << " disabled, " << enabled_again.size()
            << " enabled again, " << edited.size() << " edited, " << sim.TotalCalls("create")
            << " creates, " << polls << " poll interval(s), " << extra_creates
            << " repeated by a kill\n";
}

}  // namespace
}  // namespace schedulight
