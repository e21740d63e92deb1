#include "core/meeting_planner.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace schedulight {
namespace {

using namespace std::chrono_literals;

UtcTime Utc(const char* iso) { return *ParseStartDate(iso, FindTimeZone("UTC")); }

Meeting MakeMeeting(const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json doc = {{"meetingName", "Planung"},
                        {"meetingUID", "plan-1"},
                        {"owner", {{"email", "owner@example.org"}, {"fullName", "Owner"}}}};
  doc.update(extra);
  FieldErrors errors;
  auto meeting = ValidateMeeting("m1", doc, "meetings.m1", {FindTimeZone("Europe/Vienna")}, errors);
  EXPECT_TRUE(meeting) << (errors.empty() ? "" : errors[0].ToString());
  return *meeting;
}

PlannerSettings Settings(const Meeting& meeting, bool mails = false) {
  PlannerSettings settings;
  settings.timing = ResolveTiming(meeting, MeetingTiming{});
  settings.send_emails = mails;
  return settings;
}

std::vector<ActionKind> Kinds(const MeetingPlan& plan) {
  std::vector<ActionKind> kinds;
  for (const auto& action : plan.due) kinds.push_back(action.kind);
  return kinds;
}

void Record(StatusHistory& history, const std::string& step, int code, UtcTime at) {
  history[step].push_back({at, code, "test"});
}

TEST(MeetingPlannerTest, WithoutStartDateTheMeetingStartsNow) {
  const Meeting meeting = MakeMeeting();
  const UtcTime now = Utc("2026-12-01T08:00:00Z");
  const MeetingPlan plan = PlanMeeting(meeting, {}, Settings(meeting), now);
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kStart}));
  EXPECT_EQ(plan.due[0].step, "status");
  EXPECT_EQ(plan.next_due, now + 30s);
}

TEST(MeetingPlannerTest, WaitsThenPreOpensThenStartsOnTheMinute) {
  // 10:00 Vienna = 09:00Z; preStart 5, preOpen 30: open 09:25 local, start 09:55:00 local.
  const Meeting meeting = MakeMeeting(
      {{"startDate", "2026-12-01 10:00"}, {"preStartMinutes", 5}, {"preOpenMinutes", 30}});
  const auto settings = Settings(meeting);
  StatusHistory history;
  Record(history, "status", 200, Utc("2026-11-30T12:00:00Z"));

  MeetingPlan plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T07:00:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kWaitForStart}));
  Record(history, "status", 201, Utc("2026-12-01T07:00:00Z"));
  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T07:00:00Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:25:00Z"));

  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T08:25:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kPreOpen}));
  EXPECT_EQ(plan.due[0].step, "preOpen");
  Record(history, "preOpen", 220, Utc("2026-12-01T08:25:01Z"));
  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T08:25:31Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kKeepOpen}));
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:26:01Z"));

  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T08:54:50Z"));
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:55:00Z"));  // the start itself, not a poll later
  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T08:55:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kStart}));
}

TEST(MeetingPlannerTest, StartedWithoutUsersIsCheckedAgainUntilSomebodyJoins) {
  const Meeting meeting = MakeMeeting();
  StatusHistory history;
  Record(history, "status", 210, Utc("2026-12-01T08:00:00Z"));
  MeetingPlan plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:00:30Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kStart}));
  Record(history, "status", 220, Utc("2026-12-01T08:00:30Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:01:00Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_FALSE(plan.next_due);  // nothing left to do
}

TEST(MeetingPlannerTest, EndsAfterTheConfiguredMinutes) {
  const Meeting meeting = MakeMeeting(
      {{"startDate", "2026-12-01T10:00:00Z"}, {"endAfterMinutes", 60}, {"preOpenMinutes", 0}});
  StatusHistory history;
  Record(history, "status", 220, Utc("2026-12-01T10:00:05Z"));
  MeetingPlan plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T10:10:00Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T11:00:00Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T11:00:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kEnd}));
  Record(history, "endMeeting", 220, Utc("2026-12-01T11:00:01Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T11:00:02Z"));
  EXPECT_TRUE(plan.finished);
  EXPECT_TRUE(plan.due.empty());
  EXPECT_FALSE(plan.next_due);
}

TEST(MeetingPlannerTest, CouldNotCloseIsRetried) {
  const Meeting meeting = MakeMeeting(
      {{"startDate", "2026-12-01T10:00:00Z"}, {"endAfterMinutes", 60}, {"preOpenMinutes", 0}});
  StatusHistory history;
  Record(history, "status", 220, Utc("2026-12-01T10:00:05Z"));
  Record(history, "endMeeting", 420, Utc("2026-12-01T11:00:00Z"));
  MeetingPlan plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T11:00:30Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T11:01:00Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T11:01:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kEnd}));
}

TEST(MeetingPlannerTest, StartDatePassedWhileDownIsNotStartedButClosed) {
  const Meeting meeting =
      MakeMeeting({{"startDate", "2026-12-01T10:00:00Z"}, {"endAfterMinutes", 60}});
  const MeetingPlan plan =
      PlanMeeting(meeting, {}, Settings(meeting, true), Utc("2026-12-02T09:00:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kEnd}));  // no start, no mails
}

TEST(MeetingPlannerTest, StartDatePassedWithoutEndStartsNow) {
  const Meeting meeting = MakeMeeting({{"startDate", "2026-12-01T10:00:00Z"}});
  const MeetingPlan plan = PlanMeeting(meeting, {}, Settings(meeting), Utc("2026-12-02T09:00:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kStart}));
}

TEST(MeetingPlannerTest, DisabledMeetingsAreLeftAlone) {
  const Meeting meeting = MakeMeeting({{"shareWith", {{"a@example.org", nullptr}}}});
  StatusHistory history;
  Record(history, "status", 900, Utc("2026-12-01T08:00:00Z"));
  const MeetingPlan plan =
      PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T09:00:00Z"));
  EXPECT_TRUE(plan.disabled);
  EXPECT_TRUE(plan.due.empty());
  EXPECT_FALSE(plan.next_due);
}

TEST(MeetingPlannerTest, OwnerOrRoomFailureHoldsEverythingUntilTheRetry) {
  const Meeting meeting = MakeMeeting({{"shareWith", {{"a@example.org", nullptr}}}});
  StatusHistory history;
  Record(history, "status", 404, Utc("2026-12-01T08:00:00Z"));
  MeetingPlan plan =
      PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T08:00:10Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:01:00Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T08:01:00Z"));
  EXPECT_EQ(Kinds(plan),
            (std::vector{ActionKind::kStart, ActionKind::kOwnerInfoMail, ActionKind::kShare}));
}

TEST(MeetingPlannerTest, TimesAcrossDaylightSavingAreExactInUtc) {
  // 04:00 in Vienna on the night clocks go forward is 02:00Z; 3 h of pre-open
  // is 23:00Z the day before (00:00 local, still CET), not a wall-clock guess.
  const Meeting meeting = MakeMeeting({{"startDate", "2026-03-29 04:00"}, {"preOpenMinutes", 180}});
  StatusHistory history;
  Record(history, "status", 201, Utc("2026-03-28T12:00:00Z"));
  const MeetingPlan plan =
      PlanMeeting(meeting, history, Settings(meeting), Utc("2026-03-28T12:00:00Z"));
  EXPECT_EQ(plan.next_due, Utc("2026-03-28T23:00:00Z"));
}

TEST(MeetingPlannerTest, OwnerMailsOnlyWhenMailsAreOn) {
  const Meeting meeting = MakeMeeting();
  StatusHistory history;
  Record(history, "status", 210, Utc("2026-12-01T08:00:00Z"));
  // Mails off: nothing to send; the two owner mails are to be recorded as skipped (260).
  MeetingPlan off =
      PlanMeeting(meeting, history, Settings(meeting, false), Utc("2026-12-01T08:00:30Z"));
  EXPECT_EQ(Kinds(off), (std::vector{ActionKind::kStart}));
  EXPECT_EQ(off.skipped, (std::vector<std::string>{"owner_infoMailSent", "owner_startMailSent"}));
  EXPECT_EQ(
      Kinds(PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T08:00:30Z"))),
      (std::vector{ActionKind::kStart, ActionKind::kOwnerInfoMail, ActionKind::kOwnerStartedMail}));
  Record(history, "owner_infoMailSent", 250, Utc("2026-12-01T08:00:31Z"));
  Record(history, "owner_startMailSent", 250, Utc("2026-12-01T08:00:31Z"));
  EXPECT_EQ(
      Kinds(PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T08:01:00Z"))),
      (std::vector{ActionKind::kStart}));
}

TEST(MeetingPlannerTest, ReminderGoesOutOnceBeforeTheStartIfNobodyJoined) {
  const Meeting meeting = MakeMeeting(
      {{"startDate", "2026-12-01T10:00:00Z"}, {"reminderMinutes", 15}, {"preOpenMinutes", 0}});
  StatusHistory history;
  Record(history, "status", 201, Utc("2026-12-01T08:00:00Z"));
  Record(history, "owner_infoMailSent", 250, Utc("2026-12-01T08:00:00Z"));
  const auto settings = Settings(meeting, true);
  MeetingPlan plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T09:00:00Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T09:45:00Z"));
  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T09:45:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kReminderMail}));
  Record(history, "owner_reminderMailSent", 250, Utc("2026-12-01T09:45:00Z"));
  plan = PlanMeeting(meeting, history, settings, Utc("2026-12-01T09:46:00Z"));
  EXPECT_TRUE(plan.due.empty());

  // Somebody joined early (pre-open): no reminder.
  StatusHistory joined;
  Record(joined, "status", 220, Utc("2026-12-01T09:30:00Z"));
  Record(joined, "owner_infoMailSent", 250, Utc("2026-12-01T08:00:00Z"));
  Record(joined, "owner_startMailSent", 250, Utc("2026-12-01T09:30:00Z"));
  EXPECT_TRUE(PlanMeeting(meeting, joined, settings, Utc("2026-12-01T09:45:00Z")).due.empty());
}

TEST(MeetingPlannerTest, SharingThenShareMailRespectingTheRecipientsSwitch) {
  const Meeting meeting = MakeMeeting(
      {{"shareWith", {{"yes@example.org", nullptr}, {"no@example.org", {{"send_emails", false}}}}},
       {"sendInvitationLink", {{"guest@example.org", "Guest"}}},
       {"sendModeratorLink", {{"mod@example.org", {{"send_emails", true}}}}}});
  StatusHistory history;
  Record(history, "status", 220, Utc("2026-12-01T08:00:00Z"));
  // Mails off for the meeting: sharing still happens, only the moderator (switched on) gets
  // mail; the owner's mails and the invitation are to be recorded as skipped.
  MeetingPlan plan =
      PlanMeeting(meeting, history, Settings(meeting, false), Utc("2026-12-01T08:00:01Z"));
  EXPECT_EQ(Kinds(plan),
            (std::vector{ActionKind::kShare, ActionKind::kShare, ActionKind::kModeratorMail}));
  EXPECT_EQ(plan.due[0].step, "shareWith_no@example.org");
  EXPECT_EQ(plan.due[2].step, "sendModeratorLink_mod@example.org");
  EXPECT_EQ(plan.due[2].recipient, "mod@example.org");
  EXPECT_EQ(plan.skipped, (std::vector<std::string>{"owner_infoMailSent", "owner_startMailSent",
                                                    "sendInvitationLink_guest@example.org"}));

  Record(history, "shareWith_yes@example.org", 220, Utc("2026-12-01T08:00:02Z"));
  Record(history, "shareWith_no@example.org", 220, Utc("2026-12-01T08:00:02Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T08:00:03Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kOwnerInfoMail, ActionKind::kOwnerStartedMail,
                                      ActionKind::kShareMail, ActionKind::kInvitationMail,
                                      ActionKind::kModeratorMail}));
  EXPECT_EQ(plan.due[2].step, "shareWith_yes@example.org_sendShareMail");
}

TEST(MeetingPlannerTest, AMailLeftOutByPolicyIsRecordedOnceAndSentWhenSendingIsTurnedOn) {
  const Meeting meeting = MakeMeeting({{"sendInvitationLink", {{"guest@example.org", "Guest"}}}});
  StatusHistory history;
  Record(history, "status", 220, Utc("2026-12-01T08:00:00Z"));
  MeetingPlan plan =
      PlanMeeting(meeting, history, Settings(meeting, false), Utc("2026-12-01T08:00:01Z"));
  EXPECT_TRUE(plan.due.empty());
  ASSERT_EQ(plan.skipped, (std::vector<std::string>{"owner_infoMailSent", "owner_startMailSent",
                                                    "sendInvitationLink_guest@example.org"}));
  for (const auto& step : plan.skipped) Record(history, step, 260, Utc("2026-12-01T08:00:01Z"));
  // Recorded once: the next pass has nothing to record.
  EXPECT_TRUE(PlanMeeting(meeting, history, Settings(meeting, false), Utc("2026-12-01T08:00:31Z"))
                  .skipped.empty());
  // Sending turned on: the skipped mails go out.
  EXPECT_EQ(
      Kinds(PlanMeeting(meeting, history, Settings(meeting, true), Utc("2026-12-01T08:01:00Z"))),
      (std::vector{ActionKind::kOwnerInfoMail, ActionKind::kOwnerStartedMail,
                   ActionKind::kInvitationMail}));
}

TEST(MeetingPlannerTest, RetriesBackOffWithEveryFailureInARow) {
  EXPECT_EQ(RetryDelay(60s, 1), 60s);
  EXPECT_EQ(RetryDelay(60s, 2), 120s);
  EXPECT_EQ(RetryDelay(60s, 6), 1920s);
  EXPECT_EQ(RetryDelay(60s, 7), 3600s);
  EXPECT_EQ(RetryDelay(60s, 1000000), 3600s);
  EXPECT_EQ(RetryDelay(2h, 3), 2h);  // a retry interval above the cap is not shortened

  const Meeting meeting = MakeMeeting();
  StatusHistory history;
  // The start failed four times in a row; the latest attempt at 08:10.
  StatusEntry failed{Utc("2026-12-01T08:00:00Z"), 400, "BBB down"};
  failed.attempts = 4;
  failed.last_at = Utc("2026-12-01T08:10:00Z");
  history["status"].push_back(failed);
  MeetingPlan plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:11:00Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:18:00Z"));  // 8 minutes after the fourth
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:18:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kStart}));

  // The same for a step other than status: a share that keeps failing.
  const Meeting shared = MakeMeeting({{"shareWith", {{"co@example.org", nullptr}}}});
  StatusHistory sharing;
  Record(sharing, "status", 220, Utc("2026-12-01T08:00:00Z"));
  StatusEntry share_failed{Utc("2026-12-01T08:00:00Z"), 400, "Greenlight down"};
  share_failed.attempts = 3;
  share_failed.last_at = Utc("2026-12-01T08:03:00Z");
  sharing["shareWith_co@example.org"].push_back(share_failed);
  EXPECT_TRUE(
      PlanMeeting(shared, sharing, Settings(shared), Utc("2026-12-01T08:06:59Z")).due.empty());
  EXPECT_EQ(Kinds(PlanMeeting(shared, sharing, Settings(shared), Utc("2026-12-01T08:07:00Z"))),
            (std::vector{ActionKind::kShare}));
}

TEST(MeetingPlannerTest, LiveStreamStartsWhenUsersJoinedAndStopsAtTheEnd) {
  const Meeting meeting = MakeMeeting(
      {{"liveStreaming", {{"streamerHost", "streamer.example.org"}, {"targetUrl", "rtmp://m/s"}}}});
  StatusHistory history;
  Record(history, "status", 210, Utc("2026-12-01T08:00:00Z"));
  EXPECT_EQ(Kinds(PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:00:30Z"))),
            (std::vector{ActionKind::kStart}));
  Record(history, "status", 220, Utc("2026-12-01T08:00:30Z"));
  EXPECT_EQ(Kinds(PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:00:31Z"))),
            (std::vector{ActionKind::kStartStream}));
  Record(history, "liveStreaming", 220, Utc("2026-12-01T08:00:32Z"));
  MeetingPlan plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:01:00Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kWatchStream}));
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:01:30Z"));
  Record(history, "endMeeting", 220, Utc("2026-12-01T09:00:00Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T09:00:01Z"));
  EXPECT_EQ(Kinds(plan), (std::vector{ActionKind::kStopStream}));
  Record(history, "liveStreaming_stopped", 220, Utc("2026-12-01T09:00:02Z"));
  plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T09:00:03Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_FALSE(plan.next_due);
}

TEST(MeetingPlannerTest, FailedStreamStartIsRetriedLater) {
  const Meeting meeting = MakeMeeting(
      {{"liveStreaming", {{"streamerHost", "streamer.example.org"}, {"targetUrl", "rtmp://m/s"}}}});
  StatusHistory history;
  Record(history, "status", 220, Utc("2026-12-01T08:00:00Z"));
  Record(history, "liveStreaming", 400, Utc("2026-12-01T08:00:01Z"));
  MeetingPlan plan = PlanMeeting(meeting, history, Settings(meeting), Utc("2026-12-01T08:00:30Z"));
  EXPECT_TRUE(plan.due.empty());
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T08:01:01Z"));
}

TEST(MeetingPlannerTest, APermanentMailFailureWaitsForAChangeNotForATimer) {
  const Meeting meeting = MakeMeeting({{"startDate", "2026-12-01 10:00"}});
  auto settings = Settings(meeting, true);
  StatusHistory history;
  Record(history, "status", 201, Utc("2026-11-30T12:00:00Z"));
  Record(history, "owner_infoMailSent", 550, Utc("2026-11-30T12:00:00Z"));
  const auto has_info_mail = [](const MeetingPlan& plan) {
    for (const auto& action : plan.due) {
      if (action.kind == ActionKind::kOwnerInfoMail) return true;
    }
    return false;
  };
  // Hours later: still not tried again, and nothing wakes the meeting for it.
  MeetingPlan plan = PlanMeeting(meeting, history, settings, Utc("2026-11-30T15:00:00Z"));
  EXPECT_FALSE(has_info_mail(plan));
  EXPECT_EQ(plan.next_due, Utc("2026-12-01T07:30:00Z"));  // the pre-open, not a retry
  // After an admin changed the meeting: tried again.
  settings.changed_at = Utc("2026-11-30T14:00:00Z");
  plan = PlanMeeting(meeting, history, settings, Utc("2026-11-30T15:00:00Z"));
  EXPECT_TRUE(has_info_mail(plan));
}

TEST(MeetingPlannerTest, TimingFallsBackToTheDefaults) {
  const Meeting meeting = MakeMeeting({{"preOpenMinutes", 10}});
  const MeetingTiming timing = ResolveTiming(meeting, {90, 3, 45, 7});
  EXPECT_EQ(timing.pre_open_minutes, 10);
  EXPECT_EQ(timing.pre_start_minutes, 3);
  EXPECT_EQ(timing.end_after_minutes, 45);
  EXPECT_EQ(timing.reminder_minutes, 7);
}

}  // namespace
}  // namespace schedulight
