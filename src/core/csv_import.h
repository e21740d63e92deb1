#pragma once
// The original's meetings CSV (SPEC 1.3), read into meeting documents:
//
//   givenname;surname;email;password;startdate;room_url;live_url;title;server
//
// one meeting a line. Each line becomes a meeting that uses the owner's home
// room, keyed by the owner's mail address with '@' and '.' replaced by '_'.
// Every meeting is checked by ValidateMeeting, the same validation `apply`
// uses, and its problems are reported against the CSV line and column
// ("email 'x' is not a mail address"), never against a YAML field path.
//
// A line that is longer than kMaxCsvLineBytes, is not UTF-8 or holds a
// control character other than a tab is an error of that line.
//
// Accepted around the data: a UTF-8 byte order mark, CRLF line endings,
// blank lines, blanks around fields, and a header line when the first
// non-blank line holds exactly the column names. Fields are not quoted (a
// field cannot hold ';'), as in the original. Pure: no I/O, no store; whether
// a meeting's server exists is for the caller to check.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/meeting.h"

namespace schedulight {

// A line longer than this is an error as a whole (a meeting's nine fields
// need a few hundred bytes), so that a huge field is neither kept nor quoted.
inline constexpr std::size_t kMaxCsvLineBytes = 64 * 1024;

// The column names in order, as a header line may give them.
const std::vector<std::string>& CsvImportColumns();

// The meeting id of an owner address: lower-cased and trimmed, '@' and '.' -> '_'.
std::string CsvMeetingId(std::string_view email);

// One line that became a valid meeting.
struct CsvMeeting {
  int line = 0;     // 1-based line in the CSV text
  Meeting meeting;  // meeting.document is what is stored or written
};

// A problem with one line; a bad line may have several.
struct CsvLineError {
  int line = 0;
  std::string message;  // "email 'x' is not a mail address"

  // "people.csv:7: email 'x' is not a mail address"
  std::string Located(std::string_view source) const;
};

struct CsvImport {
  std::vector<CsvMeeting> meetings;  // the good lines, in file order
  std::vector<CsvLineError> errors;  // the bad lines' problems, in line order
  bool has_header = false;           // the first line named the columns

  // The lines with at least one error, ascending, each once.
  std::vector<int> BadLines() const;
};

// Reads the CSV text. Every line is either a meeting or has errors; a line
// whose id repeats an earlier good line's id is an error on the later line.
CsvImport ParseMeetingsCsv(std::string_view text, const MeetingDefaults& defaults);

}  // namespace schedulight
