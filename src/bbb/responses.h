#pragma once
// BBB API answers as typed values, and the parsers that read them from XML.
//
// Parsers are whitespace-agnostic (bbb-web compresses its templates, docs and
// libraries pretty-print), accept an XML declaration or none, CDATA or
// escaped text, and elements in any order. A FAILED answer becomes a BbbError
// of kind kApi carrying messageKey and message (also the legacy
// <errors><error><key> list form); an answer that is not <response> XML with
// a returncode becomes kMalformed. Elements a parser does not know are
// ignored, so newer BBB versions keep working.

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bbb/bbb_error.h"

namespace schedulight {

// The answer to create (fixtures/create-*.xml).
struct CreateMeetingResult {
  std::string meeting_id;
  std::string internal_meeting_id;
  std::string parent_meeting_id;  // "bbb-none" unless a breakout room
  std::string attendee_pw;        // empty when the server omitted it
  std::string moderator_pw;
  std::int64_t create_time = 0;  // epoch milliseconds
  std::string voice_bridge;      // a string: leading zeros matter
  std::string dial_number;
  std::string create_date;
  bool has_user_joined = false;
  std::int64_t duration = 0;
  bool has_been_forcibly_ended = false;
  // The meeting already existed and create returned it unchanged
  // (messageKey duplicateWarning). Still a success.
  bool duplicate = false;
  std::string message_key;
  std::string message;
};

struct Attendee {
  std::string user_id;
  std::string full_name;
  std::string role;  // MODERATOR or VIEWER
  bool is_presenter = false;
  bool is_listening_only = false;
  bool has_joined_voice = false;
  bool has_video = false;
  std::string client_type;
  std::map<std::string, std::string> custom_data;  // join's userdata-* without the prefix
};

// getMeetingInfo's answer, and each <meeting> of getMeetings.
struct MeetingInfo {
  std::string meeting_name;
  std::string meeting_id;
  std::string internal_meeting_id;
  std::int64_t create_time = 0;
  std::string create_date;
  std::string voice_bridge;
  std::string dial_number;
  std::string attendee_pw;
  std::string moderator_pw;
  bool running = false;  // true once someone joined and until it ends
  std::int64_t duration = 0;
  bool has_user_joined = false;
  bool recording = false;  // the create `record` flag
  bool has_been_forcibly_ended = false;
  std::int64_t start_time = 0;
  std::int64_t end_time = 0;  // 0 until the meeting ended
  std::int64_t participant_count = 0;
  std::int64_t listener_count = 0;
  std::int64_t voice_participant_count = 0;
  std::int64_t video_count = 0;
  std::int64_t max_users = 0;
  std::int64_t moderator_count = 0;
  std::vector<Attendee> attendees;
  std::map<std::string, std::string> metadata;
  bool is_breakout = false;
  std::string parent_meeting_id;            // breakout only
  std::int64_t sequence = 0;                // breakout only
  bool free_join = false;                   // breakout only
  std::vector<std::string> breakout_rooms;  // external IDs of this meeting's breakouts
};

// join with redirect=false.
struct JoinResult {
  std::string message_key;  // successfullyJoined or guestWait
  std::string message;
  std::string internal_meeting_id;  // <meeting_id> is the internal ID
  std::string user_id;
  std::string auth_token;
  std::string session_token;
  std::string guest_status;  // ALLOW or WAIT
  std::string url;
};

struct PreviewImage {
  std::string url;
  std::string alt;
  int width = 0;
  int height = 0;
};

struct PlaybackFormat {
  std::string type;  // presentation, video, podcast, ...
  std::string url;
  std::int64_t processing_time = 0;  // milliseconds
  std::int64_t length = 0;           // minutes
  std::vector<PreviewImage> preview;
};

struct Recording {
  std::string record_id;
  std::string meeting_id;
  std::string internal_meeting_id;
  std::string name;
  bool is_breakout = false;
  bool published = false;
  std::string state;  // processing, processed, published, unpublished, deleted
  std::int64_t start_time = 0;
  std::int64_t end_time = 0;
  std::int64_t participants = 0;
  std::map<std::string, std::string> metadata;
  std::vector<PlaybackFormat> playback;
};

// GET <api base> without a call: the version document.
struct ApiVersion {
  std::string version;      // "2.0"
  std::string api_version;  // newer servers only
  std::string bbb_version;  // newer servers only
};

// A SUCCESS answer that carries only a message (end, and the generic case).
struct ApiMessage {
  std::string message_key;
  std::string message;
};

std::expected<CreateMeetingResult, BbbError> ParseCreateResponse(std::string_view xml);
std::expected<JoinResult, BbbError> ParseJoinResponse(std::string_view xml);
std::expected<ApiMessage, BbbError> ParseEndResponse(std::string_view xml);
std::expected<bool, BbbError> ParseIsMeetingRunningResponse(std::string_view xml);
std::expected<MeetingInfo, BbbError> ParseMeetingInfoResponse(std::string_view xml);
std::expected<std::vector<MeetingInfo>, BbbError> ParseMeetingsResponse(std::string_view xml);
std::expected<std::vector<Recording>, BbbError> ParseRecordingsResponse(std::string_view xml);
// deleteRecordings: the <deleted> flag.
std::expected<bool, BbbError> ParseDeleteRecordingsResponse(std::string_view xml);
// publishRecordings: the <published> flag (the echo of `publish`).
std::expected<bool, BbbError> ParsePublishRecordingsResponse(std::string_view xml);
std::expected<ApiVersion, BbbError> ParseApiVersionResponse(std::string_view xml);
// Any call: SUCCESS with its messageKey/message, FAILED as an error.
std::expected<ApiMessage, BbbError> ParseGenericResponse(std::string_view xml);

}  // namespace schedulight
