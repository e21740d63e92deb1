#include "core/yaml_document.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <istream>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <streambuf>
#include <tuple>

#include "core/text_scan.h"
#include "core/utf8_text.h"

namespace schedulight {
namespace {

// Thrown by the builder to stop yaml-cpp's parser at the first problem; it
// never leaves this file.
struct BuildError {
  SourceLocation location;
  std::string message;
};

SourceLocation ToLocation(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

// Line and column (1-based, counted in bytes as yaml-cpp counts them) of a byte offset.
SourceLocation LocationOfOffset(std::string_view text, std::size_t offset) {
  SourceLocation where{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

std::string HexByte(unsigned char byte) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

// The text as a whole, before yaml-cpp sees it: UTF-8 (yaml-cpp passes
// invalid bytes through into values) and no control characters (YAML
// forbids them; yaml-cpp reads 0x04 as the end of the stream).
std::optional<YamlSyntaxError> CheckText(std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
      text.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    return YamlSyntaxError{{1, 1}, "the text is UTF-16 or UTF-32; save the file as UTF-8"};
  }
  if (const auto bad = FirstInvalidUtf8(text)) {
    return YamlSyntaxError{LocationOfOffset(text, *bad),
                           "byte " + HexByte(static_cast<unsigned char>(text[*bad])) +
                               " is not UTF-8 text; save the file as UTF-8"};
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
      return YamlSyntaxError{LocationOfOffset(text, i),
                             "control character " + HexByte(byte) + " is not allowed in YAML text"};
    }
  }
  return std::nullopt;
}

nlohmann::json PlainScalar(const std::string& text, const SourceLocation& where) {
  static const std::set<std::string, std::less<>> kNull = {"", "~", "null", "Null", "NULL"};
  static const std::set<std::string, std::less<>> kTrue = {"true", "True", "TRUE", "yes", "Yes",
                                                           "YES",  "on",   "On",   "ON"};
  static const std::set<std::string, std::less<>> kFalse = {"false", "False", "FALSE", "no", "No",
                                                            "NO",    "off",   "Off",   "OFF"};
  if (kNull.contains(text)) return nullptr;
  if (kTrue.contains(text)) return true;
  if (kFalse.contains(text)) return false;
  // from_chars takes no '+'.
  const char* first = text.data() + (text.starts_with('+') ? 1 : 0);
  const char* last = text.data() + text.size();
  if (IsYamlInteger(text)) {
    std::int64_t value = 0;
    if (std::from_chars(first, last, value).ec == std::errc()) return value;
    return text;  // too large for an integer: keep the digits as written
  }
  if (IsYamlDecimal(text)) {
    double value = 0;
    if (std::from_chars(first, last, value).ec == std::errc()) return value;
    throw BuildError{where, "the number " + text + " is too large or too small"};
  }
  return text;
}

// A completed node with an anchor, as an alias repeats it.
struct Anchored {
  nlohmann::json value;
  std::string text;  // a scalar's text as written, for an alias used as a key
  // Locations below the node, by path relative to it ("" is the node itself, else ".a.b").
  std::vector<std::pair<std::string, SourceLocation>> locations;
  std::size_t values = 0;          // what Charge counted for the node and all below it
  std::size_t content_bytes = 0;   // scalars and keys
  std::size_t relative_bytes = 0;  // the relative paths
  int height = 0;                  // levels of lists and mappings: 0 for a scalar
};

// Builds the JSON value from yaml-cpp's parse events, iteratively, checking
// the limits as it goes: the first problem throws BuildError and stops the
// parse, so yaml-cpp's own recursion never goes deeper than max_depth.
class DocumentBuilder final : public YAML::EventHandler {
 public:
  DocumentBuilder(const YamlLimits& limits, std::size_t text_size)
      : limits_(limits),
        max_values_(std::min(limits.max_values, std::max(limits.min_values_per_text, text_size))) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    last_quoted_.reset();
    AddScalar(ToLocation(mark), anchor, nullptr, "");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    const SourceLocation where = ToLocation(mark);
    last_quoted_.reset();
    if (tag == "!") last_quoted_ = mark;
    // The text was UTF-8; an escape ("\ud800") can still make a value that is not.
    if (!IsUtf8(text)) throw BuildError{where, "the value is not valid UTF-8 text"};
    // yaml-cpp tags quoted scalars "!" and plain ones "?".
    AddScalar(where, anchor, tag == "!" ? nlohmann::json(text) : PlainScalar(text, where), text);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    last_quoted_.reset();
    const SourceLocation where = ToLocation(mark);
    const auto found = anchors_.find(anchor);
    // yaml-cpp itself refuses unknown anchors; a known one not yet complete is an open node.
    if (found == anchors_.end()) {
      throw BuildError{where, "this alias is inside the node its anchor names"};
    }
    const Anchored& target = found->second;
    if (ExpectsKey()) {
      if (target.height > 0) throw BuildError{where, kKeyNotPlain};
      SetKey(target.text, where);
      return;
    }
    if (static_cast<int>(frames_.size()) + target.height > limits_.max_depth) {
      throw BuildError{where, TooDeep()};
    }
    const std::string path = ChildPath();
    Charge(target.values,
           target.content_bytes + target.relative_bytes + target.values * path.size(), where,
           /*alias=*/true);
    for (const auto& [relative, location] : target.locations) {
      locations_.emplace_back(
          path.empty() && !relative.empty() ? relative.substr(1) : path + relative, location);
    }
    Place(nlohmann::json(target.value), target.height);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(ToLocation(mark), anchor, nlohmann::json::array());
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(ToLocation(mark), anchor, nlohmann::json::object());
  }
  void OnMapEnd() override { Close(); }

  // The document; call once, after the parser's events.
  // Where the document's last value starts when it is quoted: see ParseYaml.
  const std::optional<YAML::Mark>& last_quoted() const { return last_quoted_; }

  YamlDocument Take() {
    YamlDocument document;
    document.value = std::move(root_);
    if (locations_.empty()) document.locations[""] = {};
    // In document order, so a later path wins as it would when assigned in turn.
    for (auto& [path, location] : locations_) document.locations[std::move(path)] = location;
    return document;
  }

 private:
  static constexpr const char* kKeyNotPlain =
      "a mapping key must be a plain value, not a list or a mapping";

  struct Frame {
    nlohmann::json value;  // the list or mapping being built
    std::string path;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t first_location = 0;  // its entry in locations_; those below follow it
    std::size_t values_before = 0;   // values_ and content_bytes_ before it began
    std::size_t content_before = 0;
    int height = 1;
    std::optional<std::string> key;  // a mapping's key whose value comes next
  };

  std::string TooDeep() const {
    return "nested deeper than " + std::to_string(limits_.max_depth) + " levels";
  }

  bool ExpectsKey() const {
    return !frames_.empty() && frames_.back().value.is_object() && !frames_.back().key;
  }

  void SetKey(const std::string& key, const SourceLocation& where) {
    Frame& map = frames_.back();
    if (map.value.contains(key)) {
      constexpr std::size_t kShown = 100;  // a key may be long: name it, do not repeat it
      const std::string shown = key.size() > kShown ? key.substr(0, kShown) + "..." : key;
      throw BuildError{where, "duplicate key '" + shown + "'"};
    }
    content_bytes_ += key.size();
    map.key = key;
  }

  // The path of the value that comes next.
  std::string ChildPath() const {
    if (frames_.empty()) return "";
    const Frame& parent = frames_.back();
    if (parent.value.is_array()) return JoinPath(parent.path, std::to_string(parent.value.size()));
    return JoinPath(parent.path, *parent.key);
  }

  void Charge(std::size_t values, std::size_t bytes, const SourceLocation& where, bool alias) {
    values_ += values;
    content_bytes_ += bytes;
    const std::string cause = alias ? "aliases expand the file to" : "the file has";
    if (values_ > max_values_) {
      throw BuildError{where, cause + " more than " + std::to_string(max_values_) + " values"};
    }
    if (content_bytes_ > limits_.max_expanded_bytes) {
      throw BuildError{
          where, cause + " more than " + std::to_string(limits_.max_expanded_bytes) + " bytes"};
    }
  }

  void AddScalar(const SourceLocation& where, YAML::anchor_t anchor, nlohmann::json value,
                 const std::string& text) {
    if (ExpectsKey()) {
      SetKey(text, where);
      if (anchor != YAML::NullAnchor) {
        anchors_[anchor] = Anchored{std::move(value), text, {{"", where}}, 1, text.size(), 0, 0};
      }
      return;
    }
    const std::string path = ChildPath();
    Charge(1, text.size() + path.size(), where, /*alias=*/false);
    locations_.emplace_back(path, where);
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor] = Anchored{value, text, {{"", where}}, 1, text.size(), 0, 0};
    }
    Place(std::move(value), 0);
  }

  void Open(const SourceLocation& where, YAML::anchor_t anchor, nlohmann::json container) {
    if (ExpectsKey()) throw BuildError{where, kKeyNotPlain};
    if (static_cast<int>(frames_.size()) >= limits_.max_depth) throw BuildError{where, TooDeep()};
    std::string path = ChildPath();
    const std::size_t values_before = values_;
    const std::size_t content_before = content_bytes_;
    Charge(1, path.size(), where, /*alias=*/false);
    locations_.emplace_back(path, where);
    frames_.push_back(Frame{.value = std::move(container),
                            .path = std::move(path),
                            .anchor = anchor,
                            .first_location = locations_.size() - 1,
                            .values_before = values_before,
                            .content_before = content_before});
  }

  void Close() {
    if (frames_.empty()) return;  // yaml-cpp pairs its events; this only guards the stack
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.anchor != YAML::NullAnchor) Remember(frame);
    Place(std::move(frame.value), frame.height);
  }

  // Keeps a copy of a completed list or mapping for the aliases that follow.
  void Remember(const Frame& frame) {
    Anchored anchored{.value = frame.value,
                      .text = "",
                      .locations = {},
                      .values = values_ - frame.values_before,
                      .content_bytes = 0,
                      .relative_bytes = 0,
                      .height = frame.height};
    std::size_t path_bytes = 0;
    for (std::size_t i = frame.first_location; i < locations_.size(); ++i) {
      const auto& [path, location] = locations_[i];
      std::string relative =
          frame.path.empty() && !path.empty() ? "." + path : path.substr(frame.path.size());
      path_bytes += path.size();
      anchored.relative_bytes += relative.size();
      anchored.locations.emplace_back(std::move(relative), location);
    }
    // What Charge counted below the node, less its paths: an alias charges its own paths.
    anchored.content_bytes = content_bytes_ - frame.content_before - path_bytes;
    anchors_[frame.anchor] = std::move(anchored);
  }

  // Puts a completed value into the open list or mapping, or makes it the root.
  void Place(nlohmann::json value, int height) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& parent = frames_.back();
    parent.height = std::max(parent.height, height + 1);
    if (parent.value.is_array()) {
      parent.value.push_back(std::move(value));
    } else {
      parent.value[*parent.key] = std::move(value);
      parent.key.reset();
    }
  }

  const YamlLimits& limits_;
  std::optional<YAML::Mark> last_quoted_;
  const std::size_t max_values_;
  nlohmann::json root_;
  std::vector<Frame> frames_;  // the open lists and mappings, outermost first
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::vector<std::pair<std::string, SourceLocation>> locations_;  // in document order
  std::size_t values_ = 0;
  std::size_t content_bytes_ = 0;  // scalars, keys and paths
};

// Stops at the start of a second document.
class SecondDocument final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    throw BuildError{ToLocation(mark),
                     "a second YAML document starts here; the file must hold one document"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// An istream's buffer over the caller's text, without a copy.
class TextBuffer final : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // read only: nothing writes through get area
    setg(begin, begin, begin + text.size());
  }
};

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

namespace {

// Whether the quoted scalar whose node starts at `at` (its anchor or tag, if
// any, then the quote) has its closing quote. yaml-cpp accepts a quote that
// runs to the end of the file, which would silently swallow the rest of the
// file into one value; PyYAML, which wrote the original's files, refuses it.
bool QuoteIsClosed(std::string_view text, std::size_t at) {
  at = text.find_first_of("\"'", at);
  if (at == std::string_view::npos) return true;  // not a quoted node after all
  const char quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escape: the next character is part of the value
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
      } else {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::expected<YamlDocument, YamlSyntaxError> ParseYaml(std::string_view text,
                                                       const YamlLimits& limits) {
  if (auto problem = CheckText(text)) return std::unexpected(std::move(*problem));
  try {
    TextBuffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    DocumentBuilder builder(limits, text.size());
    const bool parsed = parser.HandleNextDocument(builder);
    if (const auto& quoted = builder.last_quoted();
        quoted && !QuoteIsClosed(text, static_cast<std::size_t>(quoted->pos))) {
      return std::unexpected(
          YamlSyntaxError{ToLocation(*quoted), "the quoted text that starts here is never closed"});
    }
    if (parsed) {
      SecondDocument second;
      parser.HandleNextDocument(second);
    }
    return builder.Take();
  } catch (const BuildError& e) {
    return std::unexpected(YamlSyntaxError{e.location, e.message});
  } catch (const YAML::Exception& e) {
    return std::unexpected(YamlSyntaxError{ToLocation(e.mark), e.msg});
  } catch (const std::bad_alloc&) {
    return std::unexpected(YamlSyntaxError{{}, "the file is too large to hold in memory"});
  } catch (const std::exception& e) {
    return std::unexpected(YamlSyntaxError{{}, e.what()});
  }
}

}  // namespace schedulight
