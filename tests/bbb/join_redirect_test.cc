// The errors a BBB server puts in a join redirect's query (JSON in a URL
// parameter) are outside input: any bytes give an error value, never a crash.

#include <gtest/gtest.h>

#include <string>

#include "bbb/bbb_client.h"

namespace schedulight {
namespace {

TEST(JoinRedirectTest, TheServersErrorIsRead) {
  auto error = JoinErrorFromRedirect(
      "https://bbb.example.org/b?errors=%5B%7B%22key%22%3A%22checksumError%22%2C"
      "%22message%22%3A%22Checksums+do+not+match%22%7D%5D");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message_key, "checksumError");
  EXPECT_EQ(error->message, "Checksums do not match");
  EXPECT_FALSE(JoinErrorFromRedirect("https://bbb.example.org/html5client/join?sessionToken=x"));
}

TEST(JoinRedirectTest, HostileErrorsAreMalformedNotACrash) {
  for (const std::string& errors :
       {std::string(100000, '[') + std::string(100000, ']'),
        "[" + std::string(100000, '[') + "{\"key\":\"x\"}" + std::string(100000, ']') + "]",
        std::string("[{\"key\": 1e999999}]"), std::string("[{\"key\": \"\xff\"}]"),
        std::string("[[{}]]"), std::string("[]"), std::string("{}")}) {
    auto error = JoinErrorFromRedirect("https://bbb.example.org/b?errors=" + errors);
    ASSERT_TRUE(error) << errors.substr(0, 40);
    EXPECT_EQ(error->kind, BbbErrorKind::kMalformed) << errors.substr(0, 40);
  }
}

TEST(JoinRedirectTest, FieldsOfTheWrongTypeAreLeftOut) {
  auto error =
      JoinErrorFromRedirect("https://bbb.example.org/b?errors=[{\"key\":1,\"message\":[]}]");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, BbbErrorKind::kApi);
  EXPECT_EQ(error->message_key, "unknownError");
  EXPECT_EQ(error->message, "");
}

}  // namespace
}  // namespace schedulight
