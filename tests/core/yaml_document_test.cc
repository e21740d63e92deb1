#include "core/yaml_document.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

TEST(YamlDocumentTest, TypesScalarsLikeTheOriginal) {
  auto doc = ParseYaml(
      "a: true\nb: no\nc: 42\nd: 0042\ne: '42'\nf: 2020-06-13 18:15\ng:\nh: ~\ni: 1.5\n"
      "j: Müller\nk: \"true\"\n");
  ASSERT_TRUE(doc) << doc.error().message;
  const auto& v = doc->value;
  EXPECT_EQ(v["a"], true);
  EXPECT_EQ(v["b"], false);
  EXPECT_EQ(v["c"], 42);
  EXPECT_EQ(v["d"], "0042");  // leading zero: an access code, not a number
  EXPECT_EQ(v["e"], "42");
  EXPECT_EQ(v["f"], "2020-06-13 18:15");
  EXPECT_TRUE(v["g"].is_null());
  EXPECT_TRUE(v["h"].is_null());
  EXPECT_DOUBLE_EQ(v["i"].get<double>(), 1.5);
  EXPECT_EQ(v["j"], "Müller");
  EXPECT_EQ(v["k"], "true");
}

TEST(YamlDocumentTest, RemembersWhereEachFieldIs) {
  auto doc = ParseYaml("meetings:\n  m1:\n    owner:\n      email: x\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->Locate("meetings.m1.owner.email").line, 4);
  EXPECT_EQ(doc->Locate("meetings.m1.owner.email").column, 14);
  // A field that is not there is located at its nearest ancestor.
  EXPECT_EQ(doc->Locate("meetings.m1.owner.fullName").line, 4);
  EXPECT_EQ(doc->Locate("meetings.m1").line, 3);
}

TEST(YamlDocumentTest, SyntaxErrorsCarryTheirLocation) {
  auto doc = ParseYaml("servers:\n  bbb:\n    BBB_URL: [unclosed\n");
  ASSERT_FALSE(doc);
  EXPECT_GT(doc.error().location.line, 0);
  EXPECT_FALSE(doc.error().message.empty());
}

TEST(YamlDocumentTest, DuplicateKeysAreErrors) {
  auto doc = ParseYaml("meetings:\n  m1: {}\n  m1: {}\n");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "duplicate key 'm1'");
  EXPECT_EQ(doc.error().location.line, 3);
}

TEST(YamlDocumentTest, EmptyTextIsNull) {
  auto doc = ParseYaml("");
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->value.is_null());
}

}  // namespace
}  // namespace schedulight
