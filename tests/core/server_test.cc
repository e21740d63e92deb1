#include "core/server.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

nlohmann::json ValidServer() {
  return {{"BBB_URL", "https://bbb.example.org/bigbluebutton/api"},
          {"BBB_SECRET", "s3cret"},
          {"link_base", "https://bbb.example.org/b"},
          {"mailPassword", "mail-pw"},
          {"greenlight", {{"version", 3}, {"database", "postgresql://gl:db-pw@db/gl"}}},
          {"customField", "kept"}};
}

TEST(ServerTest, ValidServerKeepsUnknownFields) {
  FieldErrors errors;
  auto server = ValidateServer("bbb", ValidServer(), "servers.bbb", errors);
  ASSERT_TRUE(server) << errors.front().ToString();
  EXPECT_EQ(server->bbb_secret, "s3cret");
  EXPECT_EQ(server->checksum_algorithm, "sha1");
  ASSERT_TRUE(server->greenlight);
  EXPECT_EQ(server->greenlight->version, 3);
  EXPECT_EQ(server->document["customField"], "kept");
}

TEST(ServerTest, ReportsEveryProblemWithItsPath) {
  nlohmann::json doc = {{"BBB_URL", "ftp://x"},
                        {"checksumAlgorithm", "md5"},
                        {"mailFrom", "not-an-address"},
                        {"mailTLS", "ssl"},
                        {"greenlight", {{"version", 4}, {"database", "mysql://x"}}}};
  FieldErrors errors;
  EXPECT_FALSE(ValidateServer("bbb", doc, "servers.bbb", errors));
  std::vector<std::string> paths;
  for (const auto& error : errors) paths.push_back(error.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"servers.bbb.BBB_URL", "servers.bbb.BBB_SECRET",
                                      "servers.bbb.checksumAlgorithm", "servers.bbb.mailFrom",
                                      "servers.bbb.mailTLS", "servers.bbb.greenlight.version",
                                      "servers.bbb.greenlight.database"}));
}

TEST(ServerTest, MailServerMayBeHostOrUrl) {
  for (const char* good : {"mail.example.org", "smtp://mail.example.org:587",
                           "smtps://mail.example.org:465", "localhost:25"}) {
    auto doc = ValidServer();
    doc["mailServer"] = good;
    FieldErrors errors;
    EXPECT_TRUE(ValidateServer("bbb", doc, "s", errors)) << good;
  }
  auto doc = ValidServer();
  doc["mailServer"] = "http://mail.example.org";
  FieldErrors errors;
  EXPECT_FALSE(ValidateServer("bbb", doc, "s", errors));
}

TEST(ServerTest, BadIdIsRejected) {
  FieldErrors errors;
  EXPECT_FALSE(ValidateServer("../etc", ValidServer(), "servers.../etc", errors));
}

TEST(ServerTest, RedactionHidesEverySecret) {
  const nlohmann::json redacted = RedactServerDocument(ValidServer());
  EXPECT_EQ(redacted["BBB_SECRET"], "***");
  EXPECT_EQ(redacted["mailPassword"], "***");
  EXPECT_EQ(redacted["greenlight"]["database"], "postgresql://gl:***@db/gl");
  EXPECT_EQ(redacted["BBB_URL"], ValidServer()["BBB_URL"]);
  EXPECT_EQ(redacted.dump().find("s3cret"), std::string::npos);
  EXPECT_EQ(redacted.dump().find("db-pw"), std::string::npos);
}

TEST(ServerTest, DatabaseUrlRedaction) {
  EXPECT_EQ(RedactDatabaseUrl("postgresql://postgres@127.0.0.1/gl"),
            "postgresql://postgres@127.0.0.1/gl");
  EXPECT_EQ(RedactDatabaseUrl("postgresql://u:p%40ss@h:5432/gl"), "postgresql://u:***@h:5432/gl");
  EXPECT_EQ(RedactDatabaseUrl("host=db user=gl password=secret dbname=gl"),
            "host=db user=gl password=*** dbname=gl");
}

}  // namespace
}  // namespace schedulight
