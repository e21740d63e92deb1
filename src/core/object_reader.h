#pragma once
// Reads typed fields out of a JSON object while collecting FieldErrors with
// their full path. Used by every document validator, so that all documents
// report problems the same way ("meetings.m1.preOpenMinutes: must be a
// whole number of minutes, 0 or more").

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/field_error.h"

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

  // Text. Numbers are accepted and kept as written (accessCode: 1234).
  std::optional<std::string> String(std::string_view key, Presence presence = Presence::kOptional);
  // Text that must not be empty.
  std::optional<std::string> NonEmptyString(std::string_view key,
                                            Presence presence = Presence::kOptional);
  // A mail address; surrounding blanks are dropped.
  std::optional<std::string> Email(std::string_view key, Presence presence = Presence::kOptional);
  // An http:// or https:// URL.
  std::optional<std::string> HttpUrl(std::string_view key, Presence presence = Presence::kOptional);
  // true/false; the strings "true"/"false" are accepted as the original's CSV import wrote them.
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::int64_t> NonNegativeInteger(std::string_view key);
  std::optional<std::string> OneOf(std::string_view key,
                                   std::initializer_list<std::string_view> allowed);
  // A list of text items, e.g. [a, b]; a single text counts as a list of one.
  std::optional<std::vector<std::string>> StringList(std::string_view key);
  // A nested object; nullptr when absent (or null), or not an object (error added).
  const nlohmann::json* Object(std::string_view key, Presence presence = Presence::kOptional);

 private:
  const nlohmann::json* Field(std::string_view key, Presence presence);

  const nlohmann::json* object_ = nullptr;
  std::string path_;
  FieldErrors& errors_;
};

// A pragmatic mail address check: local@domain.tld, no spaces, no control characters.
bool IsEmailAddress(std::string_view text);

}  // namespace schedulight
