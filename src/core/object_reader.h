#pragma once
// Reads typed fields out of a JSON object while collecting FieldErrors with
// their full path. Used by every document validator, so that all documents
// report problems the same way ("meetings.m1.preOpenMinutes: must be a
// whole number of minutes, 0 or more").

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/field_error.h"
#include "core/input_limits.h"
#include "core/text_scan.h"

namespace schedulight {

enum class Presence { kOptional, kRequired };

class ObjectReader {
 public:
  // Adds an error when value is not an object; every read then returns nothing.
  ObjectReader(const nlohmann::json& value, std::string path, FieldErrors& errors);

  bool IsObject() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return JoinPath(path_, std::string(key)); }
  bool Has(std::string_view key) const;
  void AddError(std::string_view key, std::string message);

  // Text checked against rule (input_limits.h): its type, length, UTF-8 and
  // control characters, in that order, so nothing looks at an over-long value.
  std::optional<std::string> Text(std::string_view key, const TextRule& rule,
                                  Presence presence = Presence::kOptional);
  // Any other single-line text (kLineRule). Numbers are accepted and kept as written.
  std::optional<std::string> String(std::string_view key, Presence presence = Presence::kOptional);
  // Like String, but must not be empty.
  std::optional<std::string> NonEmptyString(std::string_view key,
                                            Presence presence = Presence::kOptional);
  // A mail address; surrounding blanks are dropped.
  std::optional<std::string> Email(std::string_view key, Presence presence = Presence::kOptional);
  // An http:// or https:// URL, at most kMaxUrlLength characters.
  std::optional<std::string> HttpUrl(std::string_view key, Presence presence = Presence::kOptional);
  // true/false; the strings "true"/"false" are accepted as the original's CSV import wrote them.
  std::optional<bool> Bool(std::string_view key);
  // A whole number from 0 to max.
  std::optional<std::int64_t> NonNegativeInteger(
      std::string_view key, std::int64_t max = std::numeric_limits<std::int64_t>::max());
  // Whole minutes from 0 to kMaxMinutes (a year), so that adding them to a
  // date can never overflow.
  std::optional<std::int64_t> Minutes(std::string_view key);
  std::optional<std::string> OneOf(std::string_view key,
                                   std::initializer_list<std::string_view> allowed);
  // A list of text items, e.g. [a, b]; a single text counts as a list of one.
  // Each item is checked against kLineRule.
  std::optional<std::vector<std::string>> StringList(std::string_view key);
  // A nested object; nullptr when absent (or null), or not an object (error added).
  const nlohmann::json* Object(std::string_view key, Presence presence = Presence::kOptional);

 private:
  const nlohmann::json* Field(std::string_view key, Presence presence);
  std::optional<std::int64_t> WholeNumber(std::string_view key, std::int64_t max,
                                          std::string_view message);

  const nlohmann::json* object_ = nullptr;
  std::string path_;
  FieldErrors& errors_;
};

// Checks value (at path) against rule: text (or, with rule.numbers, a plain
// integer, taken as written), at most rule.max_length characters, well-formed
// UTF-8, no control characters, at least rule.min_length characters. Returns the
// text, or appends one error and returns nothing.
std::optional<std::string> CheckTextValue(const nlohmann::json& value, const TextRule& rule,
                                          const std::string& path, FieldErrors& errors);

// The same checks for text that is already a string, such as a mapping's key.
bool CheckText(std::string_view text, const TextRule& rule, const std::string& path,
               FieldErrors& errors);

}  // namespace schedulight
