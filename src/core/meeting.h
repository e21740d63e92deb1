#pragma once
// A scheduled meeting as written under `meetings:` in the data file or sent to
// POST /meetings, in the original's format. The typed fields are what the
// engine reads; `document` keeps everything as given (unknown fields too), so
// it round-trips through the store and the API unchanged.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "core/start_date.h"

namespace date {
class time_zone;
}

namespace schedulight {

// The server a meeting or command uses when it names none, as in the original CLI.
inline constexpr const char* kDefaultServerId = "bbb";

struct Owner {
  std::string email;  // lower-cased and trimmed, as the original did
  std::string full_name;
  std::optional<std::string> password;
  std::optional<std::string> uid;
  std::optional<std::string> social_uid;
};

// Someone a meeting mails or shares with (shareWith, sendInvitationLink, sendModeratorLink).
struct Recipient {
  std::string email;  // the key as written
  std::optional<std::string> full_name;
  std::optional<bool> send_emails;  // overrides meeting and server
};

// The recipient with this email in one of a meeting's lists (shareWith,
// sendInvitationLink, sendModeratorLink); null when it is not there.
const Recipient* FindRecipient(const std::vector<Recipient>& list, const std::string& email);

struct LiveStreaming {
  std::string streamer_host;
  std::string target_url;
  std::optional<std::string> play_intro;
};

struct Meeting {
  std::string id;
  std::string server_id = kDefaultServerId;
  std::string name;  // meetingName
  Owner owner;
  std::optional<UtcTime> starts_at;        // startDate resolved in `timezone`
  std::string timezone;                    // IANA name used for naive dates and for display
  std::optional<std::string> meeting_id;   // BBB meetingID
  std::optional<std::string> meeting_uid;  // Greenlight room uid
  bool use_home_room = false;              // also true when the meeting names no meetingUID
  std::optional<std::int64_t> pre_open_minutes;
  std::optional<std::int64_t> pre_start_minutes;
  std::optional<std::int64_t> end_after_minutes;
  std::optional<std::int64_t> reminder_minutes;
  std::optional<LiveStreaming> live_streaming;
  std::vector<Recipient> share_with;
  std::vector<Recipient> invitations;      // sendInvitationLink
  std::vector<Recipient> moderator_links;  // sendModeratorLink
  std::optional<std::string> recurrence;   // RFC 5545 RRULE
  nlohmann::json document;
};

struct MeetingDefaults {
  const date::time_zone* timezone = nullptr;  // for naive startDates; required
};

// Validates a meeting document found at path ("meetings.m1"). Returns the
// meeting only when there was no error; every problem is appended to errors.
std::optional<Meeting> ValidateMeeting(const std::string& id, const nlohmann::json& document,
                                       const std::string& path, const MeetingDefaults& defaults,
                                       FieldErrors& errors);

// The per-meeting template keys of the original (meetingOwnerInfoTemplate, ...).
const std::vector<std::string>& MeetingTemplateKeys();

// A template name is a plain file name: no directories, no "..", no hidden files.
bool IsSafeTemplateName(const std::string& name);

}  // namespace schedulight
