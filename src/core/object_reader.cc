#include "core/object_reader.h"

#include <regex>

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

std::optional<std::string> ObjectReader::String(std::string_view key, Presence presence) {
  const nlohmann::json* field = Field(key, presence);
  if (field == nullptr) return std::nullopt;
  if (field->is_string()) return field->get<std::string>();
  if (field->is_number_integer()) return field->dump();
  AddError(key, "must be text");
  return std::nullopt;
}

std::optional<std::string> ObjectReader::NonEmptyString(std::string_view key, Presence presence) {
  auto text = String(key, presence);
  if (text && text->empty()) {
    AddError(key, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> ObjectReader::Email(std::string_view key, Presence presence) {
  auto text = String(key, presence);
  if (text) {
    // Surrounding blanks are a copy-and-paste accident, not part of the address.
    const auto first = text->find_first_not_of(" \t");
    const auto last = text->find_last_not_of(" \t");
    *text = first == std::string::npos ? "" : text->substr(first, last - first + 1);
  }
  if (text && !IsEmailAddress(*text)) {
    AddError(key, "'" + *text + "' is not a mail address");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> ObjectReader::HttpUrl(std::string_view key, Presence presence) {
  static const std::regex kUrl("https?://[^\\s/?#]+[^\\s]*", std::regex::icase);
  auto text = String(key, presence);
  if (text && !std::regex_match(*text, kUrl)) {
    AddError(key, "'" + *text + "' is not an http:// or https:// URL");
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

std::optional<std::int64_t> ObjectReader::NonNegativeInteger(std::string_view key) {
  const nlohmann::json* field = Field(key, Presence::kOptional);
  if (field == nullptr) return std::nullopt;
  if (field->is_number_integer() && field->get<std::int64_t>() >= 0) {
    return field->get<std::int64_t>();
  }
  AddError(key, "must be a whole number, 0 or more");
  return std::nullopt;
}

std::optional<std::string> ObjectReader::OneOf(std::string_view key,
                                               std::initializer_list<std::string_view> allowed) {
  auto text = String(key, Presence::kOptional);
  if (!text) return std::nullopt;
  for (auto candidate : allowed) {
    if (*text == candidate) return text;
  }
  std::string list;
  for (auto candidate : allowed) list += (list.empty() ? "" : ", ") + std::string(candidate);
  AddError(key, "'" + *text + "' is not one of: " + list);
  return std::nullopt;
}

std::optional<std::vector<std::string>> ObjectReader::StringList(std::string_view key) {
  const nlohmann::json* field = Field(key, Presence::kOptional);
  if (field == nullptr) return std::nullopt;
  if (field->is_string()) return std::vector<std::string>{field->get<std::string>()};
  std::vector<std::string> items;
  if (field->is_array()) {
    for (const auto& item : *field) {
      if (!item.is_string()) break;
      items.push_back(item.get<std::string>());
    }
    if (items.size() == field->size()) return items;
  }
  AddError(key, "must be a list of text items");
  return std::nullopt;
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

bool IsEmailAddress(std::string_view text) {
  static const std::regex kEmail(
      "[^@\\s\\x00-\\x1f<>,;\"]+@[^@\\s\\x00-\\x1f<>,;\"]+\\.[^@\\s\\x00-\\x1f<>,;\".]+");
  return text.size() <= 254 && std::regex_match(text.begin(), text.end(), kEmail);
}

}  // namespace schedulight
