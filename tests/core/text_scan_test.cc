#include "core/text_scan.h"

#include <gtest/gtest.h>

#include <string>

#include "core/utf8_text.h"

namespace schedulight {
namespace {

// Longer than any stack a per-character recursive matcher survives (std::regex
// overflowed at about 30,000 characters).
const std::string kHuge(1'000'000, 'a');

TEST(TextScanTest, HostNames) {
  for (const char* good : {"localhost", "bbb.example.org", "a", "a-b.c-d", "10.0.0.1",
                           "xn--bcher-kva.example", "A1.B2"}) {
    EXPECT_TRUE(IsHostName(good)) << good;
  }
  for (const char* bad : {"", ".", "a.", ".a", "a..b", "-a", "a-", "a.-b", "a_b", "a b", "http://a",
                          "a:1", "ä.example"}) {
    EXPECT_FALSE(IsHostName(bad)) << bad;
  }
  EXPECT_TRUE(IsHostName(std::string(63, 'a') + ".org"));
  EXPECT_FALSE(IsHostName(std::string(64, 'a') + ".org"));  // a label is at most 63
  std::string long_name;
  for (int i = 0; i < 63; ++i) long_name += "abc.";
  long_name += "d";  // 253 characters
  EXPECT_TRUE(IsHostName(long_name));
  EXPECT_FALSE(IsHostName(long_name + "d"));
  EXPECT_FALSE(IsHostName(kHuge));
}

TEST(TextScanTest, HostAndPort) {
  for (const char* good : {"streamer", "streamer.example.org:8080", "h:1", "h:65535", "[::1]",
                           "[::1]:25", "[2001:db8::7]:587", "[::ffff:10.0.0.1]"}) {
    EXPECT_TRUE(IsHostAndPort(good)) << good;
  }
  for (const char* bad : {"h:", "h:0", "h:65536", "h:123456", "h:8a", ":80", "[::1", "[]",
                          "[zz::1]", "[::1]x", "[::1]:", "h:80:80", "http://h"}) {
    EXPECT_FALSE(IsHostAndPort(bad)) << bad;
  }
  EXPECT_FALSE(IsHostAndPort(kHuge + ":80"));
}

TEST(TextScanTest, SmtpServers) {
  for (const char* good : {"mail.example.org", "mail:25", "smtp://mail.example.org:587",
                           "SMTPS://mail:465", "smtp://mail/", "smtps://[::1]:465"}) {
    EXPECT_TRUE(IsSmtpServer(good)) << good;
  }
  for (const char* bad : {"", "smtp://", "http://mail", "smtp://mail//", "mail:99999",
                          "smtp://user@mail", "mail example"}) {
    EXPECT_FALSE(IsSmtpServer(bad)) << bad;
  }
  EXPECT_FALSE(IsSmtpServer(std::string(30'000, 'm') + "!"));
  EXPECT_FALSE(IsSmtpServer(kHuge));  // too long for a host name
}

TEST(TextScanTest, MailAddresses) {
  for (const char* good : {"a@b.c", "Anna.Mueller@Example.org", "x+tag@sub.example.org",
                           "jörg@beispiel.de", "a@b..c"}) {
    EXPECT_TRUE(IsEmailAddress(good)) << good;
  }
  for (const char* bad :
       {"", "a", "@b.c", "a@", "a@b", "a@.c", "a@b.", "a@@b.c", "a@b@c.d", "a b@c.d", "a@b.c ",
        "<a@b.c>", "a,b@c.d", "a;b@c.d", "\"a\"@b.c", "a\t@b.c"}) {
    EXPECT_FALSE(IsEmailAddress(bad)) << bad;
  }
  EXPECT_FALSE(IsEmailAddress(std::string("a\0b@c.d", 7)));
  EXPECT_FALSE(IsEmailAddress(std::string(250, 'a') + "@b.cd"));  // 255 > 254
  EXPECT_TRUE(IsEmailAddress(std::string(249, 'a') + "@b.cd"));
  EXPECT_FALSE(IsEmailAddress(kHuge + "@example.org"));
}

TEST(TextScanTest, HttpUrls) {
  for (const char* good : {"http://a", "https://bbb.example.org/bigbluebutton/api",
                           "HTTPS://X.org/", "https://h:8443/b?x=1#f", "https://u:p@h/"}) {
    EXPECT_TRUE(IsHttpUrl(good)) << good;
  }
  for (const char* bad : {"", "http://", "https:///path", "http://?q", "http://#f", "ftp://h",
                          "https//h", "https://h/a b", "https://h\n", " https://h"}) {
    EXPECT_FALSE(IsHttpUrl(bad)) << bad;
  }
  EXPECT_TRUE(IsHttpUrl("https://" + kHuge));  // the scanner copes; the field limit refuses it
}

TEST(TextScanTest, IdsTemplatesParamsLanguages) {
  EXPECT_TRUE(IsDocumentId("m1"));
  EXPECT_TRUE(IsDocumentId("anna_mueller@example.org+x-1"));
  EXPECT_TRUE(IsDocumentId(std::string(128, 'a')));
  EXPECT_FALSE(IsDocumentId(std::string(129, 'a')));
  for (const char* bad : {"", "-a", ".a", "_a", "a/b", "a b", "a:b", "ä"}) {
    EXPECT_FALSE(IsDocumentId(bad)) << bad;
  }

  EXPECT_TRUE(IsTemplateFileName("owner-info.mustache"));
  EXPECT_TRUE(IsTemplateFileName("_x"));
  for (const char* bad : {"", ".hidden", "a/b", "..", "a..b", "a b"}) {
    EXPECT_FALSE(IsTemplateFileName(bad)) << bad;
  }
  EXPECT_FALSE(IsTemplateFileName(std::string(129, 'a')));

  EXPECT_TRUE(IsCreateParamName("meta_bbb-origin"));
  EXPECT_TRUE(IsCreateParamName("lockSettingsDisableCam"));
  for (const char* bad : {"", "1a", "_a", "bad name", "a.b"}) {
    EXPECT_FALSE(IsCreateParamName(bad)) << bad;
  }
  EXPECT_FALSE(IsCreateParamName(kHuge + " "));

  for (const char* good : {"en", "de", "pt-BR", "pt_br"}) EXPECT_TRUE(IsLanguageCode(good));
  for (const char* bad : {"", "e", "EN", "eng", "en-", "en-B", "en-BRA", "en.BR"}) {
    EXPECT_FALSE(IsLanguageCode(bad)) << bad;
  }
  EXPECT_TRUE(IsLanguageDirectoryName("de"));
  EXPECT_TRUE(IsLanguageDirectoryName("gsw"));
  EXPECT_FALSE(IsLanguageDirectoryName("De"));
  EXPECT_FALSE(IsLanguageDirectoryName("e"));
  EXPECT_FALSE(IsLanguageDirectoryName("engl"));
}

TEST(TextScanTest, YamlIntegersAsTheRegexHad) {
  for (const char* good : {"0", "7", "-0", "+12", "4711", "-9223372036854775808"}) {
    EXPECT_TRUE(IsYamlInteger(good)) << good;
  }
  for (const char* bad : {"", "-", "+", "00", "0042", "1.0", "1e3", "12a", " 1", "0x1", "--1"}) {
    EXPECT_FALSE(IsYamlInteger(bad)) << bad;
  }
  EXPECT_TRUE(IsYamlInteger(std::string(60'000, '9')));
}

TEST(TextScanTest, YamlDecimalsAsTheRegexHad) {
  for (const char* good : {"1.5", ".5", "5.", "-1.5", "+.5", "1.5e3", "1.5E-3", "5.e+7", "0.0"}) {
    EXPECT_TRUE(IsYamlDecimal(good)) << good;
  }
  for (const char* bad : {"", ".", "-.", "1", "1e5", "1.5e", "1.5e+", "1..5", "1.5.", "e5", ".e5",
                          "1.5 ", "1,5", "1.5e3.0"}) {
    EXPECT_FALSE(IsYamlDecimal(bad)) << bad;
  }
  EXPECT_TRUE(IsYamlDecimal(std::string(60'000, '1') + "." + std::string(60'000, '2')));
}

TEST(TextScanTest, Utf8AndControlCharacters) {
  EXPECT_TRUE(IsUtf8("Jörg Ωmega 🎓"));
  EXPECT_FALSE(IsUtf8("\xC3"));              // cut short
  EXPECT_FALSE(IsUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsUtf8("\xFF"));
  EXPECT_EQ(CountCharacters("Jörg 🎓"), 6u);

  EXPECT_FALSE(FindControlCharacter("plain text", false));
  EXPECT_EQ(FindControlCharacter(std::string("a\0b", 3), false), U'\0');
  EXPECT_EQ(FindControlCharacter(std::string("a\0b", 3), true), U'\0');
  EXPECT_EQ(FindControlCharacter("a\nb", false), U'\n');
  EXPECT_FALSE(FindControlCharacter("a\nb\tc\r\n", true));
  EXPECT_EQ(FindControlCharacter("a\x7F", true), U'\x7F');
  EXPECT_EQ(FindControlCharacter("a\xC2\x85", true), U'\x85');  // NEL, a C1 control
  EXPECT_EQ(CodePointName(0), "U+0000");
}

TEST(TextScanTest, QuotesForMessagesAreShortAndPlain) {
  EXPECT_EQ(QuoteForMessage("abc"), "'abc'");
  EXPECT_EQ(QuoteForMessage(std::string("a\0b", 3)), "'aU+0000b'");
  EXPECT_EQ(QuoteForMessage("ab\xFF"), "'ab\\xFF'");
  EXPECT_EQ(QuoteForMessage("äöü", 2), "'äö...'");
  EXPECT_EQ(QuoteForMessage(kHuge).size(), 80u + 5u);
}

TEST(TextScanTest, TopLevelKeyLines) {
  using enum TopLevelKeyLine;
  EXPECT_EQ(ScanTopLevelKeyLine("meetings:", "meetings"), kBlock);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings:\r", "meetings"), kBlock);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings :  # the meetings", "meetings"), kBlock);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings: {}", "meetings"), kEmptyFlow);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings:{ }", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings: { }  # none yet\r", "meetings"), kEmptyFlow);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings: {a: 1}", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings: x", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings:x", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("meetingsx:", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("  meetings:", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("servers:", "meetings"), kNone);
  EXPECT_EQ(ScanTopLevelKeyLine("meetings: {}x", "meetings"), kNone);
  // A 60,000-character comment crashed the old std::regex match.
  EXPECT_EQ(ScanTopLevelKeyLine("meetings: # " + std::string(60'000, 'c'), "meetings"), kBlock);
}

}  // namespace
}  // namespace schedulight
