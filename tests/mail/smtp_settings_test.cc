#include "mail/smtp_settings.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

TEST(SmtpSettingsTest, Endpoints) {
  struct Case {
    const char* server;
    std::optional<std::string> tls;
    const char* url;
    SmtpTls mode;
  };
  const std::vector<Case> cases = {
      {"mail.example.org", std::nullopt, "smtp://mail.example.org:587", SmtpTls::kStartTls},
      {"mail.example.org:25", std::nullopt, "smtp://mail.example.org:25", SmtpTls::kStartTls},
      {"smtp://mail.example.org", std::nullopt, "smtp://mail.example.org:587", SmtpTls::kStartTls},
      {"smtp://mail.example.org:2525/", "starttls", "smtp://mail.example.org:2525",
       SmtpTls::kStartTls},
      {"smtps://mail.example.org", std::nullopt, "smtps://mail.example.org:465",
       SmtpTls::kImplicit},
      {"smtps://mail.example.org:4650", "tls", "smtps://mail.example.org:4650", SmtpTls::kImplicit},
      {"mail.example.org", "tls", "smtps://mail.example.org:465", SmtpTls::kImplicit},
      {"localhost:25", "none", "smtp://localhost:25", SmtpTls::kNone},
  };
  for (const auto& c : cases) {
    auto endpoint = ParseSmtpEndpoint(c.server, c.tls);
    ASSERT_TRUE(endpoint) << c.server << ": " << endpoint.error();
    EXPECT_EQ(endpoint->url, c.url) << c.server;
    EXPECT_EQ(endpoint->tls, c.mode) << c.server;
  }
}

TEST(SmtpSettingsTest, RejectsConflictsAndJunk) {
  EXPECT_FALSE(ParseSmtpEndpoint("smtps://mail.example.org", "none"));
  EXPECT_FALSE(ParseSmtpEndpoint("smtps://mail.example.org", "starttls"));
  EXPECT_FALSE(ParseSmtpEndpoint("smtp://mail.example.org", "tls"));
  EXPECT_FALSE(ParseSmtpEndpoint("mail.example.org", "ssl"));
  EXPECT_FALSE(ParseSmtpEndpoint("smtp://user:pw@mail.example.org", std::nullopt));
  EXPECT_FALSE(ParseSmtpEndpoint("mail.example.org:99999", std::nullopt));
  EXPECT_FALSE(ParseSmtpEndpoint("mail example.org", std::nullopt));
  EXPECT_FALSE(ParseSmtpEndpoint("http://mail.example.org", std::nullopt));
  EXPECT_FALSE(ParseSmtpEndpoint("", std::nullopt));
}

TEST(SmtpSettingsTest, FromServerDocument) {
  const nlohmann::json server = {{"mailServer", "smtps://mail.example.org"},
                                 {"mailUser", "zid"},
                                 {"mailPassword", "env:SMTP_PW"}};
  auto settings = SmtpSettingsFromServer(server, "/ca.pem", [](const std::string& value) {
    return std::expected<std::string, std::string>(value == "env:SMTP_PW" ? "s3cret" : value);
  });
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->endpoint.url, "smtps://mail.example.org:465");
  EXPECT_EQ(settings->user, "zid");
  EXPECT_EQ(settings->password, "s3cret");
  EXPECT_EQ(settings->ca_file, "/ca.pem");
  EXPECT_FALSE(settings->debug);
  nlohmann::json debugged = server;
  debugged["mailDebug"] = true;
  EXPECT_TRUE(SmtpSettingsFromServer(debugged, std::nullopt, [](const std::string& value) {
                return std::expected<std::string, std::string>(value);
              })->debug);
  EXPECT_FALSE(SmtpSettingsFromServer(nlohmann::json::object(), std::nullopt, nullptr));
  auto unresolved = SmtpSettingsFromServer(server, std::nullopt, [](const std::string&) {
    return std::expected<std::string, std::string>(std::unexpected("SMTP_PW is not set"));
  });
  ASSERT_FALSE(unresolved);
  EXPECT_EQ(unresolved.error(), "mailPassword: SMTP_PW is not set");
}

}  // namespace
}  // namespace schedulight
