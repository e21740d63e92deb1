#pragma once
// Reads YAML text into JSON, remembering where each field came from, so that a
// validation error on "meetings.m1.startDate" can point at file:line:column.
//
// Scalars are typed the way the original (PyYAML) read the same files: plain
// null/~/empty -> null, true/false/yes/no/on/off -> bool, decimal integers
// without a leading zero -> integer, decimals -> number, everything else
// (dates, times, access codes like 0042) -> string. Quoted scalars are always strings.
//
// Input from outside is bounded while it is read (docs/configuration.md,
// "Limits on parsing"): the text must be UTF-8 without control characters
// and hold one document; nesting, and what aliases expand to, are capped by
// YamlLimits, so neither `[[[[...` nor an alias bomb (an anchor aliased ten
// times, aliased ten times, ...) can exhaust the stack or memory. The size
// of the text is for the caller to bound before calling.

#include <cstddef>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
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

struct YamlLimits {
  int max_depth = 64;  // lists and mappings; the outermost is level 1
  // Every value (scalar, list or mapping) counts once where it ends up, so an
  // alias counts all that its anchor holds each time it is used.
  std::size_t max_values = 1'000'000;
  // Below max_values, a text may hold at most one value per byte, or this
  // many, whichever is more. Text without aliases never has more values than
  // bytes, so this only stops a small file's aliases early.
  std::size_t min_values_per_text = 100'000;
  // Scalars, keys and the field paths that locate them, after aliases are expanded.
  std::size_t max_expanded_bytes = std::size_t{64} << 20;
};

// Parses one YAML document. Duplicate mapping keys are syntax errors (YAML
// forbids them and silently keeping one would lose data), and so are mapping
// keys that are lists or mappings, a second document, an alias inside the node
// it names, and a plain decimal too large for a double (1.0e999999). Every
// error is located (an alias bomb at the alias that crosses a limit); nothing
// throws, std::bad_alloc included.
std::expected<YamlDocument, YamlSyntaxError> ParseYaml(std::string_view text,
                                                       const YamlLimits& limits = {});

}  // namespace schedulight
