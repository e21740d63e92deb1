#include "greenlight/password.h"

#include <gtest/gtest.h>

#include <regex>

#include "independent_bcrypt.h"

namespace schedulight {
namespace {

using testing::CheckWithPythonBcrypt;

TEST(PasswordTest, ProductionCostDigestIsWhatRailsStoresAndVerifiesIndependently) {
  // The one real cost-12 hash of the suite: what Greenlight gets in production.
  auto digest = HashPassword("Corr3ct-Horse_Battery");
  ASSERT_TRUE(digest.has_value()) << digest.error();
  EXPECT_TRUE(std::regex_match(*digest, std::regex(R"(\$2a\$12\$[./A-Za-z0-9]{53})"))) << *digest;
  const auto check = CheckWithPythonBcrypt("Corr3ct-Horse_Battery", *digest);
  ASSERT_TRUE(check.ran) << check.problem;
  EXPECT_TRUE(check.matches);
  const auto wrong = CheckWithPythonBcrypt("Corr3ct-Horse_Batterz", *digest);
  ASSERT_TRUE(wrong.ran) << wrong.problem;
  EXPECT_FALSE(wrong.matches);
}

TEST(PasswordTest, SaltIsFreshEachTime) {
  auto first = HashPassword("same-Passw0rd", 4);
  auto second = HashPassword("same-Passw0rd", 4);
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(VerifyPassword("same-Passw0rd", *first));
  EXPECT_TRUE(VerifyPassword("same-Passw0rd", *second));
  EXPECT_FALSE(VerifyPassword("same-passw0rd", *first));
}

TEST(PasswordTest, NonAsciiPasswordVerifiesIndependently) {
  const std::string password = "Grüße-ü€-\"quoted\" 'x' ; --";
  auto digest = HashPassword(password, 4);
  ASSERT_TRUE(digest.has_value());
  const auto check = CheckWithPythonBcrypt(password, *digest);
  ASSERT_TRUE(check.ran) << check.problem;
  EXPECT_TRUE(check.matches);
}

TEST(PasswordTest, OnlyTheFirst72BytesCount) {
  const std::string base(72, 'a');
  auto digest = HashPassword(base + "tail-one", 4);
  ASSERT_TRUE(digest.has_value());
  EXPECT_TRUE(VerifyPassword(base + "tail-two", *digest));
  // bcrypt-ruby and pyca/bcrypt read 72 bytes too.
  const auto check = CheckWithPythonBcrypt(base, *digest);
  ASSERT_TRUE(check.ran) << check.problem;
  EXPECT_TRUE(check.matches);
}

TEST(PasswordTest, RefusesNulAndBadCostWithoutEchoingThePassword) {
  auto nul = HashPassword(std::string("sec\0ret", 7), 4);
  ASSERT_FALSE(nul.has_value());
  EXPECT_EQ(nul.error().find("sec"), std::string::npos);
  EXPECT_FALSE(HashPassword("x", 3).has_value());
  EXPECT_FALSE(HashPassword("x", 32).has_value());
}

TEST(PasswordTest, GeneratedPasswordsSatisfyGreenlightsRuleAndDiffer) {
  const std::regex lower("[a-z]"), upper("[A-Z]"), digit("[0-9]"), symbol("[^A-Za-z0-9]|_");
  std::string previous;
  for (int i = 0; i < 200; ++i) {
    const std::string password = GeneratePassword();
    EXPECT_EQ(password.size(), 24u);
    EXPECT_TRUE(std::regex_search(password, lower)) << password;
    EXPECT_TRUE(std::regex_search(password, upper)) << password;
    EXPECT_TRUE(std::regex_search(password, digit)) << password;
    EXPECT_TRUE(std::regex_search(password, symbol)) << password;
    EXPECT_NE(password, previous);
    previous = password;
  }
}

TEST(PasswordTest, DigestForLocalAndExternalAccounts) {
  auto external = PasswordDigestFor(std::nullopt, /*local_account=*/false, 4);
  ASSERT_TRUE(external.has_value());
  EXPECT_FALSE(external->has_value());  // NULL digest, as Greenlight gives omniauth users

  auto external_with = PasswordDigestFor("Given-Passw0rd", false, 4);
  ASSERT_TRUE(external_with && external_with->has_value());
  EXPECT_TRUE(VerifyPassword("Given-Passw0rd", **external_with));

  auto local_random = PasswordDigestFor(std::nullopt, true, 4);
  ASSERT_TRUE(local_random && local_random->has_value());
  EXPECT_TRUE(local_random->value().starts_with("$2a$04$"));
  EXPECT_FALSE(VerifyPassword("", **local_random));
}

}  // namespace
}  // namespace schedulight
