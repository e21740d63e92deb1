#pragma once
// The use cases behind `schedulight meetings running|find` (the original's
// slCli.py -m and -f): the meetings a BBB server has, each with signed join
// URLs ready to open.
//
// "Running" means what getMeetings lists and has not ended: created meetings
// nobody has joined yet are included (BBB reports running=false for them),
// as the original showed them; `running` tells the two apart.

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bbb/bbb_client.h"

namespace schedulight {

// The name join URLs carry when the caller gives none (as in the original).
inline constexpr const char* kDefaultJoinName = "system_administrator";

struct RunningMeeting {
  MeetingInfo info;
  std::string attendee_join_url;
  std::string moderator_join_url;
  // Attendee URL that joins straight into the audio with microphone:
  // userdata-bbb_auto_join_audio=true, bbb_listen_only_mode=false,
  // bbb_skip_check_audio=true, bbb_enable_video=false.
  std::string direct_with_mic_join_url;
};

// The join URLs of one meeting for full_name. Uses the meeting's passwords
// (accepted by every BBB version); where BBB reports none, role=VIEWER /
// role=MODERATOR (2.4+).
RunningMeeting WithJoinUrls(const BbbClient& client, MeetingInfo info,
                            const std::string& full_name);

// getMeetings, minus ended meetings, in BBB's order, with join URLs.
std::expected<std::vector<RunningMeeting>, BbbError> ListRunningMeetings(
    BbbClient& client, const std::string& full_name = kDefaultJoinName);

// The first meeting whose name contains title, ignoring ASCII case.
std::optional<RunningMeeting> FindMeetingByTitle(const std::vector<RunningMeeting>& meetings,
                                                 const std::string& title);

// The --json shape: meetingName, meetingID, internalMeetingID, running,
// participantCount, moderatorCount, createTime, attendeeJoinUrl,
// moderatorJoinUrl, directWithMicJoinUrl.
nlohmann::json RunningMeetingJson(const RunningMeeting& meeting);

// The meeting document `meetings find --store` writes: server, meetingName,
// meetingID (the original stored the raw getMeetings entry instead).
nlohmann::json MeetingDocumentFor(const RunningMeeting& meeting, const std::string& server_id);

// A document id (core/document_id.h rules) derived from a BBB meetingID.
std::string MeetingDocumentId(const std::string& bbb_meeting_id);

}  // namespace schedulight
