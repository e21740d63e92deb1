#include "mail/html_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

namespace schedulight {
namespace {

void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::optional<std::uint32_t> NumericReference(std::string_view body) {
  // body is what stands between "&#" and ";".
  int base = 10;
  if (!body.empty() && (body[0] == 'x' || body[0] == 'X')) {
    base = 16;
    body.remove_prefix(1);
  }
  std::uint32_t value = 0;
  auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value, base);
  if (body.empty() || error != std::errc() || end != body.data() + body.size()) return std::nullopt;
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return value;
}

std::optional<std::uint32_t> NamedReference(std::string_view name) {
  struct Named {
    std::string_view name;
    std::uint32_t code_point;
  };
  static constexpr std::array<Named, 16> kNames = {{{"amp", '&'},
                                                    {"lt", '<'},
                                                    {"gt", '>'},
                                                    {"quot", '"'},
                                                    {"apos", '\''},
                                                    {"nbsp", 0xA0},
                                                    {"ldquo", 0x201C},
                                                    {"rdquo", 0x201D},
                                                    {"bdquo", 0x201E},
                                                    {"ndash", 0x2013},
                                                    {"mdash", 0x2014},
                                                    {"auml", 0xE4},
                                                    {"ouml", 0xF6},
                                                    {"uuml", 0xFC},
                                                    {"szlig", 0xDF},
                                                    {"euro", 0x20AC}}};
  for (const auto& named : kNames) {
    if (named.name == name) return named.code_point;
  }
  return std::nullopt;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// One parsed tag: its lower-cased name, whether it closes, and its href.
struct Tag {
  std::string name;
  bool closing = false;
  std::string href;
};

// Reads the value of attribute `name` out of a tag's inside text.
std::string AttributeValue(std::string_view inside, std::string_view name) {
  const std::string lower = Lower(inside);
  std::size_t at = 0;
  while ((at = lower.find(name, at)) != std::string::npos) {
    const bool starts_word = at == 0 || std::isspace(static_cast<unsigned char>(lower[at - 1]));
    std::size_t pos = at + name.size();
    while (pos < lower.size() && std::isspace(static_cast<unsigned char>(lower[pos]))) ++pos;
    if (!starts_word || pos >= lower.size() || lower[pos] != '=') {
      at += name.size();
      continue;
    }
    ++pos;
    while (pos < lower.size() && std::isspace(static_cast<unsigned char>(lower[pos]))) ++pos;
    if (pos >= lower.size()) return "";
    const char quote = inside[pos];
    if (quote == '"' || quote == '\'') {
      const std::size_t end = inside.find(quote, pos + 1);
      return DecodeHtmlEntities(inside.substr(
          pos + 1, end == std::string_view::npos ? std::string_view::npos : end - pos - 1));
    }
    std::size_t end = pos;
    while (end < inside.size() && !std::isspace(static_cast<unsigned char>(inside[end]))) ++end;
    return DecodeHtmlEntities(inside.substr(pos, end - pos));
  }
  return "";
}

Tag ParseTag(std::string_view inside) {
  Tag tag;
  std::size_t pos = 0;
  if (!inside.empty() && inside[0] == '/') {
    tag.closing = true;
    pos = 1;
  }
  std::size_t end = pos;
  while (end < inside.size() && (std::isalnum(static_cast<unsigned char>(inside[end])) ||
                                 inside[end] == '!' || inside[end] == '-')) {
    ++end;
  }
  tag.name = Lower(inside.substr(pos, end - pos));
  if (tag.name == "a" && !tag.closing) tag.href = AttributeValue(inside.substr(end), "href");
  return tag;
}

bool IsBlock(const std::string& name) {
  static constexpr std::array<std::string_view, 15> kBlocks = {
      "p",  "div", "h1", "h2",    "h3",         "h4",  "h5", "h6",
      "ul", "ol",  "tr", "table", "blockquote", "pre", "hr"};
  return std::ranges::find(kBlocks, name) != kBlocks.end();
}

bool IsHidden(const std::string& name) {
  return name == "head" || name == "style" || name == "script" || name == "title";
}

// Collects text with HTML whitespace rules: runs of spaces become one space,
// and explicit breaks are kept.
class TextBuilder {
 public:
  void Text(std::string_view raw) {
    for (char c : DecodeHtmlEntities(raw)) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ') {
        out_ += ' ';
      }
      pending_space_ = false;
      out_ += c;
    }
  }
  void Break(int lines) {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    int have = 0;
    for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n'; ++it) ++have;
    if (out_.empty()) return;
    for (; have < lines; ++have) out_ += '\n';
  }
  void Raw(std::string_view text) {
    out_ += text;
    pending_space_ = false;
  }
  std::size_t Size() const { return out_.size(); }
  std::string_view Since(std::size_t start) const {
    return std::string_view(out_).substr(std::min(start, out_.size()));
  }
  std::string Finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    Break(1);
    while (!out_.empty() && out_.front() == '\n') out_.erase(0, 1);
    return std::move(out_);
  }

 private:
  std::string out_;
  bool pending_space_ = false;
};

}  // namespace

std::string DecodeHtmlEntities(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t amp = html.find('&', pos);
    if (amp == std::string_view::npos) break;
    out.append(html.substr(pos, amp - pos));
    const std::size_t semicolon = html.find(';', amp);
    std::optional<std::uint32_t> code_point;
    if (semicolon != std::string_view::npos && semicolon - amp <= 10) {
      std::string_view body = html.substr(amp + 1, semicolon - amp - 1);
      code_point = body.starts_with('#') ? NumericReference(body.substr(1)) : NamedReference(body);
    }
    if (code_point) {
      AppendUtf8(out, *code_point);
      pos = semicolon + 1;
    } else {
      out += '&';
      pos = amp + 1;
    }
  }
  if (pos < html.size()) out.append(html.substr(pos));
  return out;
}

std::string HtmlToText(std::string_view html) {
  TextBuilder text;
  int hidden_depth = 0;
  std::optional<std::string> open_href;
  std::size_t link_start = 0;
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t open = html.find('<', pos);
    if (hidden_depth == 0)
      text.Text(html.substr(pos, open == std::string_view::npos ? html.npos : open - pos));
    if (open == std::string_view::npos) break;
    if (html.substr(open, 4) == "<!--") {
      const std::size_t end = html.find("-->", open + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t close = html.find('>', open);
    if (close == std::string_view::npos) break;
    const Tag tag = ParseTag(html.substr(open + 1, close - open - 1));
    pos = close + 1;
    if (IsHidden(tag.name)) {
      hidden_depth = std::max(0, hidden_depth + (tag.closing ? -1 : 1));
      continue;
    }
    if (hidden_depth > 0) continue;
    if (tag.name == "br") {
      text.Break(1);
    } else if (tag.name == "li" && !tag.closing) {
      text.Break(1);
      text.Raw("- ");
    } else if (IsBlock(tag.name)) {
      text.Break(2);
    } else if (tag.name == "a" && !tag.closing) {
      open_href = tag.href;
      link_start = text.Size();
    } else if (tag.name == "a" && open_href) {
      std::string_view label = text.Since(link_start);
      if (label.starts_with(' ')) label.remove_prefix(1);
      if (!open_href->empty() && label != *open_href) {
        text.Raw(" <" + *open_href + ">");
      }
      open_href.reset();
    }
  }
  return text.Finish();
}

}  // namespace schedulight
