#include "core/json_input.h"

#include <cmath>
#include <vector>

namespace schedulight {
namespace {

using Json = nlohmann::json;

// nlohmann's messages start with "[json.exception.parse_error.101] "; the
// token it quotes may hold any byte and be long.
std::string PlainMessage(const std::string& what) {
  std::string_view text = what;
  if (text.starts_with("[json.exception.")) {
    const auto end = text.find("] ");
    if (end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  constexpr std::size_t kMaxLength = 200;
  std::string message;
  for (const char c : text.substr(0, kMaxLength)) {
    const auto byte = static_cast<unsigned char>(c);
    message += byte >= 0x20 && byte < 0x7F ? c : '?';
  }
  if (text.size() > kMaxLength) message += "...";
  return message;
}

// Where the depth first exceeds max_depth, counting brackets outside strings
// (the parser had already accepted the text up to there, so this matches it).
std::size_t OffsetBeyondDepth(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return text.size();
}

// Builds the value like nlohmann's own DOM parser, and stops at max_depth.
// A pointer to an open array's last element stays valid: nothing is added
// to that array until the element is closed.
class BoundedDomBuilder {
 public:
  explicit BoundedDomBuilder(int max_depth) : max_depth_(max_depth) {}

  bool null() { return Add(nullptr); }
  bool boolean(bool value) { return Add(value); }
  bool number_integer(Json::number_integer_t value) { return Add(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return Add(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& text) {
    if (!std::isfinite(value)) return Fail("the number " + PlainMessage(text) + " is too large");
    return Add(value);
  }
  bool string(Json::string_t& value) { return Add(std::move(value)); }
  bool binary(Json::binary_t&) { return Fail("binary values are not JSON text"); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool key(Json::string_t& name) {
    key_ = std::move(name);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) {
    if (!failed_) {
      failed_ = true;
      error_.offset = position == 0 ? 0 : position - 1;  // nlohmann counts the bytes read
      // 406: a number that does not fit a double (nlohmann checks before number_float).
      error_.message = e.id == 406 ? "the number " + PlainMessage(token) + " is too large"
                                   : PlainMessage(e.what());
    }
    return false;
  }

  bool too_deep() const { return too_deep_; }
  bool failed() const { return failed_; }
  const JsonInputError& error() const { return error_; }
  Json& root() { return root_; }

 private:
  // Places value in the open container (or as the root); returns where it is now.
  Json* Place(Json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.get_ref<Json::array_t&>().push_back(std::move(value));
      return &parent.get_ref<Json::array_t&>().back();
    }
    Json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }
  bool Add(Json&& value) {
    Place(std::move(value));
    return true;
  }
  bool Open(Json&& container) {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      too_deep_ = true;
      return Fail("nested deeper than " + std::to_string(max_depth_) + " levels");
    }
    stack_.push_back(Place(std::move(container)));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }
  bool Fail(std::string message) {
    if (!failed_) {
      failed_ = true;
      error_.message = std::move(message);
    }
    return false;
  }

  int max_depth_;
  Json root_;
  std::vector<Json*> stack_;  // the open objects and arrays, outermost first
  std::string key_;           // the key of the value that comes next in an object
  bool failed_ = false;
  bool too_deep_ = false;
  JsonInputError error_;
};

}  // namespace

std::expected<nlohmann::json, JsonInputError> ParseJsonInput(std::string_view text, int max_depth) {
  BoundedDomBuilder builder(max_depth);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(text, &builder, Json::input_format_t::json, /*strict=*/true);
  } catch (const std::bad_alloc&) {
    return std::unexpected(JsonInputError{"too large to hold in memory", 0});
  }
  if (!parsed || builder.failed()) {
    JsonInputError error = builder.error();
    if (error.message.empty()) error.message = "not valid JSON";
    if (builder.too_deep()) error.offset = OffsetBeyondDepth(text, max_depth);
    return std::unexpected(std::move(error));
  }
  return std::move(builder.root());
}

}  // namespace schedulight
