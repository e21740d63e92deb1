#include "bbb/responses.h"

#include <fmt/format.h>

#include <charconv>
#include <pugixml.hpp>

namespace schedulight {
namespace {

// Reads leaf values of one element; remembers the first value that does not
// parse, so a parser can report it after reading everything.
class FieldReader {
 public:
  FieldReader(pugi::xml_node node, std::string* error) : node_(node), error_(error) {}

  std::string Text(const char* name) const { return node_.child(name).child_value(); }

  std::int64_t Int(const char* name) const {
    std::string_view text = Trimmed(node_.child(name).child_value());
    if (text.empty()) return 0;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      Fail(fmt::format("<{}> is not a number: '{}'", name, text));
    }
    return value;
  }

  bool Bool(const char* name) const {
    std::string_view text = Trimmed(node_.child(name).child_value());
    if (text.empty() || text == "false") return false;
    if (text == "true") return true;
    Fail(fmt::format("<{}> is not true or false: '{}'", name, text));
    return false;
  }

 private:
  static std::string_view Trimmed(std::string_view text) {
    const char* kSpace = " \t\r\n";
    std::size_t start = text.find_first_not_of(kSpace);
    if (start == std::string_view::npos) return {};
    return text.substr(start, text.find_last_not_of(kSpace) - start + 1);
  }
  void Fail(std::string message) const {
    if (error_->empty()) *error_ = std::move(message);
  }

  pugi::xml_node node_;
  std::string* error_;
};

// A parsed <response> whose returncode is SUCCESS.
struct SuccessDocument {
  pugi::xml_document document;
  pugi::xml_node response;
};

std::string Excerpt(std::string_view xml) {
  std::string excerpt(xml.substr(0, 60));
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return xml.size() > 60 ? excerpt + "..." : excerpt;
}

// Parses xml and checks the envelope: root <response>, returncode SUCCESS.
// FAILED becomes a kApi error with messageKey/message (or the first entry of
// an <errors> list); anything else is kMalformed.
std::expected<void, BbbError> ParseEnvelope(std::string_view xml, SuccessDocument& parsed) {
  pugi::xml_parse_result result = parsed.document.load_buffer(xml.data(), xml.size());
  if (!result) {
    return std::unexpected(MalformedError(fmt::format(
        "{} at byte {} (body starts '{}')", result.description(), result.offset, Excerpt(xml))));
  }
  parsed.response = parsed.document.child("response");
  if (!parsed.response) {
    return std::unexpected(
        MalformedError(fmt::format("no <response> element (body starts '{}')", Excerpt(xml))));
  }
  std::string returncode = parsed.response.child_value("returncode");
  if (returncode == "SUCCESS") return {};
  if (returncode != "FAILED") {
    return std::unexpected(MalformedError(fmt::format("returncode is '{}'", returncode)));
  }
  std::string key = parsed.response.child_value("messageKey");
  std::string message = parsed.response.child_value("message");
  if (pugi::xml_node error = parsed.response.child("errors").child("error"); error && key.empty()) {
    key = error.child_value("key");
    message = error.child_value("message");
  }
  if (key.empty()) key = "unknownError";
  return std::unexpected(ApiError(std::move(key), std::move(message)));
}

template <typename T>
std::expected<T, BbbError> Finish(T value, const std::string& error, const char* what) {
  if (!error.empty()) return std::unexpected(MalformedError(fmt::format("{}: {}", what, error)));
  return value;
}

std::map<std::string, std::string> ChildrenAsMap(pugi::xml_node parent) {
  std::map<std::string, std::string> values;
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element) values[child.name()] = child.child_value();
  }
  return values;
}

Attendee ReadAttendee(pugi::xml_node node, std::string* error) {
  FieldReader f(node, error);
  return Attendee{.user_id = f.Text("userID"),
                  .full_name = f.Text("fullName"),
                  .role = f.Text("role"),
                  .is_presenter = f.Bool("isPresenter"),
                  .is_listening_only = f.Bool("isListeningOnly"),
                  .has_joined_voice = f.Bool("hasJoinedVoice"),
                  .has_video = f.Bool("hasVideo"),
                  .client_type = f.Text("clientType"),
                  .custom_data = ChildrenAsMap(node.child("customdata"))};
}

MeetingInfo ReadMeeting(pugi::xml_node node, std::string* error) {
  FieldReader f(node, error);
  MeetingInfo info{.meeting_name = f.Text("meetingName"),
                   .meeting_id = f.Text("meetingID"),
                   .internal_meeting_id = f.Text("internalMeetingID"),
                   .create_time = f.Int("createTime"),
                   .create_date = f.Text("createDate"),
                   .voice_bridge = f.Text("voiceBridge"),
                   .dial_number = f.Text("dialNumber"),
                   .attendee_pw = f.Text("attendeePW"),
                   .moderator_pw = f.Text("moderatorPW"),
                   .running = f.Bool("running"),
                   .duration = f.Int("duration"),
                   .has_user_joined = f.Bool("hasUserJoined"),
                   .recording = f.Bool("recording"),
                   .has_been_forcibly_ended = f.Bool("hasBeenForciblyEnded"),
                   .start_time = f.Int("startTime"),
                   .end_time = f.Int("endTime"),
                   .participant_count = f.Int("participantCount"),
                   .listener_count = f.Int("listenerCount"),
                   .voice_participant_count = f.Int("voiceParticipantCount"),
                   .video_count = f.Int("videoCount"),
                   .max_users = f.Int("maxUsers"),
                   .moderator_count = f.Int("moderatorCount"),
                   .metadata = ChildrenAsMap(node.child("metadata")),
                   .is_breakout = f.Bool("isBreakout"),
                   .parent_meeting_id = f.Text("parentMeetingID"),
                   .sequence = f.Int("sequence"),
                   .free_join = f.Bool("freeJoin")};
  for (pugi::xml_node attendee : node.child("attendees").children("attendee")) {
    info.attendees.push_back(ReadAttendee(attendee, error));
  }
  for (pugi::xml_node breakout : node.child("breakoutRooms").children("breakout")) {
    info.breakout_rooms.emplace_back(breakout.child_value());
  }
  if (info.meeting_id.empty() && error->empty()) *error = "a meeting without <meetingID>";
  return info;
}

PlaybackFormat ReadFormat(pugi::xml_node node, std::string* error) {
  FieldReader f(node, error);
  PlaybackFormat format{.type = f.Text("type"),
                        .url = f.Text("url"),
                        .processing_time = f.Int("processingTime"),
                        .length = f.Int("length")};
  for (pugi::xml_node image : node.child("preview").child("images").children("image")) {
    format.preview.push_back(PreviewImage{.url = image.child_value(),
                                          .alt = image.attribute("alt").value(),
                                          .width = image.attribute("width").as_int(),
                                          .height = image.attribute("height").as_int()});
  }
  return format;
}

Recording ReadRecording(pugi::xml_node node, std::string* error) {
  FieldReader f(node, error);
  Recording recording{.record_id = f.Text("recordID"),
                      .meeting_id = f.Text("meetingID"),
                      .internal_meeting_id = f.Text("internalMeetingID"),
                      .name = f.Text("name"),
                      .is_breakout = f.Bool("isBreakout"),
                      .published = f.Bool("published"),
                      .state = f.Text("state"),
                      .start_time = f.Int("startTime"),
                      .end_time = f.Int("endTime"),
                      .participants = f.Int("participants"),
                      .metadata = ChildrenAsMap(node.child("metadata"))};
  for (pugi::xml_node format : node.child("playback").children("format")) {
    recording.playback.push_back(ReadFormat(format, error));
  }
  if (recording.record_id.empty() && error->empty()) *error = "a recording without <recordID>";
  return recording;
}

}  // namespace

std::expected<CreateMeetingResult, BbbError> ParseCreateResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  std::string error;
  FieldReader f(parsed.response, &error);
  CreateMeetingResult result{.meeting_id = f.Text("meetingID"),
                             .internal_meeting_id = f.Text("internalMeetingID"),
                             .parent_meeting_id = f.Text("parentMeetingID"),
                             .attendee_pw = f.Text("attendeePW"),
                             .moderator_pw = f.Text("moderatorPW"),
                             .create_time = f.Int("createTime"),
                             .voice_bridge = f.Text("voiceBridge"),
                             .dial_number = f.Text("dialNumber"),
                             .create_date = f.Text("createDate"),
                             .has_user_joined = f.Bool("hasUserJoined"),
                             .duration = f.Int("duration"),
                             .has_been_forcibly_ended = f.Bool("hasBeenForciblyEnded"),
                             .message_key = f.Text("messageKey"),
                             .message = f.Text("message")};
  result.duplicate = result.message_key == "duplicateWarning";
  if (result.meeting_id.empty() && error.empty()) error = "no <meetingID>";
  return Finish(std::move(result), error, "create");
}

std::expected<JoinResult, BbbError> ParseJoinResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  std::string error;
  FieldReader f(parsed.response, &error);
  return Finish(JoinResult{.message_key = f.Text("messageKey"),
                           .message = f.Text("message"),
                           .internal_meeting_id = f.Text("meeting_id"),
                           .user_id = f.Text("user_id"),
                           .auth_token = f.Text("auth_token"),
                           .session_token = f.Text("session_token"),
                           .guest_status = f.Text("guestStatus"),
                           .url = f.Text("url")},
                error, "join");
}

std::expected<ApiMessage, BbbError> ParseGenericResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  return ApiMessage{.message_key = parsed.response.child_value("messageKey"),
                    .message = parsed.response.child_value("message")};
}

std::expected<ApiMessage, BbbError> ParseEndResponse(std::string_view xml) {
  return ParseGenericResponse(xml);
}

std::expected<bool, BbbError> ParseIsMeetingRunningResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  if (!parsed.response.child("running")) {
    return std::unexpected(MalformedError("isMeetingRunning: no <running>"));
  }
  std::string error;
  bool running = FieldReader(parsed.response, &error).Bool("running");
  return Finish(running, error, "isMeetingRunning");
}

std::expected<MeetingInfo, BbbError> ParseMeetingInfoResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  std::string error;
  MeetingInfo info = ReadMeeting(parsed.response, &error);
  return Finish(std::move(info), error, "getMeetingInfo");
}

std::expected<std::vector<MeetingInfo>, BbbError> ParseMeetingsResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  if (!parsed.response.child("meetings")) {
    return std::unexpected(MalformedError("getMeetings: no <meetings>"));
  }
  std::string error;
  std::vector<MeetingInfo> meetings;
  for (pugi::xml_node meeting : parsed.response.child("meetings").children("meeting")) {
    meetings.push_back(ReadMeeting(meeting, &error));
  }
  return Finish(std::move(meetings), error, "getMeetings");
}

std::expected<std::vector<Recording>, BbbError> ParseRecordingsResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  if (!parsed.response.child("recordings")) {
    return std::unexpected(MalformedError("getRecordings: no <recordings>"));
  }
  std::string error;
  std::vector<Recording> recordings;
  for (pugi::xml_node recording : parsed.response.child("recordings").children("recording")) {
    recordings.push_back(ReadRecording(recording, &error));
  }
  return Finish(std::move(recordings), error, "getRecordings");
}

std::expected<bool, BbbError> ParseDeleteRecordingsResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  if (!parsed.response.child("deleted")) {
    return std::unexpected(MalformedError("deleteRecordings: no <deleted>"));
  }
  std::string error;
  bool deleted = FieldReader(parsed.response, &error).Bool("deleted");
  return Finish(deleted, error, "deleteRecordings");
}

std::expected<bool, BbbError> ParsePublishRecordingsResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  if (!parsed.response.child("published")) {
    return std::unexpected(MalformedError("publishRecordings: no <published>"));
  }
  std::string error;
  bool published = FieldReader(parsed.response, &error).Bool("published");
  return Finish(published, error, "publishRecordings");
}

std::expected<ApiVersion, BbbError> ParseApiVersionResponse(std::string_view xml) {
  SuccessDocument parsed;
  if (auto ok = ParseEnvelope(xml, parsed); !ok) return std::unexpected(ok.error());
  ApiVersion version{.version = parsed.response.child_value("version"),
                     .api_version = parsed.response.child_value("apiVersion"),
                     .bbb_version = parsed.response.child_value("bbbVersion")};
  if (version.version.empty()) return std::unexpected(MalformedError("no <version>"));
  return version;
}

}  // namespace schedulight
