#include "mail/mime_message.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <regex>

namespace schedulight {
namespace {

std::string DecodeBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  while (text.ends_with('=') && !out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

// Decodes a header value of RFC 2047 B encoded words (as BuildMimeMessage writes them).
std::string DecodeEncodedWords(const std::string& value) {
  static const std::regex kWord(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out;
  for (std::sregex_iterator it(value.begin(), value.end(), kWord), end; it != end; ++it) {
    out += DecodeBase64((*it)[1]);
  }
  return out;
}

std::string HeaderValue(const std::string& message, const std::string& name) {
  const std::size_t start = message.find("\r\n" + name + ": ");
  if (start == std::string::npos && !message.starts_with(name + ": ")) return "";
  std::size_t pos = start == std::string::npos ? name.size() + 2 : start + name.size() + 4;
  std::string value;
  for (;;) {
    const std::size_t end = message.find("\r\n", pos);
    value += message.substr(pos, end - pos);
    if (message[end + 2] != ' ' && message[end + 2] != '\t') break;
    pos = end + 2;
  }
  return value;
}

MimeMail Sample() {
  return MimeMail{.from = {"zid@example.org", "ZID Team"},
                  .to = {"anna@example.org", "Anna Müller"},
                  .subject =
                      "Einladung: Prüfung für Übungen – Öffentlich und äußerst wichtig, "
                      "sehr lang damit gefaltet wird",
                  .text = "Hallo Anna,\nZeile mit = Zeichen und Ümläut.\n.\nEnde  \n",
                  .html = "<p>Hallo &amp; willkommen</p>\n",
                  .calendar = std::nullopt,
                  .date = FromUnixSeconds(1796112000),  // 2026-12-01T08:00:00Z, a Tuesday
                  .message_id = "<abc.1@example.org>"};
}

TEST(MimeMessageTest, HeadersAreEncodedAndComplete) {
  auto message = BuildMimeMessage(Sample());
  ASSERT_TRUE(message) << message.error();
  EXPECT_EQ(HeaderValue(*message, "Date"), "Tue, 01 Dec 2026 08:00:00 +0000");
  EXPECT_EQ(HeaderValue(*message, "From"), "\"ZID Team\" <zid@example.org>");
  EXPECT_EQ(DecodeEncodedWords(HeaderValue(*message, "To")), "Anna Müller");
  EXPECT_TRUE(HeaderValue(*message, "To").ends_with(" <anna@example.org>"));
  EXPECT_EQ(DecodeEncodedWords(HeaderValue(*message, "Subject")), Sample().subject);
  EXPECT_EQ(HeaderValue(*message, "Message-ID"), "<abc.1@example.org>");
  EXPECT_EQ(HeaderValue(*message, "MIME-Version"), "1.0");
  EXPECT_TRUE(
      HeaderValue(*message, "Content-Type").starts_with("multipart/alternative; boundary="));
}

TEST(MimeMessageTest, OnlyAsciiShortLinesAndCrlf) {
  MimeMail mail = Sample();
  mail.html = std::string(300, 'x') + "ü\n";
  mail.calendar = "BEGIN:VCALENDAR\r\nSUMMARY:Prüfung\r\nEND:VCALENDAR\r\n";
  auto message = BuildMimeMessage(mail);
  ASSERT_TRUE(message);
  std::size_t pos = 0;
  while (pos < message->size()) {
    const std::size_t end = message->find('\n', pos);
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ((*message)[end - 1], '\r') << "bare LF at " << end;
    EXPECT_LE(end - pos - 1, 78u) << message->substr(pos, end - pos);
    pos = end + 1;
  }
  for (char c : *message) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

TEST(MimeMessageTest, PlainAsciiDisplayNamesAreQuotedAndEscaped) {
  EXPECT_EQ(FormatMailbox({"a@b.org", "Doe, \"J\" \\ X"}), "\"Doe, \\\"J\\\" \\\\ X\" <a@b.org>");
  EXPECT_EQ(FormatMailbox({"a@b.org", ""}), "<a@b.org>");
  EXPECT_EQ(FormatMailbox({"a@b.org", "Evil\r\nBcc: x@y"}), "\"Evil  Bcc: x@y\" <a@b.org>");
}

TEST(MimeMessageTest, HeaderInjectionThroughTheSubjectIsImpossible) {
  MimeMail mail = Sample();
  mail.subject = "Hi\r\nBcc: victim@example.org";
  auto message = BuildMimeMessage(mail);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->find("\r\nBcc:"), std::string::npos);
  EXPECT_EQ(HeaderValue(*message, "Subject"), "Hi  Bcc: victim@example.org");
}

TEST(MimeMessageTest, RefusesAddressesThatCouldBreakHeaders) {
  for (const char* bad : {"a@b.org\r\nBcc: c@d", "a b@c.org", "<a@b.org>", "no-at", "@b.org", "a@",
                          "a@b@c", "müller@example.org"}) {
    MimeMail mail = Sample();
    mail.to.email = bad;
    EXPECT_FALSE(BuildMimeMessage(mail)) << bad;
    EXPECT_FALSE(IsValidMailAddress(bad)) << bad;
  }
  EXPECT_TRUE(IsValidMailAddress("first.last+tag@sub.example.org"));
}

TEST(MimeMessageTest, QuotedPrintable) {
  EXPECT_EQ(EncodeQuotedPrintable("a=b ü\nend \n.\n"), "a=3Db =C3=BC\r\nend=20\r\n=2E\r\n");
  const std::string encoded = EncodeQuotedPrintable(std::string(200, 'y'));
  EXPECT_NE(encoded.find("=\r\n"), std::string::npos);
  for (std::size_t pos = 0; pos < encoded.size();) {
    std::size_t end = encoded.find("\r\n", pos);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - pos, 76u);
    pos = end + 2;
  }
}

TEST(MimeMessageTest, CalendarMailIsMixedWithAlternativeAndAttachment) {
  MimeMail mail = Sample();
  mail.calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
  auto message = BuildMimeMessage(mail);
  ASSERT_TRUE(message);
  EXPECT_TRUE(HeaderValue(*message, "Content-Type").starts_with("multipart/mixed; boundary="));
  EXPECT_NE(message->find("Content-Type: multipart/alternative;"), std::string::npos);
  EXPECT_NE(message->find("Content-Type: text/calendar; charset=utf-8; method=REQUEST"),
            std::string::npos);
  EXPECT_NE(message->find("Content-Disposition: attachment; filename=\"invite.ics\""),
            std::string::npos);
  EXPECT_NE(message->find(EncodeBase64Lines(*mail.calendar)), std::string::npos);
}

TEST(MimeMessageTest, MessageIdsAreUniqueAndUseTheSenderDomain) {
  const UtcTime now = FromUnixSeconds(1796112000);
  const std::string a = NewMessageId("zid@example.org", now);
  const std::string b = NewMessageId("zid@example.org", now);
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.starts_with("<") && a.ends_with("@example.org>")) << a;
  EXPECT_TRUE(NewMessageId("", now).ends_with("@schedulight.invalid>"));
}

}  // namespace
}  // namespace schedulight
