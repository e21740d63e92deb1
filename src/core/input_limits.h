#pragma once
// How long, and what kind of, text each field may hold. Every text field of a
// server, meeting or command is checked against one of these rules before
// anything else looks at it, so a hostile value is refused with a short
// message naming the field, and is never stored. docs/configuration.md
// ("Limits on input") lists the same numbers; keep the two in step.
//
// Lengths count characters (Unicode code points), not bytes.

#include <cstddef>
#include <cstdint>

namespace schedulight {

inline constexpr std::size_t kMaxIdLength = 128;           // server, meeting, command ids
inline constexpr std::size_t kMaxNameLength = 256;         // meetingName, fullName, room names
inline constexpr std::size_t kMinMeetingNameLength = 2;    // BBB refuses shorter names
inline constexpr std::size_t kMaxEmailLength = 254;        // RFC 5321's path limit
inline constexpr std::size_t kMaxHostFieldLength = 300;    // streamerHost, mailServer
inline constexpr std::size_t kMaxUrlLength = 2048;         // BBB_URL, link_base, database, ...
inline constexpr std::size_t kMaxSecretLength = 1024;      // BBB_SECRET, passwords, mailUser
inline constexpr std::size_t kMaxCodeLength = 256;         // accessCode, uids, meetingID, role
inline constexpr std::size_t kMaxShortWordLength = 64;     // language, checksumAlgorithm, ...
inline constexpr std::size_t kMaxZoneLength = 256;         // timezone
inline constexpr std::size_t kMaxDateLength = 64;          // startDate
inline constexpr std::size_t kMaxRecurrenceLength = 1024;  // recurrence (an RRULE)
inline constexpr std::size_t kMaxParamNameLength = 128;    // createParams names
inline constexpr std::size_t kMaxFreeTextLength = 65536;   // welcome, description, ...
inline constexpr std::size_t kMaxLineLength = 4096;        // any other text

inline constexpr std::int64_t kMaxMinutes = 525600;  // a year: preOpenMinutes, duration, ...
inline constexpr std::int64_t kMaxParticipants = 100000;

// What a text field may hold.
struct TextRule {
  std::size_t max_length = kMaxLineLength;
  std::size_t min_length = 0;
  // A plain integer is taken as text, as written (accessCode: 4711). Only ids,
  // codes, uids and secrets allow it; names, text, URLs and addresses must be
  // text, so that `meetingName: 5` is an error rather than a meeting named "5".
  bool numbers = false;
  // Tab, line feed and carriage return are allowed (free text). Other control
  // characters, NUL included, are refused everywhere: no field can mean them,
  // and C strings further down (PostgreSQL, libical) would cut the text there.
  bool multiline = false;
};

inline constexpr TextRule kIdRule{.max_length = kMaxIdLength, .min_length = 1, .numbers = true};
inline constexpr TextRule kNameRule{.max_length = kMaxNameLength, .min_length = 1};
inline constexpr TextRule kMeetingNameRule{.max_length = kMaxNameLength,
                                           .min_length = kMinMeetingNameLength};
inline constexpr TextRule kEmailRule{.max_length = kMaxEmailLength};
inline constexpr TextRule kHostRule{.max_length = kMaxHostFieldLength, .min_length = 1};
inline constexpr TextRule kUrlRule{.max_length = kMaxUrlLength};
inline constexpr TextRule kSecretRule{.max_length = kMaxSecretLength, .numbers = true};
inline constexpr TextRule kCodeRule{.max_length = kMaxCodeLength, .numbers = true};
inline constexpr TextRule kWordRule{.max_length = kMaxShortWordLength};
inline constexpr TextRule kZoneRule{.max_length = kMaxZoneLength, .min_length = 1};
inline constexpr TextRule kDateRule{.max_length = kMaxDateLength, .min_length = 1};
inline constexpr TextRule kRecurrenceRule{.max_length = kMaxRecurrenceLength, .min_length = 1};
inline constexpr TextRule kFreeTextRule{.max_length = kMaxFreeTextLength, .multiline = true};
inline constexpr TextRule kLineRule{.max_length = kMaxLineLength, .numbers = true};

}  // namespace schedulight
