#include "mail/mime_message.h"

#include <date/date.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <random>

#include "mail/mail_renderer.h"

namespace schedulight {
namespace {

constexpr std::string_view kCrlf = "\r\n";
// 39 octets make an encoded word of 12 + 52 = 64 characters, so even the first
// one fits a 78-column line behind "Subject: ".
constexpr std::size_t kEncodedWordBytes = 39;

bool IsPlainAscii(std::string_view text) {
  return std::ranges::all_of(text, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7F;
  });
}

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(data.data()),
                                      static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

// How many bytes from the start of text fit into max bytes without splitting a
// UTF-8 sequence.
std::size_t Utf8Prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text.size();
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return end == 0 ? max : end;
}

// Encoded words of text, separated by folding white space.
std::string EncodedWords(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const std::size_t take = Utf8Prefix(text, kEncodedWordBytes);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(0, take)) + "?=";
    text.remove_prefix(take);
  }
  return out;
}

// Folds an ASCII header value at spaces so no line exceeds 78 octets
// (counting the field name, which takes name_length octets of the first line).
std::string FoldAscii(std::string_view text, std::size_t name_length) {
  std::string out;
  std::size_t line = name_length;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t space = text.find(' ', pos + 1);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(pos, space - pos);
    if (line + word.size() > 78 && pos > 0 && word.starts_with(' ')) {
      out += "\r\n";
      line = 0;
    }
    out += word;
    line += word.size();
    pos = space;
  }
  return out;
}

std::string RandomHex(std::size_t bytes) {
  std::random_device device;
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) out += fmt::format("{:02x}", device() & 0xFF);
  return out;
}

std::string Header(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + std::string(kCrlf);
}

std::string TextPart(std::string_view content_type, std::string_view body) {
  return Header("Content-Type", content_type) +
         Header("Content-Transfer-Encoding", "quoted-printable") + std::string(kCrlf) +
         EncodeQuotedPrintable(body) + std::string(kCrlf);
}

std::string Multipart(std::string_view boundary, const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += "--" + std::string(boundary) + "\r\n" + part;
  out += "--" + std::string(boundary) + "--\r\n";
  return out;
}

}  // namespace

bool IsValidMailAddress(std::string_view address) {
  const std::size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos || address.size() > 254) return false;
  return std::ranges::all_of(address, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7F &&
           std::string_view("<>()[],;:\\\"").find(c) == std::string_view::npos;
  });
}

std::string MailDomain(std::string_view address) {
  const std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

std::string NewMessageId(std::string_view from_address, UtcTime now) {
  std::string domain = MailDomain(from_address);
  if (domain.empty() || !IsValidMailAddress("x@" + domain)) domain = "schedulight.invalid";
  return fmt::format("<{}.{}@{}>", RandomHex(12), ToUnixSeconds(now), domain);
}

std::string FormatMailbox(const MailPerson& person) {
  const std::string name = SanitizeHeaderText(person.name);
  const std::string address = "<" + person.email + ">";
  if (name.empty()) return address;
  if (IsPlainAscii(name)) {
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" " + address;
  }
  return EncodedWords(name) + "\r\n " + address;
}

std::string EncodeHeaderText(std::string_view text) {
  const std::string clean = SanitizeHeaderText(text);
  // "=?" in plain text would be read as the start of an encoded word.
  if (IsPlainAscii(clean) && clean.find("=?") == std::string::npos) {
    return FoldAscii(clean, std::string_view("Subject: ").size());
  }
  return EncodedWords(clean);
}

std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  auto emit = [&](std::string_view piece) {
    if (column + piece.size() > 75) {  // room for the soft break "="
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (byte == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool literal =
        (byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !line_end);
    // A dot alone at the start of a line is encoded too, for relays that
    // do not dot-stuff.
    if (literal && !(byte == '.' && column == 0)) {
      emit(std::string_view(reinterpret_cast<const char*>(&text[i]), 1));
    } else {
      emit(fmt::format("={:02X}", byte));
    }
  }
  return out;
}

std::string EncodeBase64Lines(std::string_view data) {
  const std::string encoded = Base64(data);
  std::string out;
  for (std::size_t pos = 0; pos < encoded.size(); pos += 76) {
    out += encoded.substr(pos, 76) + "\r\n";
  }
  return out;
}

std::string FormatRfc5322Date(UtcTime time) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", time);
}

std::expected<std::string, std::string> BuildMimeMessage(const MimeMail& mail) {
  for (const MailPerson* person : {&mail.from, &mail.to}) {
    if (!IsValidMailAddress(person->email)) {
      return std::unexpected("'" + person->email +
                             "' is not a mail address scheduLight can send to");
    }
  }
  const std::string token = RandomHex(12);
  const std::string alternative = "=_alt_" + token;
  const std::string mixed = "=_mix_" + token;

  std::string message =
      Header("Date", FormatRfc5322Date(mail.date)) + Header("From", FormatMailbox(mail.from)) +
      Header("To", FormatMailbox(mail.to)) + Header("Subject", EncodeHeaderText(mail.subject)) +
      Header("Message-ID", SanitizeHeaderText(mail.message_id)) + Header("MIME-Version", "1.0") +
      Header("Auto-Submitted", "auto-generated");
  std::vector<std::string> alternatives = {TextPart("text/plain; charset=utf-8", mail.text),
                                           TextPart("text/html; charset=utf-8", mail.html)};
  if (!mail.calendar) {
    message += Header("Content-Type", "multipart/alternative; boundary=\"" + alternative + "\"");
    return message + "\r\n" + Multipart(alternative, alternatives);
  }
  alternatives.push_back(TextPart("text/calendar; charset=utf-8; method=REQUEST", *mail.calendar));
  const std::string attachment =
      Header("Content-Type", "application/ics; name=\"invite.ics\"") +
      Header("Content-Disposition", "attachment; filename=\"invite.ics\"") +
      Header("Content-Transfer-Encoding", "base64") + "\r\n" + EncodeBase64Lines(*mail.calendar);
  const std::string body =
      Header("Content-Type", "multipart/alternative; boundary=\"" + alternative + "\"") + "\r\n" +
      Multipart(alternative, alternatives);
  message += Header("Content-Type", "multipart/mixed; boundary=\"" + mixed + "\"");
  return message + "\r\n" + Multipart(mixed, {body, attachment});
}

}  // namespace schedulight
