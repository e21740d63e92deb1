#include "core/start_date.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <regex>

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

std::expected<UtcTime, std::string> ParseStartDate(std::string_view text,
                                                   const date::time_zone* zone) {
  static const std::regex kForm(
      "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2}))?"
      "(Z|[+-]\\d{2}:?\\d{2})?");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kForm)) {
    return std::unexpected(
        fmt::format("'{}' is not a date: write 'YYYY-MM-DD HH:MM' or ISO 8601 like "
                    "'2026-12-01T10:00:00+01:00'",
                    text));
  }
  auto number = [&](int group) { return m[group].matched ? std::stoi(m[group].str()) : 0; };
  const date::year_month_day day{date::year{number(1)}, date::month(number(2)),
                                 date::day(number(3))};
  const int hour = number(4), minute = number(5), second = number(6);
  if (!day.ok() || hour > 23 || minute > 59 || second > 59) {
    return std::unexpected(fmt::format("'{}' is not a valid calendar date and time", text));
  }
  const auto clock_time =
      std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);

  if (m[7].matched) {
    const std::string offset = m[7].str();
    std::chrono::minutes shift{0};
    if (offset != "Z") {
      const std::string digits = std::regex_replace(offset.substr(1), std::regex(":"), "");
      shift = std::chrono::hours(std::stoi(digits.substr(0, 2))) +
              std::chrono::minutes(std::stoi(digits.substr(2, 2)));
      if (offset[0] == '-') shift = -shift;
    }
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
      return std::unexpected(fmt::format(
          "'{}' does not exist in {}: the clocks skip that hour for daylight saving time", text,
          zone->name()));
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
