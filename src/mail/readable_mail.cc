#include "mail/readable_mail.h"

#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <vector>

namespace schedulight {
namespace {

enum class Encoding { kNone, kQuotedPrintable, kBase64 };

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 2045 6.7: "=XX" is a byte, "=" at the end of a line joins it to the next.
std::string DecodeQuotedPrintable(const std::vector<std::string_view>& lines) {
  std::string out;
  for (std::string_view line : lines) {
    bool soft_break = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') {
        out += line[i];
        continue;
      }
      if (i + 1 == line.size()) {
        soft_break = true;
        break;
      }
      const int high = i + 2 < line.size() ? HexValue(line[i + 1]) : -1;
      const int low = i + 2 < line.size() ? HexValue(line[i + 2]) : -1;
      if (high < 0 || low < 0) {
        out += '=';
        continue;
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (!soft_break) out += '\n';
  }
  return out;
}

std::string DecodeBase64(const std::vector<std::string_view>& lines) {
  std::string joined;
  for (std::string_view line : lines) joined += line;
  if (joined.empty() || joined.size() % 4 != 0) return joined;  // not ours: as it is
  std::string out(joined.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(joined.data()),
                                      static_cast<int>(joined.size()));
  if (written < 0) return joined;
  out.resize(static_cast<std::size_t>(written));
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (std::size_t pad = joined.size(); pad > 0 && joined[pad - 1] == '='; --pad) {
    if (!out.empty()) out.pop_back();
  }
  std::string text;
  for (char c : out) {
    if (c != '\r') text += c;
  }
  return text;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace

std::string MaskMailSecrets(std::string_view text) {
  static constexpr std::array<std::string_view, 3> kNames = {"checksum=", "password=", "pw="};
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::string_view matched;
    // A parameter starts the text or follows '?', '&' or ';' (&amp; in HTML).
    const bool at_parameter = i == 0 || text[i - 1] == '?' || text[i - 1] == '&' ||
                              text[i - 1] == ';' || text[i - 1] == ' ';
    if (at_parameter) {
      for (std::string_view name : kNames) {
        if (StartsWithNoCase(text.substr(i), name)) matched = name;
      }
    }
    if (matched.empty()) {
      out += text[i++];
      continue;
    }
    out += text.substr(i, matched.size());
    out += "***";
    i += matched.size();
    while (i < text.size() && text[i] != '&' && text[i] != '"' && text[i] != '\'' &&
           text[i] != '<' && text[i] != '>' && text[i] != ' ' && text[i] != '\r' &&
           text[i] != '\n') {
      ++i;
    }
  }
  return out;
}

std::string ReadableMail(std::string_view mime) {
  std::string out;
  Encoding encoding = Encoding::kNone;
  bool in_headers = true;  // of the message or of the current part
  std::vector<std::string_view> body;
  auto flush_body = [&] {
    if (encoding == Encoding::kQuotedPrintable) {
      out += DecodeQuotedPrintable(body);
    } else if (encoding == Encoding::kBase64) {
      out += DecodeBase64(body);
      out += '\n';
    } else {
      for (std::string_view line : body) (out += line) += '\n';
    }
    body.clear();
  };
  std::vector<std::string> boundaries;  // from the Content-Type headers seen so far
  auto is_boundary = [&](std::string_view line) {
    if (!line.starts_with("--")) return false;
    line.remove_prefix(2);
    if (line.ends_with("--")) line.remove_suffix(2);
    for (const auto& boundary : boundaries) {
      if (line == boundary) return true;
    }
    return false;
  };
  for (std::string_view line : Lines(mime)) {
    if (is_boundary(line)) {  // a part begins or the multipart ends
      flush_body();
      (out += line) += '\n';
      encoding = Encoding::kNone;
      in_headers = true;
      continue;
    }
    if (in_headers) {
      if (line.empty()) in_headers = false;
      if (const std::size_t at = line.find("boundary=\""); at != std::string_view::npos) {
        std::string_view boundary = line.substr(at + 10);
        boundaries.emplace_back(boundary.substr(0, boundary.find('"')));
      }
      if (StartsWithNoCase(line, "Content-Transfer-Encoding: quoted-printable")) {
        encoding = Encoding::kQuotedPrintable;
      } else if (StartsWithNoCase(line, "Content-Transfer-Encoding: base64")) {
        encoding = Encoding::kBase64;
      }
      (out += line) += '\n';
      continue;
    }
    body.push_back(line);
  }
  flush_body();
  return MaskMailSecrets(out);
}

}  // namespace schedulight
