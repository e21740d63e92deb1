// The meeting engine end to end, on a fake clock: the scheduler's lanes'
// work (ProcessDue) against the BBB simulator over loopback HTTP and a real
// PostgreSQL with the Greenlight v2 and v3 schemas. Checked through the
// simulator's received create parameters, the Greenlight rows, the mail
// queue and the status histories.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "admin/apply.h"
#include "engine/meeting_scheduler.h"
#include "sim_server.h"
#include "support/captured_log.h"
#include "test_database.h"

namespace schedulight {
namespace {

using namespace std::chrono_literals;
using testing::Inspector;

constexpr const char* kSecret = "engine-test-secret";
const WorkerId kWorker{"engine-test"};

UtcTime Utc(const char* iso) { return *ParseStartDate(iso, FindTimeZone("UTC")); }

std::string ParamOf(const QueryParams& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return "<missing>";
}

class MeetingEngineTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    try {
      database_ = testing::FreshGreenlightDatabase(GetParam());
    } catch (const std::exception& e) {
      FAIL() << "no test database: " << e.what();
    }
    inspector_ = std::make_unique<Inspector>(database_);
    sim_ = std::make_unique<sim::SimServer>(sim::SimServerOptions{
        .secret = kSecret,
        .bbb = {.now_ms = [this] { return ToUnixSeconds(now_) * 1000; }, .seed = 7}});
    ASSERT_TRUE(sim_->Start());
    stream_log_ = std::filesystem::temp_directory_path() /
                  ("schedulight-stream-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(stream_log_);
    auto config = ParseAppConfig(
        "timezone: Europe/Vienna\n"
        "streaming:\n"
        "  start: [sh, -c, 'echo start {streamerHost} >> " +
            stream_log_.string() +
            "']\n"
            "  stop: [sh, -c, 'echo stop {streamerHost} >> " +
            stream_log_.string() + "']\n",
        "test");
    ASSERT_TRUE(config) << config.error().front();
    config_ = *config;
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store);
    store_ = std::move(*store);
  }

  void TearDown() override {
    scheduler_.reset();
    std::filesystem::remove(stream_log_);
  }

  // The data file's servers block pointing at the simulator and the test database.
  std::string ServerYaml(bool send_emails = false) {
    return "servers:\n" + ServerEntry("bbb", *sim_, send_emails);
  }

  std::string ServerEntry(const std::string& id, sim::SimServer& sim, bool send_emails = false) {
    std::ostringstream yaml;
    yaml << "  " << id << ":\n    BBB_URL: " << sim.base_url() << "\n    BBB_SECRET: " << kSecret
         << "\n    link_base: https://gl.example.org/" << (GetParam() == 2 ? "b" : "rooms")
         << "\n    send_emails: " << (send_emails ? "true" : "false")
         << "\n    mailFrom: noreply@example.org\n    greenlight:\n      version: " << GetParam()
         << "\n      database: " << database_ << "\n";
    return yaml.str();
  }

  void Apply(const std::string& yaml) {
    auto applied = ApplyDataText(yaml, "test.yml", {}, config_, *store_, now_);
    ASSERT_TRUE(applied) << applied.error().messages.front();
  }

  MeetingScheduler& Scheduler() {
    if (!scheduler_) {
      auto created =
          MeetingScheduler::Create(*store_, config_, kWorker, {}, {}, [this] { return now_; });
      EXPECT_TRUE(created) << created.error();
      scheduler_ = std::move(*created);
    }
    return *scheduler_;
  }

  // Runs the scheduler at `at` (processing whatever is due then).
  std::size_t RunAt(UtcTime at) {
    now_ = at;
    return Scheduler().ProcessDue(now_);
  }

  // "code message" of a step's latest entry, or "-".
  std::string Status(const std::string& meeting, const std::string& step) {
    std::string text = "-";
    EXPECT_TRUE(store_->Transact([&](StoreSession& s) {
      if (auto entry = s.LatestStatus(meeting, step)) {
        text = std::to_string(entry->code) + " " + entry->message;
      }
    }));
    return text;
  }

  StatusHistory History(const std::string& meeting) {
    StatusHistory history;
    EXPECT_TRUE(store_->Transact([&](StoreSession& s) { history = s.MeetingStatus(meeting); }));
    return history;
  }

  std::optional<UtcTime> NextDue(const std::string& meeting) {
    std::optional<UtcTime> next;
    EXPECT_TRUE(
        store_->Transact([&](StoreSession& s) { next = s.FindMeeting(meeting)->next_due_at; }));
    return next;
  }

  std::string RoomMeetingId(const std::string& uid) {
    return inspector_
        ->Value(GetParam() == 2 ? "SELECT bbb_id FROM rooms WHERE uid = $1"
                                : "SELECT meeting_id FROM rooms WHERE friendly_id = $1",
                uid)
        .value_or("");
  }

  std::string StreamLog() {
    std::ifstream in(stream_log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  UtcTime now_ = Utc("2026-12-01T06:00:00Z");
  std::string database_;
  std::unique_ptr<Inspector> inspector_;
  std::unique_ptr<sim::SimServer> sim_;
  std::filesystem::path stream_log_;
  AppConfig config_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<MeetingScheduler> scheduler_;
};

INSTANTIATE_TEST_SUITE_P(Greenlight, MeetingEngineTest, ::testing::Values(2, 3),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

TEST_P(MeetingEngineTest, MeetingWithoutStartDateIsSetUpAndStartedNow) {
  Apply(ServerYaml() + R"(
meetings:
  now:
    meetingName: Sprechstunde Müller
    meetingUID: sprechstunde
    owner: {email: Anna.Mueller@Example.org, fullName: Anna Müller}
    welcome: Hallo!
    muteOnStart: true
    maxParticipants: 25
    createParams: {meta_course: MAT101}
)");
  EXPECT_EQ(RunAt(now_), 1u);

  // Greenlight: owner and room exist as Greenlight would have them.
  EXPECT_EQ(
      inspector_->Count("SELECT count(*) FROM users WHERE email = 'anna.mueller@example.org'"), 1);
  const std::string meeting_id = RoomMeetingId("sprechstunde");
  ASSERT_FALSE(meeting_id.empty());

  // BBB: created with the room's meeting id and the meeting's parameters.
  auto params = sim_->bbb().CreateParams(meeting_id);
  ASSERT_TRUE(params);
  EXPECT_EQ(ParamOf(*params, "name"), "Sprechstunde Müller");
  EXPECT_EQ(ParamOf(*params, "welcome"), "Hallo!");
  EXPECT_EQ(ParamOf(*params, "muteOnStart"), "true");
  EXPECT_EQ(ParamOf(*params, "maxParticipants"), "25");
  EXPECT_EQ(ParamOf(*params, "meta_course"), "MAT101");
  if (GetParam() == 2) {
    // Same passwords as the room, so Greenlight's own join links keep working.
    EXPECT_EQ(ParamOf(*params, "moderatorPW"),
              inspector_->Value("SELECT moderator_pw FROM rooms WHERE uid = 'sprechstunde'"));
  } else {
    EXPECT_EQ(ParamOf(*params, "moderatorPW"), "<missing>");
    EXPECT_EQ(ParamOf(*params, "meta_endCallbackUrl"), "https://gl.example.org/meeting_ended");
    EXPECT_EQ(
        inspector_->Value("SELECT online::text FROM rooms WHERE friendly_id = 'sprechstunde'"),
        "true");
  }
  // last_session = BBB's createTime, to the millisecond.
  const std::string table_uid = GetParam() == 2 ? "uid" : "friendly_id";
  EXPECT_EQ(inspector_->Value("SELECT floor(extract(epoch FROM last_session) * 1000)::bigint::text "
                              "FROM rooms WHERE " +
                              table_uid + " = 'sprechstunde'"),
            std::to_string(ToUnixSeconds(now_) * 1000));

  EXPECT_EQ(Status("now", "status"), "210 meeting started, no users joined yet");
  EXPECT_EQ(NextDue("now"), now_ + 30s);  // polled until somebody joins

  // Somebody joins: the next poll sees it and the meeting is done (220).
  ASSERT_TRUE(sim_->bbb().AddAttendee(meeting_id, "Gast", "VIEWER", std::nullopt));
  RunAt(now_ + 30s);
  EXPECT_EQ(Status("now", "status"), "220 meeting started, users joined");
  EXPECT_FALSE(NextDue("now"));
  EXPECT_EQ(sim_->CallCount("create", meeting_id), 2);  // the first start and the poll
}

TEST_P(MeetingEngineTest, ScheduledMeetingPreOpensStartsOnTimeAndEnds) {
  Apply(ServerYaml() + R"(
meetings:
  lecture:
    meetingName: Vorlesung
    meetingUID: vorlesung
    owner: {email: prof@example.org, fullName: Prof}
    startDate: 2026-12-01 10:00
    preOpenMinutes: 30
    preStartMinutes: 5
    endAfterMinutes: 60
    bannerText: Beginn __startDate__
)");
  // 10:00 Vienna = 09:00Z: open 08:25Z, start 08:55Z, end 10:00Z.
  RunAt(Utc("2026-12-01T06:00:00Z"));
  EXPECT_EQ(Status("lecture", "status"), "201 waiting for startDate 2026-12-01 10:00");
  EXPECT_EQ(NextDue("lecture"), Utc("2026-12-01T08:25:00Z"));
  const std::string meeting_id = RoomMeetingId("vorlesung");
  EXPECT_EQ(sim_->TotalCalls("create"), 0);

  EXPECT_EQ(RunAt(Utc("2026-12-01T08:24:59Z")), 0u);  // nothing due a second early
  RunAt(Utc("2026-12-01T08:25:00Z"));
  EXPECT_EQ(Status("lecture", "preOpen"), "220 meeting opened");
  auto params = sim_->bbb().CreateParams(meeting_id);
  ASSERT_TRUE(params);
  EXPECT_EQ(ParamOf(*params, "bannerText"), "Beginn 2026-12-01 10:00");

  ASSERT_TRUE(sim_->bbb().AddAttendee(meeting_id, "Früher Gast", "VIEWER", std::nullopt));
  RunAt(Utc("2026-12-01T08:55:00Z"));
  EXPECT_EQ(Status("lecture", "status"), "220 meeting started, users joined");
  EXPECT_EQ(NextDue("lecture"), Utc("2026-12-01T10:00:00Z"));

  RunAt(Utc("2026-12-01T10:00:00Z"));
  EXPECT_EQ(Status("lecture", "endMeeting"), "220 closed meeting");
  // The status code stays 220 (an entry is added only when the code changes).
  EXPECT_EQ(Status("lecture", "status"), "220 meeting started, users joined");
  EXPECT_EQ(sim_->TotalCalls("end"), 2);  // pre-open's reset (nothing ran) and the end
  EXPECT_FALSE(sim_->bbb().CreateParams(meeting_id).has_value() &&
               sim_->bbb().AddAttendee(meeting_id, "Spät", "VIEWER", std::nullopt).has_value());
  EXPECT_FALSE(NextDue("lecture"));
}

TEST_P(MeetingEngineTest, PreOpenEndsARunningInstanceOnceSoNewParametersApply) {
  Apply(ServerYaml() + R"(
meetings:
  talk:
    meetingName: Vortrag
    meetingUID: vortrag
    owner: {email: prof@example.org, fullName: Prof}
    startDate: 2026-12-01T10:00:00Z
    preOpenMinutes: 60
    welcome: neu
)");
  RunAt(Utc("2026-12-01T08:00:00Z"));  // creates owner and room, waits
  const std::string meeting_id = RoomMeetingId("vortrag");
  // Someone started the room from Greenlight with old parameters, and is in it.
  now_ = Utc("2026-12-01T08:59:00Z");
  auto client = BbbClient::Create({.bbb_url = sim_->base_url(), .secret = kSecret});
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->CreateMeeting(
      {.meeting_id = meeting_id, .name = "alt", .extra = {{"welcome", "alt"}}}));
  ASSERT_TRUE(sim_->bbb().AddAttendee(meeting_id, "Früh", "MODERATOR", std::nullopt));

  RunAt(Utc("2026-12-01T09:00:00Z"));
  EXPECT_EQ(Status("talk", "preOpen"),
            "220 closed the running meeting so new parameters apply, then opened it");
  EXPECT_EQ(ParamOf(*sim_->bbb().CreateParams(meeting_id), "welcome"), "neu");
  // v2 tries the room's moderator password first; the outside create used
  // others, so it ends the meeting with the running meeting's own.
  const int ends = GetParam() == 2 ? 2 : 1;
  EXPECT_EQ(sim_->TotalCalls("end"), ends);
  RunAt(Utc("2026-12-01T09:00:30Z"));  // keeps it open, never ends it again
  EXPECT_EQ(sim_->TotalCalls("end"), ends);
}

TEST_P(MeetingEngineTest, RestartChangesNothingAlreadyDone) {
  Apply(ServerYaml(true) + R"(
meetings:
  m:
    meetingName: Neustart
    meetingUID: neustart
    owner: {email: owner@example.org, fullName: Owner}
    shareWith: {tutor@example.org: Tutor}
)");
  RunAt(now_);
  const std::string meeting_id = RoomMeetingId("neustart");
  ASSERT_TRUE(sim_->bbb().AddAttendee(meeting_id, "Gast", "VIEWER", std::nullopt));
  RunAt(now_ + 30s);
  ASSERT_EQ(Status("m", "status"), "220 meeting started, users joined");
  const StatusHistory before = History("m");
  const int creates = sim_->TotalCalls("create");
  const long mails = [&] {
    long count = 0;
    EXPECT_TRUE(store_->Transact(
        [&](StoreSession& s) { count = static_cast<long>(s.ListMails(std::nullopt).size()); }));
    return count;
  }();
  EXPECT_EQ(mails, 3);  // owner info, owner started, share mail

  // A new process: fresh scheduler, and the meeting due again (as after a crash mid-step).
  scheduler_.reset();
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) { s.TouchMeeting("m", now_); }));
  RunAt(now_ + 60s);
  const StatusHistory after = History("m");
  EXPECT_EQ(after.size(), before.size());
  for (const auto& [step, entries] : before)
    EXPECT_EQ(after.at(step).size(), entries.size()) << step;
  EXPECT_EQ(sim_->TotalCalls("create"), creates);
  EXPECT_EQ(inspector_->Count("SELECT count(*) FROM shared_accesses"), 1);
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) {
    EXPECT_EQ(static_cast<long>(s.ListMails(std::nullopt).size()), mails);
  }));
}

TEST_P(MeetingEngineTest, SharingAndMailsFollowTheSwitches) {
  Apply(ServerYaml(true) + R"(
meetings:
  m:
    meetingName: Seminar
    meetingUID: seminar
    owner: {email: owner@example.org, fullName: Owner}
    startDate: 2026-12-01T10:00:00Z
    preOpenMinutes: 0
    shareWith:
      co@example.org: {fullName: Co Host}
      quiet@example.org: {send_emails: false}
    sendInvitationLink: {guest@example.org: Guest}
    sendModeratorLink: {mod@example.org: Moderatorin}
)");
  RunAt(Utc("2026-12-01T06:00:00Z"));
  EXPECT_EQ(Status("m", "shareWith_co@example.org"), "220 room shared");
  EXPECT_EQ(Status("m", "shareWith_quiet@example.org"), "220 room shared");
  EXPECT_EQ(Status("m", "shareWith_co@example.org_sendShareMail"), "250 mail queued");
  EXPECT_EQ(Status("m", "shareWith_quiet@example.org_sendShareMail"),
            "260 skipped: send_emails is off");
  EXPECT_EQ(Status("m", "sendInvitationLink_guest@example.org"), "250 mail queued");
  EXPECT_EQ(Status("m", "sendModeratorLink_mod@example.org"), "250 mail queued");
  EXPECT_EQ(Status("m", "owner_infoMailSent"), "250 mail queued");
  EXPECT_EQ(
      inspector_->Count(
          "SELECT count(*) FROM users WHERE email IN ('co@example.org', 'quiet@example.org')"),
      2);
  EXPECT_EQ(inspector_->Count("SELECT count(*) FROM shared_accesses"), 2);

  std::vector<StoredMail> mails;
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) { mails = s.ListMails(std::nullopt); }));
  std::map<std::string, std::string> kind_by_recipient;
  for (const auto& mail : mails) kind_by_recipient[mail.recipient] = mail.kind;
  EXPECT_EQ(kind_by_recipient["co@example.org"], "meetingShareInfo");
  EXPECT_EQ(kind_by_recipient["guest@example.org"], "meetingInvitationInfo");
  EXPECT_EQ(kind_by_recipient["mod@example.org"], "meetingModeratorInfo");
  EXPECT_EQ(kind_by_recipient["owner@example.org"], "meetingOwnerInfo");
  EXPECT_FALSE(kind_by_recipient.contains("quiet@example.org"));
  for (const auto& mail : mails) {
    if (mail.kind == "meetingModeratorInfo") {
      // A direct moderator join link, for that person only.
      EXPECT_NE(mail.message["mime"].get<std::string>().find("join?"), std::string::npos);
    }
  }
}

TEST_P(MeetingEngineTest, BbbDownThenBackIsRetried) {
  Apply(ServerYaml() + R"(
meetings:
  m:
    meetingName: Ausfall
    meetingUID: ausfall
    owner: {email: owner@example.org, fullName: Owner}
)");
  sim_->AddFault({.call = "create", .type = sim::FaultType::kHttpError, .http_status = 503});
  RunAt(now_);
  EXPECT_TRUE(Status("m", "status").starts_with("400 meeting could not be started"))
      << Status("m", "status");
  EXPECT_EQ(NextDue("m"), now_ + 60s);
  sim_->ClearFaults();
  EXPECT_EQ(RunAt(now_ + 30s), 0u);  // not before the retry time
  RunAt(now_ + 60s);
  EXPECT_EQ(Status("m", "status"), "210 meeting started, no users joined yet");
}

TEST_P(MeetingEngineTest, RoomUidOfAnotherOwnerIsRefused) {
  Apply(ServerYaml() + R"(
commands:
  other:
    command: create_user
    data: {someone@example.org: {fullName: Someone}}
meetings:
  m:
    meetingName: Fremd
    meetingUID: taken
    owner: {email: owner@example.org, fullName: Owner}
)");
  auto gl = OpenGreenlightDirectory({GetParam(), database_}, {.bcrypt_cost = 4});
  ASSERT_TRUE(gl);
  ASSERT_TRUE((*gl)->CreateUser({.email = "someone@example.org", .name = "Someone"}));
  ASSERT_TRUE(
      (*gl)->CreateRoom({.owner_email = "someone@example.org", .name = "Mine", .uid = "taken"}));
  RunAt(now_);
  EXPECT_EQ(Status("m", "status"),
            "401 room 'taken' belongs to someone@example.org, not to the meeting's owner "
            "owner@example.org");
  EXPECT_EQ(sim_->TotalCalls("create"), 0);
  EXPECT_EQ(
      inspector_->Value(GetParam() == 2 ? "SELECT name FROM rooms WHERE uid = 'taken'"
                                        : "SELECT name FROM rooms WHERE friendly_id = 'taken'"),
      "Mine");
}

TEST_P(MeetingEngineTest, OwnerThatCannotBeCreatedHoldsTheMeeting) {
  // The database refuses this owner (a name over Greenlight's limit is refused
  // earlier now, by validation), so it cannot be created.
  inspector_->Execute(
      "ALTER TABLE users ADD CONSTRAINT no_such_owner CHECK (email <> 'owner@example.org')");
  Apply(ServerYaml() +
        "meetings:\n  m:\n    meetingName: Kein Besitzer\n    meetingUID: kein\n"
        "    owner: {email: owner@example.org, fullName: Owner}\n");
  RunAt(now_);
  EXPECT_TRUE(Status("m", "status").starts_with("404 owner not found and creation failed: "))
      << Status("m", "status");
  EXPECT_EQ(sim_->TotalCalls("create"), 0);
  EXPECT_EQ(NextDue("m"), now_ + 60s);  // tried again after the retry delay
}

TEST_P(MeetingEngineTest, AFailingStepBacksOffAndCountsItsAttempts) {
  inspector_->Execute(
      "ALTER TABLE users ADD CONSTRAINT no_such_owner CHECK (email <> 'owner@example.org')");
  Apply(ServerYaml() +
        "meetings:\n  m:\n    meetingName: Kein Besitzer\n    meetingUID: kein\n"
        "    owner: {email: owner@example.org, fullName: Owner}\n");
  const UtcTime first = now_;
  RunAt(first);
  EXPECT_EQ(NextDue("m"), first + 60s);
  RunAt(first + 60s);
  EXPECT_EQ(NextDue("m"), first + 60s + 120s);  // the second failure waits twice as long
  EXPECT_EQ(RunAt(first + 120s), 0u);           // not due: nothing is tried
  RunAt(first + 180s);
  EXPECT_EQ(NextDue("m"), first + 180s + 240s);
  const auto history = History("m");
  ASSERT_EQ(history.at("status").size(), 2u);  // 200 new, then one 404 entry
  const StatusEntry& failed = history.at("status").back();
  EXPECT_EQ(failed.code, 404);
  EXPECT_EQ(failed.time, first);
  EXPECT_EQ(failed.attempts, 3);
  EXPECT_EQ(failed.last_at, first + 180s);
}

TEST_P(MeetingEngineTest, TheLogHasOneLinePerChangeOfState) {
  Apply(ServerYaml() +
        "meetings:\n  m:\n    meetingName: Leer\n    meetingUID: leer\n"
        "    owner: {email: owner@example.org, fullName: Owner}\n");
  std::string text;
  {
    testing::CapturedLog log(spdlog::level::info);
    // Started, nobody joins: the meeting is polled every 30 s, twenty times.
    for (int poll = 0; poll < 20; ++poll) RunAt(now_ + 30s);
    text = log.Text();
  }
  std::size_t lines = 0;
  for (std::size_t at = text.find("status 210"); at != std::string::npos;
       at = text.find("status 210", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1u) << text;
  EXPECT_EQ(History("m").at("status").back().attempts, 20);
}

TEST_P(MeetingEngineTest, DisabledMeetingIsLeftAlone) {
  Apply(ServerYaml() + R"(
meetings:
  m:
    meetingName: Aus
    meetingUID: aus
    owner: {email: owner@example.org, fullName: Owner}
)");
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) {
    s.RecordStatus("m", "status", {now_, status_code::kDisabled, "disabled"});
  }));
  RunAt(now_);
  EXPECT_EQ(sim_->TotalCalls("create"), 0);
  EXPECT_EQ(inspector_->Count("SELECT count(*) FROM users"), 0);
  EXPECT_FALSE(NextDue("m"));
}

TEST_P(MeetingEngineTest, LiveStreamStartsWithUsersAndStopsAtTheEnd) {
  Apply(ServerYaml() + R"(
meetings:
  m:
    meetingName: Stream
    meetingUID: stream
    owner: {email: owner@example.org, fullName: Owner}
    startDate: 2026-12-01T06:00:00Z
    endAfterMinutes: 30
    preOpenMinutes: 0
    liveStreaming: {streamerHost: streamer.example.org, targetUrl: rtmp://media/live}
)");
  RunAt(now_);
  EXPECT_EQ(StreamLog(), "");  // nobody joined yet
  ASSERT_TRUE(sim_->bbb().AddAttendee(RoomMeetingId("stream"), "Gast", "VIEWER", std::nullopt));
  RunAt(now_ + 30s);
  EXPECT_EQ(StreamLog(), "start streamer.example.org\n");
  EXPECT_TRUE(Status("m", "liveStreaming").starts_with("220 liveStreaming started"));
  RunAt(Utc("2026-12-01T06:30:00Z"));
  EXPECT_EQ(StreamLog(), "start streamer.example.org\nstop streamer.example.org\n");
  EXPECT_EQ(Status("m", "liveStreaming_stopped"), "220 liveStreaming stopped");
}

TEST_P(MeetingEngineTest, StartDatePassedWhileDownIsClosedNotStarted) {
  Apply(ServerYaml(true) + R"(
meetings:
  m:
    meetingName: Verpasst
    meetingUID: verpasst
    owner: {email: owner@example.org, fullName: Owner}
    startDate: 2026-11-30T10:00:00Z
    endAfterMinutes: 60
)");
  RunAt(now_);  // a day later
  EXPECT_EQ(Status("m", "endMeeting"), "220 meeting was not running");
  EXPECT_EQ(sim_->TotalCalls("create"), 0);
  std::size_t mails = 1;
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) { mails = s.ListMails(std::nullopt).size(); }));
  EXPECT_EQ(mails, 0u);  // nobody is told about a meeting that is over
  EXPECT_FALSE(NextDue("m"));
}

TEST_P(MeetingEngineTest, ServerWithoutGreenlightRunsMeetingsOnBbbAlone) {
  Apply("servers:\n  bare:\n    BBB_URL: " + sim_->base_url() + "\n    BBB_SECRET: " + kSecret +
        "\n    greenlight: false\n    send_emails: true\n    mailFrom: noreply@example.org\n" + R"(
meetings:
  lecture:
    server: bare
    meetingName: Ohne Greenlight
    useHomeRoom: true
    owner: {email: owner@example.org, fullName: Owner}
    shareWith: {co@example.org: {}}
    sendInvitationLink: {guest@example.org: Gast}
)");
  RunAt(now_);
  EXPECT_EQ(Status("lecture", "status"), "210 meeting started, no users joined yet");
  auto params = sim_->bbb().CreateParams("schedulight-lecture");
  ASSERT_TRUE(params);
  EXPECT_EQ(ParamOf(*params, "moderatorPW").size(), 20u);
  EXPECT_EQ(ParamOf(*params, "meta_bbb-origin"), "<missing>");
  EXPECT_EQ(Status("lecture", "shareWith_co@example.org"),
            "220 no Greenlight on this server: the share mail carries a moderator join link");
  EXPECT_EQ(inspector_->Count("SELECT count(*) FROM users"), 0);  // Greenlight untouched
  std::vector<StoredMail> mails;
  ASSERT_TRUE(store_->Transact([&](StoreSession& s) { mails = s.ListMails(std::nullopt); }));
  bool invitation_has_join_url = false;
  for (const auto& mail : mails) {
    if (mail.kind == "meetingInvitationInfo") {
      invitation_has_join_url =
          mail.message["mime"].get<std::string>().find("schedulight-lecture") != std::string::npos;
    }
  }
  EXPECT_TRUE(invitation_has_join_url);

  // The same passwords after a restart: the running meeting is found, not refused.
  scheduler_.reset();
  ASSERT_TRUE(sim_->bbb().AddAttendee("schedulight-lecture", "Gast", "VIEWER", std::nullopt));
  RunAt(now_ + 30s);
  EXPECT_EQ(Status("lecture", "status"), "220 meeting started, users joined");
}

// The daemon's way: the scheduler thread with one lane per server, on the real clock.
TEST_P(MeetingEngineTest, ASlowServerDoesNotDelayAnother) {
  sim::SimServer fast(sim::SimServerOptions{.secret = kSecret, .bbb = {.seed = 8}});
  ASSERT_TRUE(fast.Start());
  now_ = SystemNow();
  sim_->AddFault({.call = "create",
                  .type = sim::FaultType::kLatency,
                  .latency = std::chrono::milliseconds(4000)});
  Apply("servers:\n" + ServerEntry("slow", *sim_) + ServerEntry("fast", fast) + R"(
meetings:
  on-slow:
    server: slow
    meetingName: Langsam
    meetingUID: langsam
    owner: {email: a@example.org, fullName: A}
  on-fast:
    server: fast
    meetingName: Schnell
    meetingUID: schnell
    owner: {email: b@example.org, fullName: B}
)");
  auto scheduler = MeetingScheduler::Create(*store_, config_, kWorker);
  ASSERT_TRUE(scheduler) << scheduler.error();
  const auto started = std::chrono::steady_clock::now();
  std::jthread thread([&](std::stop_token stop) { (*scheduler)->Run(stop); });
  while (Status("on-fast", "status").rfind("210", 0) != 0 &&
         std::chrono::steady_clock::now() - started < 10s) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(Status("on-fast", "status"), "210 meeting started, no users joined yet");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_EQ(Status("on-slow", "status"), "200 new");  // still waiting for its server
  thread.request_stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

}  // namespace
}  // namespace schedulight
