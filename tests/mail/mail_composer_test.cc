#include "mail/mail_composer.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

MailRequest InvitationRequest() {
  MailRequest request;
  request.kind = "meetingInvitationInfo";
  request.server_id = "bbb";
  request.meeting_id = "m1";
  request.route = {.send = true,
                   .send_decided_by = "server",
                   .from = {"zid@example.org", "ZID"},
                   .to = {"test@example.org", "Anna"},
                   .redirected = true};
  request.model.language = "en";
  request.model.recipient = {"anna@example.org", "Anna"};
  request.model.owner = {"owner@example.org", "Olga"};
  request.model.sender = request.route.from;
  request.model.meeting = MeetingMailFacts{
      .id = "m1",
      .name = "Weekly",
      .starts_at = ParseStartDate("2026-12-01 10:00", FindTimeZone("Europe/Vienna")).value(),
      .zone = FindTimeZone("Europe/Vienna")};
  request.model.room_link = "https://gl.example.org/b/abc";
  return request;
}

TEST(MailComposerTest, InvitationWithStartDateCarriesAnIcs) {
  const TemplateSet templates = TemplateSet::BuiltIn();
  auto mail = MailComposer(templates).Compose(InvitationRequest(), FromUnixSeconds(1790000000));
  ASSERT_TRUE(mail) << mail.error();
  EXPECT_EQ(mail->state, MailState::kQueued);
  EXPECT_EQ(mail->kind, "meetingInvitationInfo");
  EXPECT_EQ(mail->recipient, "test@example.org");
  EXPECT_EQ(mail->meeting_id, "m1");
  EXPECT_EQ(mail->message["server"], "bbb");
  EXPECT_EQ(mail->message["subject"], "Invitation: Weekly");
  EXPECT_EQ(mail->message["redirected"], true);
  const std::string mime = mail->message["mime"];
  EXPECT_NE(mime.find("text/calendar"), std::string::npos);
  EXPECT_NE(mime.find("invite.ics"), std::string::npos);
}

TEST(MailComposerTest, NoIcsWithoutStartDateOrForOtherKinds) {
  const TemplateSet templates = TemplateSet::BuiltIn();
  MailRequest request = InvitationRequest();
  request.model.meeting->starts_at.reset();
  auto mail = MailComposer(templates).Compose(request, FromUnixSeconds(1790000000));
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->message["mime"].get<std::string>().find("text/calendar"), std::string::npos);
  request = InvitationRequest();
  request.kind = "meetingModeratorInfo";
  mail = MailComposer(templates).Compose(request, FromUnixSeconds(1790000000));
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->message["mime"].get<std::string>().find("text/calendar"), std::string::npos);
}

TEST(MailComposerTest, UnsafeOrUnknownTemplateNamesFail) {
  const TemplateSet templates = TemplateSet::BuiltIn();
  MailRequest request = InvitationRequest();
  request.template_name = "../../etc/passwd";
  auto mail = MailComposer(templates).Compose(request, FromUnixSeconds(1790000000));
  ASSERT_FALSE(mail);
  EXPECT_NE(mail.error().find("not a template name"), std::string::npos);
  request.template_name = "doesNotExist";
  EXPECT_FALSE(MailComposer(templates).Compose(request, FromUnixSeconds(1790000000)));
}

}  // namespace
}  // namespace schedulight
