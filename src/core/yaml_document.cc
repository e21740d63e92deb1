#include "core/yaml_document.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

namespace schedulight {
namespace {

struct DuplicateKey {
  SourceLocation location;
  std::string key;
};

SourceLocation ToLocation(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

nlohmann::json PlainScalar(const std::string& text) {
  static const std::set<std::string> kNull = {"", "~", "null", "Null", "NULL"};
  static const std::set<std::string> kTrue = {"true", "True", "TRUE", "yes", "Yes",
                                              "YES",  "on",   "On",   "ON"};
  static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no", "No",
                                               "NO",    "off",   "Off",   "OFF"};
  static const std::regex kInteger("[-+]?(0|[1-9][0-9]*)");
  static const std::regex kDecimal("[-+]?([0-9]*\\.[0-9]+|[0-9]+\\.[0-9]*)([eE][-+]?[0-9]+)?");
  if (kNull.contains(text)) return nullptr;
  if (kTrue.contains(text)) return true;
  if (kFalse.contains(text)) return false;
  if (std::regex_match(text, kInteger)) {
    try {
      return std::stoll(text);
    } catch (const std::out_of_range&) {
      return text;  // too large for an integer: keep the digits as written
    }
  }
  if (std::regex_match(text, kDecimal)) return std::stod(text);
  return text;
}

using Locations = std::map<std::string, SourceLocation>;

nlohmann::json Convert(const YAML::Node& node, const std::string& path, Locations& locations) {
  locations[path] = ToLocation(node.Mark());
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Scalar:
      // yaml-cpp tags quoted scalars "!" and plain ones "?".
      return node.Tag() == "!" ? nlohmann::json(node.Scalar()) : PlainScalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : node) {
        array.push_back(Convert(item, JoinPath(path, std::to_string(array.size())), locations));
      }
      return array;
    }
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        if (object.contains(key)) throw DuplicateKey{ToLocation(entry.first.Mark()), key};
        object[key] = Convert(entry.second, JoinPath(path, key), locations);
      }
      return object;
    }
  }
  return nullptr;
}

}  // namespace

SourceLocation YamlDocument::Locate(const std::string& path) const {
  std::string current = path;
  while (true) {
    if (auto it = locations.find(current); it != locations.end()) return it->second;
    if (current.empty()) return {};
    const auto dot = current.rfind('.');
    current = dot == std::string::npos ? std::string() : current.substr(0, dot);
  }
}

std::vector<std::string> FormatLocatedErrors(const YamlDocument& document,
                                             const std::string& source, const FieldErrors& errors) {
  struct Located {
    SourceLocation where;
    std::string text;
  };
  std::vector<Located> located;
  for (const auto& error : errors) {
    const SourceLocation where = document.Locate(error.path);
    located.push_back({where, source + ":" + std::to_string(where.line) + ":" +
                                  std::to_string(where.column) + ": " + error.ToString()});
  }
  std::ranges::stable_sort(located, [](const Located& a, const Located& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  std::vector<std::string> messages;
  for (auto& item : located) messages.push_back(std::move(item.text));
  return messages;
}

std::expected<YamlDocument, YamlSyntaxError> ParseYaml(const std::string& text) {
  YamlDocument document;
  try {
    document.value = Convert(YAML::Load(text), "", document.locations);
  } catch (const YAML::Exception& e) {
    return std::unexpected(YamlSyntaxError{ToLocation(e.mark), e.msg});
  } catch (const DuplicateKey& e) {
    return std::unexpected(YamlSyntaxError{e.location, "duplicate key '" + e.key + "'"});
  }
  return document;
}

}  // namespace schedulight
