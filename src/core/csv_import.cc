#include "core/csv_import.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/utf8_text.h"

namespace schedulight {
namespace {

enum Column : std::size_t {
  kGivenname,
  kSurname,
  kEmail,
  kPassword,
  kStartdate,
  kRoomUrl,
  kLiveUrl,
  kTitle,
  kServer,
  kColumnCount
};

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kNoStartDate = "0000-00-00";

std::string_view Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> SplitFields(std::string_view line) {
  std::vector<std::string> fields;
  for (std::size_t start = 0;;) {
    const auto end = line.find(';', start);
    fields.emplace_back(Trimmed(line.substr(start, end - start)));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

// Lower-cased and trimmed, as the original kept owner addresses.
std::string LoweredAddress(std::string_view email) {
  std::string address(Trimmed(email));
  std::ranges::transform(address, address.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return address;
}

std::string FullName(const std::vector<std::string>& fields) {
  if (fields[kGivenname].empty() || fields[kSurname].empty()) {
    return fields[kGivenname] + fields[kSurname];
  }
  return fields[kGivenname] + " " + fields[kSurname];
}

// The meeting document of one line (decisions in docs/configuration.md, "CSV import").
nlohmann::json MeetingDocument(const std::vector<std::string>& fields) {
  const std::string name = FullName(fields);
  nlohmann::json owner = {{"email", LoweredAddress(fields[kEmail])}, {"fullName", name}};
  if (!fields[kPassword].empty()) owner["password"] = fields[kPassword];

  nlohmann::json document = {
      {"meetingName", name},
      {"useHomeRoom", true},
      {"owner", std::move(owner)},
      {"server", fields[kServer].empty() ? std::string(kDefaultServerId) : fields[kServer]},
      {"muteOnStart", true}};
  if (!fields[kStartdate].empty() && fields[kStartdate] != kNoStartDate) {
    document["startDate"] = fields[kStartdate];
  }
  if (!fields[kTitle].empty()) document["meetingTitle"] = fields[kTitle];
  if (!fields[kLiveUrl].empty()) {
    document["liveStreaming"] = {{"streamerHost", fields[kLiveUrl]},
                                 {"targetUrl", "rtmp://" + fields[kLiveUrl] + "/stream/bbb"}};
  }
  return document;
}

// The CSV column a validation error's field path comes from.
std::string ColumnOf(const std::string& path) {
  static const std::map<std::string, std::string> kColumns = {
      {"", "email"},
      {"id", "email"},
      {"owner.email", "email"},
      {"owner.fullName", "givenname/surname"},
      {"meetingName", "givenname/surname"},
      {"owner.password", "password"},
      {"startDate", "startdate"},
      {"liveStreaming", "live_url"},
      {"liveStreaming.streamerHost", "live_url"},
      {"liveStreaming.targetUrl", "live_url"},
      {"meetingTitle", "title"},
      {"server", "server"}};
  const auto found = kColumns.find(path);
  return found == kColumns.end() ? path : found->second;
}

// "email 'x' is not a mail address", "email: id '_x' must start with ...".
std::string LineMessage(const FieldError& error, const std::vector<std::string>& fields) {
  if (error.path == "owner.email" && fields[kEmail].empty()) return "email is empty";
  if ((error.path == "meetingName" || error.path == "owner.fullName") &&
      fields[kGivenname].empty() && fields[kSurname].empty()) {
    return "givenname and surname are both empty";
  }
  const std::string column = ColumnOf(error.path);
  const std::string& message = error.message;
  const bool reads_on =
      message.starts_with("'") || message.starts_with("is ") || message.starts_with("must ");
  return column + (reads_on ? " " : ": ") + message;
}

// Validation problems as line messages, each once; an id problem is left out
// when the address itself is wrong (the id comes from it).
std::vector<std::string> LineMessages(const FieldErrors& errors,
                                      const std::vector<std::string>& fields) {
  const bool email_wrong = std::ranges::any_of(
      errors, [](const FieldError& error) { return error.path == "owner.email"; });
  std::vector<std::string> messages;
  for (const auto& error : errors) {
    if (email_wrong && (error.path.empty() || error.path == "id")) continue;
    std::string message = LineMessage(error, fields);
    if (std::ranges::find(messages, message) == messages.end()) messages.push_back(message);
  }
  return messages;
}

struct LineResult {
  std::optional<Meeting> meeting;
  std::vector<std::string> problems;
};

// What makes a line unreadable before its fields are looked at: its length
// (so that no field's problem quotes a megabyte back), bytes that are not
// UTF-8, and control characters (a tab is a blank, a CR ends a CRLF line).
std::optional<std::string> UnreadableLine(std::string_view line) {
  if (line.size() > kMaxCsvLineBytes) {
    return fmt::format("is longer than {} bytes", kMaxCsvLineBytes);
  }
  if (const auto bad = FirstInvalidUtf8(line)) {
    return fmt::format("is not UTF-8 text at byte {} (0x{:02X}); save the file as UTF-8", *bad + 1,
                       static_cast<unsigned char>(line[*bad]));
  }
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte < 0x20 && byte != '\t' && byte != '\r') || byte == 0x7F) {
      return fmt::format("has the control character 0x{:02X} at byte {} of the line", byte, i + 1);
    }
  }
  return std::nullopt;
}

LineResult ReadLine(std::string_view line, const MeetingDefaults& defaults) {
  if (auto problem = UnreadableLine(line)) return {std::nullopt, {std::move(*problem)}};
  const std::vector<std::string> fields = SplitFields(line);
  if (fields.size() != kColumnCount) {
    return {
        std::nullopt,
        {fmt::format("has {} fields, expected {}: {}", fields.size(),
                     static_cast<std::size_t>(kColumnCount), fmt::join(CsvImportColumns(), ";"))}};
  }
  const std::string id = CsvMeetingId(fields[kEmail]);
  FieldErrors errors;
  auto meeting = ValidateMeeting(id, MeetingDocument(fields), "", defaults, errors);
  if (!meeting) return {std::nullopt, LineMessages(errors, fields)};
  return {std::move(meeting), {}};
}

bool IsHeader(std::string_view line) {
  return line.size() <= kMaxCsvLineBytes && SplitFields(line) == CsvImportColumns();
}

}  // namespace

const std::vector<std::string>& CsvImportColumns() {
  static const std::vector<std::string> kColumns = {"givenname", "surname",   "email",
                                                    "password",  "startdate", "room_url",
                                                    "live_url",  "title",     "server"};
  return kColumns;
}

std::string CsvMeetingId(std::string_view email) {
  std::string id = LoweredAddress(email);
  std::ranges::replace(id, '@', '_');
  std::ranges::replace(id, '.', '_');
  return id;
}

std::string CsvLineError::Located(std::string_view source) const {
  return fmt::format("{}:{}: {}", source, line, message);
}

std::vector<int> CsvImport::BadLines() const {
  std::set<int> lines;
  for (const auto& error : errors) lines.insert(error.line);
  return {lines.begin(), lines.end()};
}

CsvImport ParseMeetingsCsv(std::string_view text, const MeetingDefaults& defaults) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  CsvImport result;
  std::map<std::string, int> line_of_id;
  bool first = true;
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (Trimmed(line).empty()) continue;
    if (std::exchange(first, false) && IsHeader(line)) {
      result.has_header = true;
      continue;
    }
    LineResult read = ReadLine(line, defaults);
    if (read.meeting) {
      const auto [earlier, is_new] = line_of_id.emplace(read.meeting->id, number);
      if (!is_new) {
        read.problems.push_back(fmt::format("email '{}' gives the meeting id '{}' of line {}",
                                            read.meeting->owner.email, read.meeting->id,
                                            earlier->second));
      }
    }
    if (!read.problems.empty()) {
      for (auto& problem : read.problems) result.errors.push_back({number, std::move(problem)});
      continue;
    }
    result.meetings.push_back({number, std::move(*read.meeting)});
  }
  return result;
}

}  // namespace schedulight
