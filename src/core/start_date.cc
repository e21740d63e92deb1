#include "core/start_date.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <optional>

#include "core/text_scan.h"

namespace schedulight {

const date::time_zone* FindTimeZone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

const date::time_zone* SystemTimeZone() {
  try {
    return date::current_zone();
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

namespace {

// The fields of "YYYY-MM-DD[T ]HH:MM[:SS][Z|+HH:MM|+HHMM|-...]".
struct DateFields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_offset = false;
  int offset_minutes = 0;  // east of UTC
};

// Reads `count` digits at text[at] into value; false if they are not all digits.
bool ReadDigits(std::string_view text, std::size_t& at, int count, int& value) {
  if (at + static_cast<std::size_t>(count) > text.size()) return false;
  value = 0;
  for (int i = 0; i < count; ++i, ++at) {
    if (text[at] < '0' || text[at] > '9') return false;
    value = value * 10 + (text[at] - '0');
  }
  return true;
}

bool Expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

// A single left-to-right pass over the two accepted forms.
std::optional<DateFields> ScanDate(std::string_view text) {
  DateFields f;
  std::size_t at = 0;
  if (!ReadDigits(text, at, 4, f.year) || !Expect(text, at, '-') ||
      !ReadDigits(text, at, 2, f.month) || !Expect(text, at, '-') ||
      !ReadDigits(text, at, 2, f.day)) {
    return std::nullopt;
  }
  if (at >= text.size() || (text[at] != 'T' && text[at] != ' ')) return std::nullopt;
  ++at;
  if (!ReadDigits(text, at, 2, f.hour) || !Expect(text, at, ':') ||
      !ReadDigits(text, at, 2, f.minute)) {
    return std::nullopt;
  }
  if (at < text.size() && text[at] == ':' && !(++at, ReadDigits(text, at, 2, f.second))) {
    return std::nullopt;
  }
  if (at == text.size()) return f;
  f.has_offset = true;
  if (text[at] == 'Z') return at + 1 == text.size() ? std::optional(f) : std::nullopt;
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  const int sign = text[at] == '-' ? -1 : 1;
  ++at;
  int hours = 0, minutes = 0;
  if (!ReadDigits(text, at, 2, hours)) return std::nullopt;
  if (at < text.size() && text[at] == ':') ++at;
  if (!ReadDigits(text, at, 2, minutes) || at != text.size()) return std::nullopt;
  if (minutes > 59) return std::nullopt;
  f.offset_minutes = sign * (hours * 60 + minutes);
  return f;
}

}  // namespace

std::expected<UtcTime, std::string> ParseStartDate(std::string_view text,
                                                   const date::time_zone* zone) {
  const std::optional<DateFields> fields =
      text.size() <= 32 ? ScanDate(text) : std::optional<DateFields>();
  if (!fields) {
    return std::unexpected(
        fmt::format("{} is not a date: write 'YYYY-MM-DD HH:MM' or ISO 8601 like "
                    "'2026-12-01T10:00:00+01:00'",
                    QuoteForMessage(text)));
  }
  if (fields->year < kFirstYear || fields->year > kLastYear) {
    return std::unexpected(fmt::format("{} is not a valid date: the year must be {} to {}",
                                       QuoteForMessage(text), kFirstYear, kLastYear));
  }
  if (fields->offset_minutes < kMinUtcOffsetMinutes ||
      fields->offset_minutes > kMaxUtcOffsetMinutes) {
    return std::unexpected(
        fmt::format("{} is not a valid date: a UTC offset must be from -12:00 to +14:00",
                    QuoteForMessage(text)));
  }
  const date::year_month_day day{date::year{fields->year},
                                 date::month(static_cast<unsigned>(fields->month)),
                                 date::day(static_cast<unsigned>(fields->day))};
  const int hour = fields->hour, minute = fields->minute, second = fields->second;
  if (!day.ok() || hour > 23 || minute > 59 || second > 59) {
    return std::unexpected(
        fmt::format("{} is not a valid calendar date and time", QuoteForMessage(text)));
  }
  const auto clock_time =
      std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);

  if (fields->has_offset) {
    const std::chrono::minutes shift{fields->offset_minutes};
    return UtcTime(date::sys_days(day).time_since_epoch() + clock_time - shift);
  }

  const date::local_seconds local{date::local_days(day).time_since_epoch() + clock_time};
  const auto info = zone->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
      return UtcTime(local.time_since_epoch() - info.first.offset);
    case date::local_info::ambiguous:
      return UtcTime(local.time_since_epoch() - info.first.offset);
    case date::local_info::nonexistent:
    default:
      return std::unexpected(
          fmt::format("{} does not exist in {}: the clocks skip that hour for daylight saving time",
                      QuoteForMessage(text), zone->name()));
  }
}

std::string FormatUtc(UtcTime time) { return date::format("%Y-%m-%dT%H:%M:%SZ", time); }

std::string FormatLocal(UtcTime time, const date::time_zone* zone) {
  const date::zoned_seconds zoned(zone, time);
  const auto info = zoned.get_info();
  const auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  const long magnitude = offset < 0 ? -offset : offset;
  return fmt::format("{} {} (UTC{}{:02}:{:02})", date::format("%Y-%m-%d %H:%M", zoned), info.abbrev,
                     offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

}  // namespace schedulight
