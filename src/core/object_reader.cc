#include "core/object_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/utf8_text.h"

namespace schedulight {

ObjectReader::ObjectReader(const nlohmann::json& value, std::string path, FieldErrors& errors)
    : path_(std::move(path)), errors_(errors) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    errors_.push_back({path_, "must be a mapping of fields"});
  }
}

bool ObjectReader::Has(std::string_view key) const {
  return object_ != nullptr && object_->contains(key) && !(*object_)[std::string(key)].is_null();
}

void ObjectReader::AddError(std::string_view key, std::string message) {
  errors_.push_back({PathOf(key), std::move(message)});
}

const nlohmann::json* ObjectReader::Field(std::string_view key, Presence presence) {
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) {
    if (presence == Presence::kRequired) AddError(key, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::Text(std::string_view key, const TextRule& rule,
                                              Presence presence) {
  const nlohmann::json* field = Field(key, presence);
  if (field == nullptr) return std::nullopt;
  return CheckTextValue(*field, rule, PathOf(key), errors_);
}

std::optional<std::string> ObjectReader::String(std::string_view key, Presence presence) {
  return Text(key, kLineRule, presence);
}

std::optional<std::string> ObjectReader::NonEmptyString(std::string_view key, Presence presence) {
  TextRule rule = kLineRule;
  rule.min_length = 1;
  return Text(key, rule, presence);
}

std::optional<std::string> ObjectReader::Email(std::string_view key, Presence presence) {
  auto text = Text(key, kEmailRule, presence);
  if (text) {
    // Surrounding blanks are a copy-and-paste accident, not part of the address.
    const auto first = text->find_first_not_of(" \t");
    const auto last = text->find_last_not_of(" \t");
    *text = first == std::string::npos ? "" : text->substr(first, last - first + 1);
  }
  if (text && !IsEmailAddress(*text)) {
    AddError(key, QuoteForMessage(*text) + " is not a mail address");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> ObjectReader::HttpUrl(std::string_view key, Presence presence) {
  auto text = Text(key, kUrlRule, presence);
  if (text && !IsHttpUrl(*text)) {
    AddError(key, QuoteForMessage(*text) + " is not an http:// or https:// URL");
    return std::nullopt;
  }
  return text;
}

std::optional<bool> ObjectReader::Bool(std::string_view key) {
  const nlohmann::json* field = Field(key, Presence::kOptional);
  if (field == nullptr) return std::nullopt;
  if (field->is_boolean()) return field->get<bool>();
  if (field->is_string()) {
    const auto& text = field->get_ref<const std::string&>();
    if (text == "true" || text == "True") return true;
    if (text == "false" || text == "False") return false;
  }
  AddError(key, "must be true or false");
  return std::nullopt;
}

std::optional<std::int64_t> ObjectReader::WholeNumber(std::string_view key, std::int64_t max,
                                                      std::string_view message) {
  const nlohmann::json* field = Field(key, Presence::kOptional);
  if (field == nullptr) return std::nullopt;
  // nlohmann keeps positive numbers unsigned; compare them as such so that a
  // value above INT64_MAX never wraps into range.
  if (field->is_number_unsigned()) {
    if (field->get<std::uint64_t>() <= static_cast<std::uint64_t>(max)) {
      return static_cast<std::int64_t>(field->get<std::uint64_t>());
    }
  } else if (field->is_number_integer()) {
    const auto value = field->get<std::int64_t>();
    if (value >= 0 && value <= max) return value;
  }
  AddError(key, std::string(message));
  return std::nullopt;
}

std::optional<std::int64_t> ObjectReader::NonNegativeInteger(std::string_view key,
                                                             std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max()) {
    return WholeNumber(key, max, "must be a whole number, 0 or more");
  }
  return WholeNumber(key, max, fmt::format("must be a whole number from 0 to {}", max));
}

std::optional<std::int64_t> ObjectReader::Minutes(std::string_view key) {
  return WholeNumber(
      key, kMaxMinutes,
      fmt::format("must be a whole number of minutes from 0 to {} (a year)", kMaxMinutes));
}

std::optional<std::string> ObjectReader::OneOf(std::string_view key,
                                               std::initializer_list<std::string_view> allowed) {
  auto text = Text(key, kWordRule);
  if (!text) return std::nullopt;
  for (auto candidate : allowed) {
    if (*text == candidate) return text;
  }
  std::string list;
  for (auto candidate : allowed) list += (list.empty() ? "" : ", ") + std::string(candidate);
  AddError(key, QuoteForMessage(*text) + " is not one of: " + list);
  return std::nullopt;
}

std::optional<std::vector<std::string>> ObjectReader::StringList(std::string_view key) {
  const nlohmann::json* field = Field(key, Presence::kOptional);
  if (field == nullptr) return std::nullopt;
  if (field->is_string()) {
    auto item = CheckTextValue(*field, kLineRule, PathOf(key), errors_);
    if (!item) return std::nullopt;
    return std::vector<std::string>{std::move(*item)};
  }
  if (!field->is_array() ||
      !std::ranges::all_of(*field, [](const nlohmann::json& item) { return item.is_string(); })) {
    AddError(key, "must be a list of text items");
    return std::nullopt;
  }
  std::vector<std::string> items;
  const std::size_t errors_before = errors_.size();
  for (std::size_t i = 0; i < field->size(); ++i) {
    auto item =
        CheckTextValue((*field)[i], kLineRule, JoinPath(PathOf(key), std::to_string(i)), errors_);
    if (item) items.push_back(std::move(*item));
  }
  if (errors_.size() != errors_before) return std::nullopt;
  return items;
}

const nlohmann::json* ObjectReader::Object(std::string_view key, Presence presence) {
  const nlohmann::json* field = Field(key, presence);
  if (field == nullptr) return nullptr;
  if (!field->is_object()) {
    AddError(key, "must be a mapping of fields");
    return nullptr;
  }
  return field;
}

std::optional<std::string> CheckTextValue(const nlohmann::json& value, const TextRule& rule,
                                          const std::string& path, FieldErrors& errors) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!CheckText(text, rule, path, errors)) return std::nullopt;
    return text;
  }
  if (rule.numbers && value.is_number_integer()) return value.dump();
  if (value.is_number()) {
    errors.push_back({path, "must be text, not a number (write it in quotes)"});
  } else {
    errors.push_back({path, "must be text"});
  }
  return std::nullopt;
}

bool CheckText(std::string_view text, const TextRule& rule, const std::string& path,
               FieldErrors& errors) {
  // The length first, with the cheap byte count before the character count:
  // nothing else reads an over-long value.
  if (text.size() > rule.max_length && CountCharacters(text) > rule.max_length) {
    errors.push_back({path, fmt::format("longer than {} characters", rule.max_length)});
    return false;
  }
  if (!IsUtf8(text)) {
    errors.push_back({path, "is not valid UTF-8 text"});
    return false;
  }
  if (auto control = FindControlCharacter(text, rule.multiline)) {
    errors.push_back({path, "must not contain the control character " + CodePointName(*control)});
    return false;
  }
  if (CountCharacters(text) < rule.min_length) {
    errors.push_back({path, rule.min_length == 1 ? std::string("must not be empty")
                                                 : fmt::format("must have at least {} characters",
                                                               rule.min_length)});
    return false;
  }
  return true;
}

}  // namespace schedulight
