#include "admin/running_meetings.h"

#include <algorithm>
#include <cctype>

namespace schedulight {
namespace {

std::string LowerAscii(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

JoinRequest JoinAs(const MeetingInfo& info, const std::string& full_name, bool moderator) {
  JoinRequest request{.meeting_id = info.meeting_id, .full_name = full_name};
  const std::string& password = moderator ? info.moderator_pw : info.attendee_pw;
  if (!password.empty()) {
    request.password = password;
  } else {
    request.role = moderator ? "MODERATOR" : "VIEWER";
  }
  return request;
}

}  // namespace

RunningMeeting WithJoinUrls(const BbbClient& client, MeetingInfo info,
                            const std::string& full_name) {
  RunningMeeting meeting;
  meeting.attendee_join_url = client.JoinUrl(JoinAs(info, full_name, false));
  meeting.moderator_join_url = client.JoinUrl(JoinAs(info, full_name, true));
  JoinRequest with_mic = JoinAs(info, full_name, false);
  with_mic.user_data = {{"bbb_auto_join_audio", "true"},
                        {"bbb_enable_video", "false"},
                        {"bbb_listen_only_mode", "false"},
                        {"bbb_skip_check_audio", "true"}};
  meeting.direct_with_mic_join_url = client.JoinUrl(with_mic);
  meeting.info = std::move(info);
  return meeting;
}

std::expected<std::vector<RunningMeeting>, BbbError> ListRunningMeetings(
    BbbClient& client, const std::string& full_name) {
  auto meetings = client.GetMeetings();
  if (!meetings) return std::unexpected(meetings.error());
  std::vector<RunningMeeting> running;
  for (auto& info : *meetings) {
    if (info.has_been_forcibly_ended || info.end_time != 0) continue;
    running.push_back(WithJoinUrls(client, std::move(info), full_name));
  }
  return running;
}

std::optional<RunningMeeting> FindMeetingByTitle(const std::vector<RunningMeeting>& meetings,
                                                 const std::string& title) {
  const std::string wanted = LowerAscii(title);
  for (const auto& meeting : meetings) {
    if (LowerAscii(meeting.info.meeting_name).find(wanted) != std::string::npos) return meeting;
  }
  return std::nullopt;
}

nlohmann::json RunningMeetingJson(const RunningMeeting& meeting) {
  const MeetingInfo& info = meeting.info;
  return {{"meetingName", info.meeting_name},
          {"meetingID", info.meeting_id},
          {"internalMeetingID", info.internal_meeting_id},
          {"running", info.running},
          {"participantCount", info.participant_count},
          {"moderatorCount", info.moderator_count},
          {"createTime", info.create_time},
          {"attendeeJoinUrl", meeting.attendee_join_url},
          {"moderatorJoinUrl", meeting.moderator_join_url},
          {"directWithMicJoinUrl", meeting.direct_with_mic_join_url}};
}

nlohmann::json MeetingDocumentFor(const RunningMeeting& meeting, const std::string& server_id) {
  nlohmann::json document = nlohmann::json::object();
  document["server"] = server_id;
  document["meetingName"] = meeting.info.meeting_name;
  document["meetingID"] = meeting.info.meeting_id;
  return document;
}

std::string MeetingDocumentId(const std::string& bbb_meeting_id) {
  std::string id;
  for (char c : bbb_meeting_id) {
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                      c == '@' || c == '+' || c == '-';
    id.push_back(safe ? c : '-');
  }
  if (id.size() > 120) id.resize(120);
  if (id.empty() || !std::isalnum(static_cast<unsigned char>(id.front()))) id = "m-" + id;
  return id;
}

}  // namespace schedulight
