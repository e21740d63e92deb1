#include "admin/meeting_file_append.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "config/text_file.h"
#include "core/text_scan.h"
#include "core/yaml_document.h"

namespace schedulight {
namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool IsBlankOrComment(const std::string& line) {
  std::size_t first = line.find_first_not_of(" \t\r");
  return first == std::string::npos || line[first] == '#';
}

// A double-quoted YAML scalar: JSON string syntax is valid YAML.
std::string Quoted(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "  id:\n    key: value\n" at the given indent (values are flat scalars).
std::string EntryText(const std::string& id, const nlohmann::json& document, std::size_t indent) {
  const std::string pad(indent, ' ');
  std::string text = pad + Quoted(id) + ":\n";
  for (const auto& [key, value] : document.items()) {
    text += pad + pad + key + ": " + (value.is_string() ? Quoted(value) : value.dump()) + "\n";
  }
  return text;
}

std::expected<YamlDocument, std::string> Parse(const std::string& text, const char* which) {
  auto parsed = ParseYaml(text);
  if (!parsed) {
    return std::unexpected(fmt::format("{} line {}, column {}: {}", which,
                                       parsed.error().location.line, parsed.error().location.column,
                                       parsed.error().message));
  }
  return std::move(*parsed);
}

}  // namespace

std::expected<std::string, std::string> AppendMeetingText(const std::string& text,
                                                          const std::string& id,
                                                          const nlohmann::json& document) {
  auto old_doc = Parse(text, "the file:");
  if (!old_doc) return std::unexpected(old_doc.error());
  nlohmann::json old_value = old_doc->value.is_null() ? nlohmann::json::object() : old_doc->value;
  if (!old_value.is_object()) return std::unexpected("the file is not a YAML mapping");
  if (old_value.contains("meetings") && !old_value["meetings"].is_null() &&
      !old_value["meetings"].is_object()) {
    return std::unexpected("the file's meetings is not a mapping");
  }
  if (old_value.contains("meetings") && old_value["meetings"].is_object() &&
      old_value["meetings"].contains(id)) {
    return std::unexpected(fmt::format("the file already has a meeting '{}'", id));
  }

  std::vector<std::string> lines = SplitLines(text);
  std::size_t key_line = lines.size();
  for (std::size_t i = 0; i < lines.size() && key_line == lines.size(); ++i) {
    const TopLevelKeyLine kind = ScanTopLevelKeyLine(lines[i], "meetings");
    if (kind == TopLevelKeyLine::kEmptyFlow) lines[i] = "meetings:";
    if (kind != TopLevelKeyLine::kNone) key_line = i;
  }

  std::string result;
  if (key_line == lines.size()) {
    if (old_value.contains("meetings")) {
      return std::unexpected(
          "the file's meetings is written in flow style; add the meeting by hand");
    }
    result = text;
    if (!result.empty() && result.back() != '\n') result += "\n";
    result += "meetings:\n" + EntryText(id, document, 2);
  } else {
    // The block ends at the next line that starts at column 0; insert after
    // its last content line, so comments heading the next key stay with it.
    std::size_t end = key_line + 1;
    std::size_t last_content = key_line;
    std::size_t indent = 0;
    for (; end < lines.size(); ++end) {
      const std::string& line = lines[end];
      if (IsBlankOrComment(line)) continue;
      if (line[0] != ' ' && line[0] != '\t') break;
      if (indent == 0) indent = line.find_first_not_of(' ');
      last_content = end;
    }
    if (indent == 0) indent = 2;
    std::string entry = EntryText(id, document, indent);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      result += lines[i] + "\n";
      if (i == last_content) result += entry;
    }
  }

  auto new_doc = Parse(result, "after appending, the file would not parse:");
  if (!new_doc) return std::unexpected(new_doc.error());
  nlohmann::json expected = old_value;
  if (!expected.contains("meetings") || expected["meetings"].is_null()) {
    expected["meetings"] = nlohmann::json::object();
  }
  expected["meetings"][id] = document;
  if (new_doc->value != expected) {
    return std::unexpected(
        "the file's layout does not allow a safe append; add the meeting by hand");
  }
  return result;
}

std::expected<void, std::string> AppendMeetingToFile(const std::string& path, const std::string& id,
                                                     const nlohmann::json& document) {
  namespace fs = std::filesystem;
  auto existing = ReadTextFileIfExists(path);
  if (!existing) return std::unexpected(existing.error());
  const std::string text = existing->value_or("");
  std::error_code exists_error;
  auto appended = AppendMeetingText(text, id, document);
  if (!appended) return std::unexpected(fmt::format("{}: {}", path, appended.error()));

  const std::string temporary = path + ".schedulight-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << *appended;
    out.flush();
    if (!out) return std::unexpected(fmt::format("{}: cannot write", temporary));
  }
  std::error_code error;
  if (fs::exists(path, exists_error)) {
    fs::permissions(temporary, fs::status(path, error).permissions(), error);
  }
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, exists_error);
    return std::unexpected(fmt::format("{}: cannot replace: {}", path, error.message()));
  }
  return {};
}

}  // namespace schedulight
