// `schedulight import-csv`: the meetings CSV -> ParseMeetingsCsv (which runs
// ValidateMeeting on every line) -> the located messages, and each good
// meeting's document as the store writes it (dump()).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/csv_import.h"
#include "core/start_date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schedulight;
  static const MeetingDefaults defaults{FindTimeZone("Europe/Berlin")};
  const CsvImport import =
      ParseMeetingsCsv(std::string_view(reinterpret_cast<const char*>(data), size), defaults);
  for (const auto& error : import.errors) error.Located("fuzz.csv");
  for (const auto& meeting : import.meetings) meeting.meeting.document.dump();
  import.BadLines();
  return 0;
}
