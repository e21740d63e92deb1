#include "engine/bbb_steps.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "config/app_config.h"
#include "core/meeting_planner.h"
#include "core/status.h"
#include "engine/meeting_create_request.h"

namespace schedulight {

using namespace status_code;

std::expected<MeetingInfo, BbbError> MeetingBbbSteps::Info(BbbClient& bbb,
                                                           const std::string& meeting_id) {
  return in_.gate("getMeetingInfo", [&] { return bbb.GetMeetingInfo(meeting_id); });
}

std::expected<CreateMeetingResult, std::string> MeetingBbbSteps::Create() {
  if (!in_.bbb) return std::unexpected(in_.bbb.error());
  BbbClient& bbb = **in_.bbb;
  auto created = in_.gate("create", [&] {
    return bbb.CreateMeeting(
        BuildCreateRequest(in_.meeting, in_.room, in_.greenlight_version, in_.server.link_base));
  });
  if (!created) return std::unexpected(created.error().ToString());
  const bool noted = in_.room.last_session_ms && *in_.room.last_session_ms == created->create_time;
  if (in_.greenlight_version != 0 && in_.greenlight != nullptr && !noted) {
    // Greenlight puts last_session into every join URL: it must be this session's createTime.
    auto recorded = in_.greenlight->RecordMeetingStarted(in_.room.uid, created->create_time);
    if (!recorded) {
      spdlog::warn("meeting {}: could not note the session in Greenlight: {}", in_.meeting.id,
                   recorded.error().message);
    } else {
      in_.room.last_session_ms = created->create_time;
    }
  }
  return *created;
}

std::expected<bool, std::string> MeetingBbbSteps::EndAndWait() {
  if (!in_.bbb) return std::unexpected(in_.bbb.error());
  BbbClient& bbb = **in_.bbb;
  const GreenlightRoom& room = in_.room;
  auto ended = in_.gate("end", [&] { return bbb.EndMeeting(room.meeting_id, room.moderator_pw); });
  if (!ended && ended.error().message_key == "invalidPassword") {
    // Started by someone else with other passwords: end it with its own.
    if (auto info = Info(bbb, room.meeting_id)) {
      ended = in_.gate("end", [&] { return bbb.EndMeeting(room.meeting_id, info->moderator_pw); });
    }
  }
  if (!ended) {
    if (ended.error().message_key == "notFound") return false;
    return std::unexpected(ended.error().ToString());
  }
  const auto deadline = std::chrono::steady_clock::now() + in_.end_wait;
  while (true) {
    auto info = Info(bbb, room.meeting_id);
    if (!info && info.error().message_key == "notFound") return true;
    if (std::chrono::steady_clock::now() >= deadline || in_.stop.stop_requested()) {
      return std::unexpected(std::string("BBB still reports the meeting after end"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

StepStatuses MeetingBbbSteps::PreOpen() {
  auto ended = EndAndWait();
  if (!ended) {
    return {{step::kPreOpen, kCouldNotClose,
             "could not close meeting for pre-opening: " + ended.error()}};
  }
  auto created = Create();
  if (!created) {
    return {
        {step::kPreOpen, kFailedWillRetry, "meeting could not be pre-opened: " + created.error()}};
  }
  return {{step::kPreOpen, kDone,
           *ended ? "closed the running meeting so new parameters apply, then opened it"
                  : "meeting opened"}};
}

StepStatuses MeetingBbbSteps::KeepOpen() {
  auto created = Create();
  if (created) return {};
  return {{step::kStatus, kFailedWillRetry,
           "could not keep the pre-opened meeting open: " + created.error()}};
}

StepStatuses MeetingBbbSteps::Start() {
  auto created = Create();
  if (!created) {
    return {{step::kStatus, kFailedWillRetry, "meeting could not be started: " + created.error()}};
  }
  auto info = Info(**in_.bbb, created->meeting_id);
  if (info && info->participant_count > 0) {
    return {{step::kStatus, kDone, "meeting started, users joined"}};
  }
  return {{step::kStatus, kStartedNobodyJoined, "meeting started, no users joined yet"}};
}

StepStatuses MeetingBbbSteps::End() {
  auto ended = EndAndWait();
  if (!ended)
    return {{step::kEndMeeting, kCouldNotClose, "could not close meeting: " + ended.error()}};
  return {{step::kEndMeeting, kDone, *ended ? "closed meeting" : "meeting was not running"},
          {step::kStatus, kDone, "meeting has finished and was closed"}};
}

// --- live stream --------------------------------------------------------------

std::expected<StreamTarget, std::string> MeetingBbbSteps::Stream() {
  if (!in_.bbb) return std::unexpected(in_.bbb.error());
  const LiveStreaming& live = *in_.meeting.live_streaming;
  auto secret = ResolveSecret(in_.server.bbb_secret);
  if (!secret) return std::unexpected("BBB_SECRET: " + secret.error());
  return StreamTarget{.streamer_host = live.streamer_host,
                      .bbb_url = (*in_.bbb)->api_base(),
                      .bbb_secret = *secret,
                      .meeting_id = in_.room.meeting_id,
                      .stream_url = live.target_url,
                      .intro = live.play_intro.value_or("")};
}

StepStatuses MeetingBbbSteps::StartStream() {
  auto target = Stream();
  if (!target)
    return {{step::kLiveStreaming, kFailedWillRetry, "liveStreaming failed: " + target.error()}};
  auto started = in_.streams.Start(*target, in_.stop);
  if (!started) {
    return {{step::kLiveStreaming, kFailedWillRetry, "liveStreaming failed: " + started.error()}};
  }
  return {{step::kLiveStreaming, kDone, "liveStreaming started " + started->output}};
}

StepStatuses MeetingBbbSteps::WatchStream() {
  if (!in_.bbb) return {};
  auto info = Info(**in_.bbb, in_.room.meeting_id);
  if (info || info.error().message_key != "notFound") return {};
  return {{step::kEndMeeting, kDone, "meeting ended"},
          {step::kStatus, kDone, "meeting has finished"}};
}

StepStatuses MeetingBbbSteps::StopStream() {
  auto target = Stream();
  if (!target) {
    return {{step::kLiveStreamingStopped, kFailedWillRetry,
             "could not stop liveStreaming: " + target.error()}};
  }
  auto stopped = in_.streams.Stop(*target, in_.stop);
  if (!stopped) {
    return {{step::kLiveStreamingStopped, kFailedWillRetry,
             "could not stop liveStreaming: " + stopped.error()}};
  }
  return {{step::kLiveStreamingStopped, kDone, "liveStreaming stopped"}};
}

}  // namespace schedulight
