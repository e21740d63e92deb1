#pragma once
// Meeting start dates. Two forms are accepted, as SPEC 1.2 says:
//   "2026-12-01 10:00"            local time in the meeting's (or the app's) zone
//   "2026-12-01T10:00:00+01:00"   ISO 8601 with an offset (or Z)
// Seconds are optional in both; a 'T' or a space may separate date and time.
// Everything is computed in UTC. A local time that falls into a DST gap does
// not exist and is rejected; one that occurs twice (the hour after clocks go
// back) means its first occurrence, as calendars do.

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace schedulight {

using UtcTime = std::chrono::sys_seconds;

// The IANA zone with that name, or nullptr when there is none.
const date::time_zone* FindTimeZone(std::string_view name);

// The zone this machine runs in (TZ, /etc/localtime), UTC if it cannot be told.
const date::time_zone* SystemTimeZone();

// Dates outside these are refused: years 1970 to 9999 (year 0000 is no date,
// and nothing is scheduled before the Unix epoch); offsets from -12:00 to
// +14:00, the range real time zones use.
inline constexpr int kFirstYear = 1970;
inline constexpr int kLastYear = 9999;
inline constexpr int kMinUtcOffsetMinutes = -12 * 60;
inline constexpr int kMaxUtcOffsetMinutes = 14 * 60;

std::expected<UtcTime, std::string> ParseStartDate(std::string_view text,
                                                   const date::time_zone* zone);

// "2026-11-26T08:12:02Z"
std::string FormatUtc(UtcTime time);

// "2026-12-01 10:00 CET (UTC+01:00)", the form people read in mails and listings.
std::string FormatLocal(UtcTime time, const date::time_zone* zone);

// Seconds since the Unix epoch; how the store keeps times.
inline std::int64_t ToUnixSeconds(UtcTime time) { return time.time_since_epoch().count(); }
inline UtcTime FromUnixSeconds(std::int64_t seconds) {
  return UtcTime(std::chrono::seconds(seconds));
}

}  // namespace schedulight
