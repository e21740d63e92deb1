#include "admin/meeting_file_merge.h"

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "core/text_scan.h"
#include "core/yaml_document.h"
#include "core/yaml_writer.h"

namespace schedulight {
namespace {

// Lines without their '\n'; a '\r' stays, so CRLF files keep their endings.
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool IsBlankOrComment(const std::string& line) {
  const auto first = line.find_first_not_of(" \t\r");
  return first == std::string::npos || line[first] == '#';
}

std::size_t IndentOf(const std::string& line) { return line.find_first_not_of(' '); }

// The key of an entry line such as `  "m1":` or `  m1: {a: b}`, if it parses as one.
std::optional<std::string> EntryKey(const std::string& line) {
  auto parsed = ParseYaml(line.substr(IndentOf(line)));
  if (!parsed || !parsed->value.is_object() || parsed->value.size() != 1) return std::nullopt;
  return parsed->value.begin().key();
}

// Where the meetings block is in the text's lines.
struct MeetingsBlock {
  std::size_t key_line = 0;
  std::size_t last_content = 0;  // the block's last line with content (key_line when empty)
  std::size_t indent = 2;        // of the entries
  // Entry id -> its first and last content line.
  std::map<std::string, std::pair<std::size_t, std::size_t>> entries;
};

std::optional<std::size_t> FindMeetingsKey(std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    switch (ScanTopLevelKeyLine(lines[i], "meetings")) {
      case TopLevelKeyLine::kEmptyFlow:
        lines[i] = lines[i].back() == '\r' ? "meetings:\r" : "meetings:";
        return i;
      case TopLevelKeyLine::kBlock:
        return i;
      case TopLevelKeyLine::kNone:
        break;
    }
  }
  return std::nullopt;
}

// The block ends at the next line that starts at column 0; comments before
// the next key stay with it.
MeetingsBlock ReadBlock(const std::vector<std::string>& lines, std::size_t key_line) {
  MeetingsBlock block{.key_line = key_line, .last_content = key_line};
  std::size_t indent = 0;
  std::optional<std::string> current;
  for (std::size_t i = key_line + 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (IsBlankOrComment(line)) continue;
    if (line[0] != ' ') break;
    if (indent == 0) indent = IndentOf(line);
    block.last_content = i;
    if (IndentOf(line) == indent) {
      current = EntryKey(line);
      if (current) block.entries[*current] = {i, i};
    } else if (current) {
      block.entries[*current].second = i;
    }
  }
  if (indent != 0) block.indent = indent;
  return block;
}

// The meetings of the parsed file, checked to be a mapping (or absent).
std::expected<nlohmann::json, std::string> OldValue(const std::string& text) {
  auto parsed = ParseYaml(text);
  if (!parsed) {
    return std::unexpected(fmt::format("line {}, column {}: {}", parsed.error().location.line,
                                       parsed.error().location.column, parsed.error().message));
  }
  nlohmann::json value = parsed->value.is_null() ? nlohmann::json::object() : parsed->value;
  if (!value.is_object()) return std::unexpected("the file is not a YAML mapping");
  if (!value.contains("meetings") || value["meetings"].is_null()) {
    value["meetings"] = nlohmann::json::object();
  }
  if (!value["meetings"].is_object())
    return std::unexpected("the file's meetings is not a mapping");
  return value;
}

}  // namespace

std::expected<MeetingMerge, std::string> MergeMeetingsText(
    const std::string& text, const std::vector<MeetingEntry>& meetings) {
  auto old_value = OldValue(text);
  if (!old_value) return std::unexpected(old_value.error());
  const nlohmann::json& old_meetings = (*old_value)["meetings"];

  MeetingMerge merge;
  nlohmann::json expected = *old_value;
  std::vector<const MeetingEntry*> added, updated;
  for (const auto& meeting : meetings) {
    const bool known = old_meetings.contains(meeting.id);
    if (known && old_meetings[meeting.id] == meeting.document) {
      merge.changes.unchanged.push_back(meeting.id);
      continue;
    }
    (known ? merge.changes.updated : merge.changes.added).push_back(meeting.id);
    (known ? updated : added).push_back(&meeting);
    expected["meetings"][meeting.id] = meeting.document;
  }
  if (added.empty() && updated.empty()) {
    merge.text = text;
    return merge;
  }

  std::vector<std::string> lines = SplitLines(text);
  const auto key_line = FindMeetingsKey(lines);
  if (!key_line && !old_meetings.empty()) {
    return std::unexpected("the file's meetings is written in flow style; edit it by hand");
  }
  if (!key_line) lines.emplace_back("meetings:");
  const MeetingsBlock block = ReadBlock(lines, key_line.value_or(lines.size() - 1));
  const std::size_t step = block.indent;

  // Replacements by first line, then the new entries after the block's last line.
  std::map<std::size_t, std::pair<std::size_t, std::string>> replace;  // first -> (last, text)
  for (const MeetingEntry* meeting : updated) {
    auto found = block.entries.find(meeting->id);
    if (found == block.entries.end()) {
      return std::unexpected(
          fmt::format("cannot find where meeting '{}' is written; edit it by hand", meeting->id));
    }
    replace[found->second.first] = {
        found->second.second, YamlMappingEntry(meeting->id, meeting->document, block.indent, step)};
  }
  std::string appended;
  for (const MeetingEntry* meeting : added) {
    appended += YamlMappingEntry(meeting->id, meeting->document, block.indent, step);
  }

  std::string result;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t last = i;
    if (auto found = replace.find(i); found != replace.end()) {
      result += found->second.second;
      last = found->second.first;
    } else {
      result += lines[i] + "\n";
    }
    if (block.last_content >= i && block.last_content <= last) result += appended;
    i = last;
  }

  auto check = ParseYaml(result);
  if (!check || check->value != expected) {
    return std::unexpected("the file's layout does not allow a safe merge; edit it by hand");
  }
  merge.text = std::move(result);
  return merge;
}

}  // namespace schedulight
