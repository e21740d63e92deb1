#pragma once
// Reads YAML text into JSON, remembering where each field came from, so that a
// validation error on "meetings.m1.startDate" can point at file:line:column.
//
// Scalars are typed the way the original (PyYAML) read the same files: plain
// null/~/empty -> null, true/false/yes/no/on/off -> bool, decimal integers
// without a leading zero -> integer, decimals -> number, everything else
// (dates, times, access codes like 0042) -> string. Quoted scalars are always strings.

#include <cstddef>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/field_error.h"

namespace schedulight {

struct SourceLocation {
  int line = 0;  // 1-based
  int column = 0;
};

struct YamlDocument {
  nlohmann::json value;
  // Field path -> where its value starts. The root has the empty path.
  std::map<std::string, SourceLocation> locations;

  // The location of path or of its nearest ancestor that has one.
  SourceLocation Locate(const std::string& path) const;
};

// Formats errors as "source:line:column: path: message", in file order.
std::vector<std::string> FormatLocatedErrors(const YamlDocument& document,
                                             const std::string& source, const FieldErrors& errors);

struct YamlSyntaxError {
  SourceLocation location;
  std::string message;
};

// Parses one YAML document. Duplicate mapping keys are syntax errors (YAML
// forbids them and silently keeping one would lose data).
std::expected<YamlDocument, YamlSyntaxError> ParseYaml(const std::string& text);

}  // namespace schedulight
