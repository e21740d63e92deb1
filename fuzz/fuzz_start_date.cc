// Start dates and time zone names as meetings give them (startDate,
// timezone). The input is "<zone>\n<date>" or just "<date>"; a date is parsed
// in the named zone (when it exists), in Europe/Berlin (DST gaps and
// repeated hours) and in UTC, and every parsed time is formatted back.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/start_date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schedulight;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const date::time_zone* const kBerlin = FindTimeZone("Europe/Berlin");
  static const date::time_zone* const kUtc = FindTimeZone("UTC");
  std::string_view text = input;
  const date::time_zone* named = nullptr;
  if (const std::size_t newline = input.find('\n'); newline != std::string_view::npos) {
    named = FindTimeZone(input.substr(0, newline));
    text = input.substr(newline + 1);
  }
  for (const date::time_zone* zone : {named, kBerlin, kUtc}) {
    if (zone == nullptr) continue;
    auto time = ParseStartDate(text, zone);
    if (!time) continue;
    FormatUtc(*time);
    FormatLocal(*time, zone);
  }
  return 0;
}
