#include "core/text_scan.h"

#include <fmt/format.h>

namespace schedulight {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsLetter(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsLetter(c) || IsDigit(c); }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Removes prefix (compared ignoring ASCII case) from text; false if absent.
bool ConsumePrefixIgnoringCase(std::string_view& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(text[i]) != prefix[i]) return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

// 1..5 digits, value 1..65535.
bool IsPort(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

// "[...]" with hex digits, ':' and '.' inside (an IPv6 address, perhaps with an
// embedded IPv4 part); the address itself is for the resolver to judge.
bool IsBracketedIpv6(std::string_view text) {
  if (text.size() < 4 || text.size() > 47 || text.front() != '[' || text.back() != ']') {
    return false;
  }
  bool colon = false;
  for (char c : text.substr(1, text.size() - 2)) {
    if (c == ':') {
      colon = true;
    } else if (!IsHexDigit(c) && c != '.') {
      return false;
    }
  }
  return colon;
}

// Reads one UTF-8 sequence at text[at]; returns its length (0 when malformed)
// and stores the code point.
std::size_t DecodeUtf8(std::string_view text, std::size_t at, char32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code_point = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code_point = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code_point = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

bool IsControl(char32_t c, bool allow_line_breaks) {
  if (allow_line_breaks && (c == '\t' || c == '\n' || c == '\r')) return false;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

}  // namespace

std::size_t CountCharacters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::optional<char32_t> FindControlCharacter(std::string_view text, bool allow_line_breaks) {
  for (std::size_t at = 0; at < text.size();) {
    char32_t code_point = 0;
    std::size_t length = DecodeUtf8(text, at, code_point);
    if (length == 0) {  // not UTF-8: judge the byte alone
      code_point = static_cast<unsigned char>(text[at]);
      length = 1;
    }
    if (IsControl(code_point, allow_line_breaks)) return code_point;
    at += length;
  }
  return std::nullopt;
}

std::string CodePointName(char32_t code_point) {
  return fmt::format("U+{:04X}", static_cast<std::uint32_t>(code_point));
}

std::string QuoteForMessage(std::string_view text, std::size_t max_characters) {
  std::string quoted = "'";
  std::size_t characters = 0;
  for (std::size_t at = 0; at < text.size();) {
    if (characters == max_characters) {
      quoted += "...";
      break;
    }
    char32_t code_point = 0;
    std::size_t length = DecodeUtf8(text, at, code_point);
    if (length == 0) {
      quoted += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[at]));
      length = 1;
    } else if (IsControl(code_point, false)) {
      quoted += CodePointName(code_point);
    } else {
      quoted.append(text.substr(at, length));
    }
    at += length;
    ++characters;
  }
  return quoted + "'";
}

bool IsHostName(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t label = 0;  // length of the current label
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (label == 0 || text[i - 1] == '-') return false;
      label = 0;
    } else if (IsAlnum(c) || (c == '-' && label > 0)) {
      if (++label > 63) return false;
    } else {
      return false;
    }
  }
  return label > 0 && text.back() != '-';
}

bool IsHostAndPort(std::string_view text) {
  std::string_view host = text;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = text.substr(0, close + 1);
    if (!IsBracketedIpv6(host)) return false;
  } else {
    const std::size_t colon = text.find(':');
    host = text.substr(0, colon);
    if (!IsHostName(host)) return false;
  }
  const std::string_view rest = text.substr(host.size());
  if (rest.empty()) return true;
  return rest.front() == ':' && IsPort(rest.substr(1));
}

bool IsSmtpServer(std::string_view text) {
  if (!ConsumePrefixIgnoringCase(text, "smtps://")) ConsumePrefixIgnoringCase(text, "smtp://");
  if (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return IsHostAndPort(text);
}

bool IsEmailAddress(std::string_view text) {
  if (text.size() > 254) return false;
  const auto forbidden = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F || c == ' ' || c == '@' || c == '<' || c == '>' ||
           c == ',' || c == ';' || c == '"';
  };
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  for (char c : local) {
    if (forbidden(c)) return false;
  }
  for (char c : domain) {
    if (forbidden(c)) return false;
  }
  const std::size_t dot = domain.rfind('.');
  return dot != std::string_view::npos && dot >= 1 && dot + 1 < domain.size();
}

bool IsHttpUrl(std::string_view text) {
  if (!ConsumePrefixIgnoringCase(text, "https://") && !ConsumePrefixIgnoringCase(text, "http://")) {
    return false;
  }
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  const std::size_t end = text.find_first_of("/?#");
  return end != 0 && !text.empty();
}

bool IsDocumentId(std::string_view text) {
  if (text.empty() || text.size() > 128 || !IsAlnum(text.front())) return false;
  for (char c : text) {
    if (!IsAlnum(c) && c != '_' && c != '.' && c != '@' && c != '+' && c != '-') return false;
  }
  return true;
}

bool IsTemplateFileName(std::string_view text) {
  if (text.empty() || text.size() > 128 || text.front() == '.') return false;
  for (char c : text) {
    if (!IsAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return text.find("..") == std::string_view::npos;
}

bool IsCreateParamName(std::string_view text) {
  if (text.empty() || !IsLetter(text.front())) return false;
  for (char c : text) {
    if (!IsAlnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool IsLanguageCode(std::string_view text) {
  if (text.size() != 2 && text.size() != 5) return false;
  if (!IsLower(text[0]) || !IsLower(text[1])) return false;
  if (text.size() == 2) return true;
  return (text[2] == '-' || text[2] == '_') && IsLetter(text[3]) && IsLetter(text[4]);
}

bool IsLanguageDirectoryName(std::string_view text) {
  if (text.size() != 2 && text.size() != 3) return false;
  for (char c : text) {
    if (!IsLower(c)) return false;
  }
  return true;
}

bool IsYamlInteger(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  if (text.empty()) return false;
  if (text.front() == '0') return text.size() == 1;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsYamlDecimal(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  std::size_t at = 0;
  std::size_t digits = 0;
  while (at < text.size() && IsDigit(text[at])) ++at, ++digits;
  if (at == text.size() || text[at] != '.') return false;
  ++at;
  while (at < text.size() && IsDigit(text[at])) ++at, ++digits;
  if (digits == 0) return false;
  if (at == text.size()) return true;
  if (text[at] != 'e' && text[at] != 'E') return false;
  ++at;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
  const std::size_t exponent_start = at;
  while (at < text.size() && IsDigit(text[at])) ++at;
  return at > exponent_start && at == text.size();
}

TopLevelKeyLine ScanTopLevelKeyLine(std::string_view line, std::string_view key) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!line.starts_with(key)) return TopLevelKeyLine::kNone;
  std::size_t at = key.size();
  const auto skip_blanks = [&] {
    const std::size_t from = at;
    while (at < line.size() && IsBlank(line[at])) ++at;
    return at > from;
  };
  skip_blanks();
  if (at == line.size() || line[at] != ':') return TopLevelKeyLine::kNone;
  ++at;
  // YAML needs a blank after ':' before a value or a comment ("key:x" is text).
  if (!skip_blanks() && at != line.size()) return TopLevelKeyLine::kNone;
  if (at == line.size() || line[at] == '#') return TopLevelKeyLine::kBlock;
  if (line[at] != '{') return TopLevelKeyLine::kNone;
  ++at;
  skip_blanks();
  if (at == line.size() || line[at] != '}') return TopLevelKeyLine::kNone;
  ++at;
  const bool blank = skip_blanks();
  if (at == line.size() || (blank && line[at] == '#')) return TopLevelKeyLine::kEmptyFlow;
  return TopLevelKeyLine::kNone;
}

}  // namespace schedulight
