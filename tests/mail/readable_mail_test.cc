#include "mail/readable_mail.h"

#include <gtest/gtest.h>

#include "mail/mime_message.h"

namespace schedulight {
namespace {

const std::string kJoinLink =
    "https://bbb.example.org/bigbluebutton/api/join?fullName=Anna&meetingID=m1&"
    "password=ap-secret-1&checksum=0123456789abcdef0123456789abcdef01234567";

std::string BuiltMail() {
  MimeMail mail{.from = {"noreply@example.org", "scheduLight"},
                .to = {"anna@example.org", "Anna Müller"},
                .subject = "Einladung: Vorlesung Grüße",
                .text = "Grüße, Anna!\nJoin: " + kJoinLink + "\n" + std::string(100, 'x') + "\n",
                .html = "<p>Grüße</p><a href=\"" + kJoinLink + "\">join</a>\n",
                .calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
                .date = FromUnixSeconds(1800000000),
                .message_id = "<1@example.org>"};
  return BuildMimeMessage(mail).value();
}

TEST(ReadableMailTest, PartsAreDecodedSoAnAdminCanReadThem) {
  const std::string mime = BuiltMail();
  ASSERT_EQ(mime.find("Grüße, Anna!"), std::string::npos) << "the MIME text is encoded";
  const std::string readable = ReadableMail(mime);
  EXPECT_NE(readable.find("Grüße, Anna!"), std::string::npos) << readable;
  EXPECT_NE(readable.find("<p>Grüße</p>"), std::string::npos) << readable;
  // A long line that quoted-printable wrapped with soft breaks is whole again.
  EXPECT_NE(readable.find(std::string(100, 'x')), std::string::npos) << readable;
  // The calendar (base64) is text again.
  EXPECT_NE(readable.find("METHOD:REQUEST"), std::string::npos) << readable;
  EXPECT_NE(readable.find("Content-Type: multipart/mixed"), std::string::npos);
}

TEST(ReadableMailTest, JoinLinkSecretsAreMasked) {
  const std::string readable = ReadableMail(BuiltMail());
  EXPECT_EQ(readable.find("ap-secret-1"), std::string::npos) << readable;
  EXPECT_EQ(readable.find("0123456789abcdef"), std::string::npos) << readable;
  EXPECT_NE(readable.find("password=***&checksum=***"), std::string::npos) << readable;
  EXPECT_NE(readable.find("meetingID=m1"), std::string::npos) << readable;
}

TEST(ReadableMailTest, TextThatIsNotMimeIsShownAsItIsButMasked) {
  EXPECT_EQ(ReadableMail("hello\n-- \nsignature\n"), "hello\n-- \nsignature\n");
  EXPECT_EQ(MaskMailSecrets("join?pw=abc&x=1 pw=def"), "join?pw=***&x=1 pw=***");
  EXPECT_EQ(MaskMailSecrets("newpassword=keep"), "newpassword=keep");
  // Broken encodings are shown, not crashed on.
  const std::string broken =
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n=Z1=\r\n--b\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n@@@\r\n--b--\r\n";
  const std::string readable = ReadableMail(broken);
  EXPECT_NE(readable.find("=Z1"), std::string::npos) << readable;
  EXPECT_NE(readable.find("@@@"), std::string::npos) << readable;
}

}  // namespace
}  // namespace schedulight
