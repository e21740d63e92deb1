#include "core/json_input.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

std::string Nested(int depth, const std::string& inner = "") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

TEST(JsonInputTest, ParsesOrdinaryDocuments) {
  auto value = ParseJsonInput(
      R"( {"a": [1, -2, 3.5, "x\u00e9", true, null], "b": {"c": 18446744073709551615}} )");
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ((*value)["a"][0], 1);
  EXPECT_EQ((*value)["a"][1], -2);
  EXPECT_DOUBLE_EQ((*value)["a"][2].get<double>(), 3.5);
  EXPECT_EQ((*value)["a"][3], "x\u00e9");
  EXPECT_EQ((*value)["a"][4], true);
  EXPECT_TRUE((*value)["a"][5].is_null());
  EXPECT_EQ((*value)["b"]["c"].get<std::uint64_t>(), 18446744073709551615ULL);
  EXPECT_EQ(*value, nlohmann::json::parse(R"({"a": [1, -2, 3.5, "x\u00e9", true, null],
                                              "b": {"c": 18446744073709551615}})"));
}

TEST(JsonInputTest, LaterDuplicateKeyWinsAsInNlohmann) {
  auto value = ParseJsonInput(R"({"a": 1, "a": 2})");
  ASSERT_TRUE(value);
  EXPECT_EQ((*value)["a"], 2);
}

TEST(JsonInputTest, AcceptsExactlyTheDepthLimit) {
  auto value = ParseJsonInput(Nested(kJsonMaxDepth, "1"));
  ASSERT_TRUE(value) << value.error().message;
  auto object = ParseJsonInput(R"({"extra": )" + Nested(kJsonMaxDepth - 1) + "}");
  EXPECT_TRUE(object) << object.error().message;
}

TEST(JsonInputTest, RefusesOneLevelMoreWithTheOffset) {
  auto value = ParseJsonInput(Nested(kJsonMaxDepth + 1));
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().message, "nested deeper than 64 levels");
  EXPECT_EQ(value.error().offset, 64u);  // the 65th '['
}

TEST(JsonInputTest, RefusesAHundredThousandLevelsWithoutRecursing) {
  const std::string text = R"({"extra": )" + Nested(100000) + "}";
  auto value = ParseJsonInput(text);
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().message, "nested deeper than 64 levels");
  EXPECT_EQ(value.error().offset, 10u + 63u);
  // Brackets inside strings do not count.
  auto strings = ParseJsonInput(R"({"a": "[[[[[[", "b": [")" + std::string(1000, '[') + R"("]})");
  EXPECT_TRUE(strings) << strings.error().message;
  // An object in an array in an object counts every level.
  std::string mixed;
  for (int i = 0; i < 40; ++i) mixed += R"({"k": [)";
  for (int i = 0; i < 40; ++i) mixed += "]}";
  auto deep_mixed = ParseJsonInput(mixed);
  ASSERT_FALSE(deep_mixed);
  EXPECT_EQ(deep_mixed.error().offset, 32u * 7u);  // the 33rd '{' is level 65
}

TEST(JsonInputTest, RefusesNumbersTooLargeForADouble) {
  auto value = ParseJsonInput(R"({"duration": 1e999999})");
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().message, "the number 1e999999 is too large");
  EXPECT_EQ(value.error().offset, 20u);
  EXPECT_FALSE(ParseJsonInput("-1e400"));
  // Very small numbers are just 0; huge integers become doubles, as in nlohmann.
  auto tiny = ParseJsonInput("1e-999999");
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny->get<double>(), 0.0);
  auto huge = ParseJsonInput("123456789012345678901234567890");
  ASSERT_TRUE(huge);
  EXPECT_TRUE(huge->is_number_float());
}

TEST(JsonInputTest, RefusesTextThatIsNotUtf8) {
  auto latin1 = ParseJsonInput("{\"name\": \"caf\xe9\"}");
  ASSERT_FALSE(latin1);
  EXPECT_NE(latin1.error().message.find("UTF-8"), std::string::npos) << latin1.error().message;
  // The lexer has read the byte after the broken sequence when it notices.
  EXPECT_GE(latin1.error().offset, 13u);
  EXPECT_LE(latin1.error().offset, 14u);
  for (const char* bad :
       {"\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"\xf4\x90\x80\x80\"", R"("\ud800")", "\"a\x01\""}) {
    auto value = ParseJsonInput(bad);
    EXPECT_FALSE(value) << bad;
    if (!value) {
      // The message is printable ASCII, whatever bytes the input had.
      for (char c : value.error().message) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << bad;
    }
  }
  EXPECT_TRUE(ParseJsonInput(R"("\ud83d\ude00")"));
}

TEST(JsonInputTest, RefusesWhatIsNotOneJsonValue) {
  for (const char* bad :
       {"", " ", "{", "{\"a\":}", "[1,]", "{} {}", "nul", "'a'", "{\"a\" 1}", "\xff"}) {
    auto value = ParseJsonInput(bad);
    EXPECT_FALSE(value) << bad;
    if (!value) {
      EXPECT_FALSE(value.error().message.empty());
    }
  }
  auto trailing = ParseJsonInput("{} x");
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error().offset, 3u);
}

TEST(JsonInputTest, LongTokensDoNotMakeLongMessages) {
  auto value = ParseJsonInput("\"" + std::string(100000, 'a'));
  ASSERT_FALSE(value);
  EXPECT_LT(value.error().message.size(), 300u);
}

TEST(JsonInputTest, AStoreSizedLimitCanBeGiven) {
  EXPECT_TRUE(ParseJsonInput(Nested(128), 128));
  EXPECT_FALSE(ParseJsonInput(Nested(129), 128));
}

}  // namespace
}  // namespace schedulight
