#include "mail/mail_renderer.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "mail/html_text.h"
#include "mail/template_model.h"

namespace schedulight {
namespace {

TemplateModelInput Sample() {
  TemplateModelInput input;
  input.language = "de";
  input.recipient = {"anna@example.org", "Anna <script>alert(1)</script> & Co"};
  input.sender = {"zid@example.org", "ZID Team"};
  input.owner = {"owner@example.org", "Jürgen Österreicher"};
  input.meeting = MeetingMailFacts{
      .id = "m1",
      .name = "Prüfung \"Öl\" <b>fett</b>",
      .description = "",
      .starts_at = ParseStartDate("2026-07-01 10:00", FindTimeZone("Europe/Vienna")).value(),
      .zone = FindTimeZone("Europe/Vienna")};
  input.room_link = "https://gl.example.org/b/abc-def?x=1&y=2";
  return input;
}

TEST(MailRendererTest, EscapesUserValuesInHtmlAndUnescapesTheSubject) {
  const MailTemplate mail_template{
      "t", "test", "Hello {{recipient.name}}: {{meeting.name}}",
      "<p>{{recipient.name}}</p><a href=\"{{links.room}}\">{{meeting.name}}</a>\n"};
  auto rendered = RenderMail(mail_template, BuildTemplateModel(Sample()));
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(rendered->subject,
            "Hello Anna <script>alert(1)</script> & Co: Prüfung \"Öl\" <b>fett</b>");
  EXPECT_EQ(rendered->html.find("<script>"), std::string::npos);
  EXPECT_NE(rendered->html.find("Anna &lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; Co"),
            std::string::npos);
  EXPECT_NE(rendered->html.find("&lt;b&gt;fett&lt;&#x2F;b&gt;"), std::string::npos);
  EXPECT_NE(rendered->html.find(
                "href=\"https:&#x2F;&#x2F;gl.example.org&#x2F;b&#x2F;abc-def?x=1&amp;y=2\""),
            std::string::npos);
  EXPECT_NE(rendered->text.find("Anna <script>alert(1)</script> & Co"), std::string::npos);
  EXPECT_NE(rendered->text.find("<https://gl.example.org/b/abc-def?x=1&y=2>"), std::string::npos);
}

TEST(MailRendererTest, SubjectLosesLineBreaks) {
  TemplateModelInput input = Sample();
  input.recipient.name = "Eve\r\nBcc: victim@example.org";
  const MailTemplate mail_template{"t", "test", "To {{recipient.name}}", "<p></p>"};
  auto rendered = RenderMail(mail_template, BuildTemplateModel(input));
  ASSERT_TRUE(rendered);
  EXPECT_EQ(rendered->subject, "To Eve  Bcc: victim@example.org");
  EXPECT_EQ(rendered->subject.find_first_of("\r\n"), std::string::npos);
}

TEST(MailRendererTest, StartDateHasTheZonesRealOffset) {
  const nlohmann::json summer = BuildTemplateModel(Sample());
  EXPECT_EQ(summer["meeting"]["startDate"], "2026-07-01 10:00 CEST (UTC+02:00)");
  EXPECT_EQ(summer["meeting"]["utcOffset"], "UTC+02:00");
  EXPECT_EQ(summer["meeting"]["startUtc"], "2026-07-01T08:00:00Z");
  EXPECT_EQ(summer["meeting"]["startTime"], "10:00");
  EXPECT_EQ(summer["meeting"]["timezone"], "Europe/Vienna");
  TemplateModelInput input = Sample();
  input.meeting->starts_at = ParseStartDate("2026-12-01 10:00", input.meeting->zone).value();
  const nlohmann::json winter = BuildTemplateModel(input);
  EXPECT_EQ(winter["meeting"]["startDate"], "2026-12-01 10:00 CET (UTC+01:00)");
  input.meeting->zone = FindTimeZone("America/New_York");
  EXPECT_EQ(BuildTemplateModel(input)["meeting"]["startDate"], "2026-12-01 04:00 EST (UTC-05:00)");
}

TEST(MailRendererTest, BuiltInGermanOwnerInfo) {
  const TemplateSet set = TemplateSet::BuiltIn();
  auto found = set.Find("meetingOwnerInfo", "de");
  ASSERT_TRUE(found);
  auto rendered = RenderMail(**found, BuildTemplateModel(Sample()));
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(rendered->subject,
            "Ihre Veranstaltung „Prüfung \"Öl\" <b>fett</b>“ wurde eingerichtet");
  EXPECT_NE(rendered->html.find("2026-07-01 10:00 CEST (UTC+02:00)"), std::string::npos);
  EXPECT_NE(rendered->text.find("Datum\n\n2026-07-01 10:00 CEST (UTC+02:00)"), std::string::npos)
      << rendered->text;
  EXPECT_NE(rendered->text.find("Hallo Anna <script>alert(1)</script> & Co,"), std::string::npos);
  EXPECT_EQ(rendered->text.find("<p>"), std::string::npos);
  EXPECT_EQ(rendered->text.find("font-family"), std::string::npos);  // no <head>/<style>
}

TEST(MailRendererTest, EveryBuiltInTemplateRendersWithoutLeftovers) {
  const TemplateSet set = TemplateSet::BuiltIn();
  TemplateModelInput input = Sample();
  input.moderator_link = "https://bbb.example.org/join?x";
  input.room = RoomMailFacts{"Raum 1", "abc-def", input.room_link};
  input.query = "Raum";
  input.rooms = {{"Raum 1", "abc-def", "Owner", "https://gl/b/abc", "https://bbb/join"}};
  for (const auto& language : TemplateSet::BuiltinLanguages()) {
    for (const auto& kind : TemplateSet::Kinds()) {
      auto rendered = RenderMail(*set.Find(kind, language).value(), BuildTemplateModel(input));
      ASSERT_TRUE(rendered) << kind;
      EXPECT_EQ(rendered->html.find("{{"), std::string::npos) << language << "/" << kind;
      EXPECT_EQ(rendered->subject.find("{{"), std::string::npos) << language << "/" << kind;
      EXPECT_FALSE(rendered->text.empty());
    }
  }
}

TEST(HtmlTextTest, DecodesReferences) {
  EXPECT_EQ(DecodeHtmlEntities("a &amp; b &lt;&gt; &quot;&#39;&#x2F; &auml;&#228;&#xE4; &bogus; &"),
            "a & b <> \"'/ äää &bogus; &");
}

TEST(HtmlTextTest, BlocksListsAndLinks) {
  EXPECT_EQ(HtmlToText("<html><head><title>T</title><style>p{}</style></head><body>"
                       "<h2>Title</h2><p>Hello   <b>you</b>,<br>next</p>"
                       "<ul><li>one</li><li><a href=\"https://x/y\">https://x/y</a></li>"
                       "<li><a href='https://z'>Room</a></li></ul><!-- hidden --></body></html>"),
            "Title\n\nHello you,\nnext\n\n- one\n- https://x/y\n- Room <https://z>\n");
}

}  // namespace
}  // namespace schedulight
