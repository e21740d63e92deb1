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

TEST(YamlDocumentTest, ALongDuplicateKeyIsNamedShortly) {
  const std::string key(100000, 'k');
  auto doc = ParseYaml("? " + key + "\n: 1\n? " + key + "\n: 2\n");  // explicit: no 1024 limit
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "duplicate key '" + std::string(100, 'k') + "...'");
}

TEST(YamlDocumentTest, EmptyTextIsNull) {
  auto doc = ParseYaml("");
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->value.is_null());
}

std::string FlowNested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Level k (k >= 1) is a list of ten aliases of level k - 1; level 0 is ten scalars.
std::string AliasBomb(int levels) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < levels; ++level) {
    const std::string alias = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i == 0 ? "" : ", ") + alias;
    text += "]\n";
  }
  return text;
}

TEST(YamlDocumentTest, NestingIsLimitedTo64Levels) {
  auto deepest = ParseYaml(FlowNested(64));
  ASSERT_TRUE(deepest) << deepest.error().message;
  auto deeper = ParseYaml(FlowNested(65));
  ASSERT_FALSE(deeper);
  EXPECT_EQ(deeper.error().message, "nested deeper than 64 levels");
  EXPECT_EQ(deeper.error().location.line, 1);
  EXPECT_EQ(deeper.error().location.column, 65);
}

TEST(YamlDocumentTest, AHundredThousandLevelsAreAnErrorNotACrash) {
  auto flow = ParseYaml(FlowNested(100000));
  ASSERT_FALSE(flow);
  EXPECT_EQ(flow.error().message, "nested deeper than 64 levels");
  EXPECT_EQ(flow.error().location.line, 1);
  EXPECT_EQ(flow.error().location.column, 65);

  std::string block;  // "- - - ... x": block lists in block lists
  for (int i = 0; i < 100000; ++i) block += "- ";
  auto blocks = ParseYaml(block + "x\n");
  ASSERT_FALSE(blocks);
  EXPECT_EQ(blocks.error().message, "nested deeper than 64 levels");
  EXPECT_EQ(blocks.error().location.line, 1);
  EXPECT_EQ(blocks.error().location.column, 2 * 64 + 1);

  std::string mappings;  // k:\n  k:\n    k: ... one level a line
  for (int i = 0; i < 200; ++i) mappings += std::string(2 * i, ' ') + "k:\n";
  auto indented = ParseYaml(mappings);
  ASSERT_FALSE(indented);
  EXPECT_EQ(indented.error().message, "nested deeper than 64 levels");
  EXPECT_EQ(indented.error().location.line, 65);
}

TEST(YamlDocumentTest, AliasesAreExpandedWithTheAnchorsLocations) {
  auto doc = ParseYaml(
      "defaults: &owner\n  email: o@example.org\n  fullName: O\nmeetings:\n"
      "  m1: {owner: *owner}\n  m2: {owner: *owner, code: &code 0042}\n  m3: {code: *code}\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->value["meetings"]["m1"]["owner"]["email"], "o@example.org");
  EXPECT_EQ(doc->value["meetings"]["m2"]["owner"], doc->value["defaults"]);
  EXPECT_EQ(doc->value["meetings"]["m3"]["code"], "0042");
  EXPECT_EQ(doc->Locate("meetings.m2.owner.fullName").line, 3);
  EXPECT_EQ(doc->Locate("meetings.m2").line, 6);
}

TEST(YamlDocumentTest, AnAliasBombIsRefusedAtTheAliasThatCrossesTheLimit) {
  const std::string text = AliasBomb(9);  // 10^9 scalars once expanded, from 511 bytes
  ASSERT_LT(text.size(), 600u);
  auto doc = ParseYaml(text);
  ASSERT_FALSE(doc);
  // A file of 511 bytes may hold 100,000 values.
  EXPECT_EQ(doc.error().message, "aliases expand the file to more than 100000 values");
  EXPECT_EQ(doc.error().location.line, 5);  // the eighth alias of a3 (11,111 values each)
  EXPECT_EQ(doc.error().location.column, 10 + 7 * 5);
  // The absolute limit holds for large files too.
  YamlLimits limits;
  limits.min_values_per_text = 0;
  limits.max_values = 1000;
  auto capped = ParseYaml(text, limits);
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().message, "aliases expand the file to more than 511 values");
  limits.min_values_per_text = 2000;
  capped = ParseYaml(text, limits);
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().message, "aliases expand the file to more than 1000 values");
}

TEST(YamlDocumentTest, AliasesOfLongTextCountTheirBytes) {
  const std::string text = "a: &a " + std::string(1000, 'x') + "\nb: [*a, *a, *a, *a, *a]\n";
  YamlLimits limits;
  limits.max_expanded_bytes = 4500;
  auto doc = ParseYaml(text, limits);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "aliases expand the file to more than 4500 bytes");
  EXPECT_EQ(doc.error().location.line, 2);
  EXPECT_EQ(doc.error().location.column, 17);  // the fourth *a: 4 x 1000 bytes and more
  limits.max_expanded_bytes = 1 << 20;
  EXPECT_TRUE(ParseYaml(text, limits));
}

TEST(YamlDocumentTest, AliasesCannotNestDeeperThanTheLimit) {
  YamlLimits limits;
  limits.max_depth = 4;
  auto doc = ParseYaml("a: &a [[x]]\nb: [[*a]]\n", limits);  // b's lists, then a's two: 5
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "nested deeper than 4 levels");
  EXPECT_EQ(doc.error().location.line, 2);
  EXPECT_TRUE(ParseYaml("a: &a [[x]]\nb: [*a]\n", limits));
}

TEST(YamlDocumentTest, AnAliasInsideItsOwnAnchorIsAnError) {
  for (const char* text : {"a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a\n  - b: [*a]\n"}) {
    auto doc = ParseYaml(text);
    ASSERT_FALSE(doc) << text;
    EXPECT_EQ(doc.error().message, "this alias is inside the node its anchor names") << text;
    EXPECT_GT(doc.error().location.line, 0) << text;
  }
}

TEST(YamlDocumentTest, KeysMustBePlainValues) {
  auto list = ParseYaml("servers:\n  ? [a, b]\n  : x\n");
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().message, "a mapping key must be a plain value, not a list or a mapping");
  EXPECT_EQ(list.error().location.line, 2);
  EXPECT_FALSE(ParseYaml("{a: 1}: x\n"));
  EXPECT_FALSE(ParseYaml("m: &m {a: 1}\nn: {*m : x}\n"));
  auto aliased = ParseYaml("k: &k key\nm: {*k : 1}\n");
  ASSERT_TRUE(aliased) << aliased.error().message;
  EXPECT_EQ(aliased->value["m"]["key"], 1);
  auto number_key = ParseYaml("1: one\n~: none\n");
  ASSERT_TRUE(number_key);
  EXPECT_EQ(number_key->value["1"], "one");
  EXPECT_EQ(number_key->value[""], "none");
}

TEST(YamlDocumentTest, TextThatIsNotUtf8IsLocated) {
  auto latin1 = ParseYaml("servers:\n  bbb:\n    BBB_URL: caf\xe9\n");
  ASSERT_FALSE(latin1);
  EXPECT_EQ(latin1.error().message, "byte 0xE9 is not UTF-8 text; save the file as UTF-8");
  EXPECT_EQ(latin1.error().location.line, 3);
  EXPECT_EQ(latin1.error().location.column, 17);
  auto in_key = ParseYaml("a: 1\n\xc3\x28: 2\n");
  ASSERT_FALSE(in_key);
  EXPECT_EQ(in_key.error().location.line, 2);
  EXPECT_EQ(in_key.error().location.column, 1);
  // An escape can make what the text cannot hold: a lone surrogate.
  auto escaped = ParseYaml("a: ok\nb: \"x\\ud800\"\n");
  ASSERT_FALSE(escaped);
  EXPECT_EQ(escaped.error().location.line, 2);
  auto utf16 =
      ParseYaml(std::string("\xff\xfe"
                            "a\0:\0 \0"
                            "1\0",
                            10));
  ASSERT_FALSE(utf16);
  EXPECT_EQ(utf16.error().message, "the text is UTF-16 or UTF-32; save the file as UTF-8");
  // A byte order mark is fine, and so is any character.
  auto bom = ParseYaml(
      "\xef\xbb\xbf"
      "name: Grüße 😀\n");
  ASSERT_TRUE(bom) << bom.error().message;
  EXPECT_EQ(bom->value["name"], "Grüße 😀");
}

TEST(YamlDocumentTest, ControlCharactersAreErrors) {
  auto nul = ParseYaml(std::string("a: 1\nb: x\0y\n", 11));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().message, "control character 0x00 is not allowed in YAML text");
  EXPECT_EQ(nul.error().location.line, 2);
  EXPECT_EQ(nul.error().location.column, 5);
  EXPECT_FALSE(ParseYaml("a: \x04\n"));
  EXPECT_FALSE(ParseYaml("a: \x7f\n"));
  EXPECT_TRUE(ParseYaml("a:\tb\r\nc: d\r\n"));
}

TEST(YamlDocumentTest, ASecondDocumentIsAnError) {
  auto doc = ParseYaml("servers: {}\n---\nmeetings: {}\n");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message,
            "a second YAML document starts here; the file must hold one document");
  EXPECT_EQ(doc.error().location.line, 2);
  EXPECT_FALSE(ParseYaml("a: 1\n---\n"));
  // A document start and end marker around the one document are fine.
  auto marked = ParseYaml("---\na: 1\n...\n");
  ASSERT_TRUE(marked) << marked.error().message;
  EXPECT_EQ(marked->value["a"], 1);
}

TEST(YamlDocumentTest, NumbersAreScannedLikeTheOriginal) {
  auto doc = ParseYaml(
      "a: +5\nb: -0\nc: 01\nd: .5\ne: 5.\nf: 1.5e3\ng: 1.5E-2\nh: 1e3\ni: 1_000\nj: 0x1F\n"
      "k: 99999999999999999999\nm: .\nn: 1.5e\no: --1\np: 1.2.3\nq: ' 1'\n");
  ASSERT_TRUE(doc) << doc.error().message;
  const auto& v = doc->value;
  EXPECT_EQ(v["a"], 5);
  EXPECT_EQ(v["b"], 0);
  EXPECT_EQ(v["c"], "01");
  EXPECT_DOUBLE_EQ(v["d"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(v["e"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(v["f"].get<double>(), 1500.0);
  EXPECT_DOUBLE_EQ(v["g"].get<double>(), 0.015);
  for (const char* text : {"h", "i", "j", "m", "n", "o", "p", "q"}) {
    EXPECT_TRUE(v[text].is_string()) << text;
  }
  EXPECT_EQ(v["k"], "99999999999999999999");  // too large for an integer: the digits as written
}

TEST(YamlDocumentTest, ADecimalTooLargeForADoubleIsAnError) {
  auto doc = ParseYaml("a: 1\nb: 1.0e999999\n");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "the number 1.0e999999 is too large or too small");
  EXPECT_EQ(doc.error().location.line, 2);
  EXPECT_EQ(doc.error().location.column, 4);
  EXPECT_FALSE(ParseYaml("b: -1.0e-999999\n"));
  EXPECT_TRUE(ParseYaml("b: '1.0e999999'\n"));
}

TEST(YamlDocumentTest, ManyValuesWithoutAliasesAreCountedToo) {
  YamlLimits limits;
  limits.max_values = 10;
  limits.min_values_per_text = 0;
  auto doc = ParseYaml("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", limits);  // 11 with the list
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "the file has more than 10 values");
  EXPECT_EQ(doc.error().location.column, 29);
}

// yaml-cpp takes a quote that runs to the end of the file; the rest of the
// file would silently become one value (found by the hostile-input suite).
TEST(YamlDocumentTest, AQuoteThatIsNeverClosedIsAnError) {
  for (const char* text : {"a: 1\nb: \"never closed\nc: 2\n", "a: 1\nb: 'never closed\n",
                           "a: 1\nb: &x \"esc \\\" still open\n", "a: 1\nb: 'it''s open\n"}) {
    auto doc = ParseYaml(text);
    ASSERT_FALSE(doc) << text;
    EXPECT_EQ(doc.error().message, "the quoted text that starts here is never closed") << text;
    EXPECT_EQ(doc.error().location.line, 2) << text;
  }
  for (const char* text : {"a: \"closed\"\n", "a: 'it''s closed'\n", "a: \"\\\"\"\n",
                           "a: [\"x\", 'y']\n", "a: &q \"anchored\"\nb: *q\n", "a: \"x\"\nb:\n"}) {
    EXPECT_TRUE(ParseYaml(text)) << text;
  }
}

}  // namespace
}  // namespace schedulight
