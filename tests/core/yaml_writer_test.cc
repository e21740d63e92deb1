#include "core/yaml_writer.h"

#include <gtest/gtest.h>

#include "core/yaml_document.h"

namespace schedulight {
namespace {

TEST(YamlWriterTest, WritesBlockYamlThatReadsBackTheSame) {
  const nlohmann::json value = {{"plain", "Vorlesung Mathematik für Anfänger"},
                                {"looksBool", "yes"},
                                {"looksNumber", "1234"},
                                {"leadingZero", "0042"},
                                {"looksNull", "~"},
                                {"empty", ""},
                                {"colon", "Titel: Teil 1 # nicht kommentiert"},
                                {"quotes", "\"zitiert\" und 'so'"},
                                {"blanks", "  innen  "},
                                {"date", "2026-12-01 10:00"},
                                {"url", "rtmp://live.example.org/stream/bbb"},
                                {"number", 150},
                                {"flag", true},
                                {"nothing", nullptr},
                                {"nested", {{"email", "a@example.org"}, {"list", {"x", 1}}}},
                                {"emptyMap", nlohmann::json::object()}};
  const std::string text = YamlMappingEntry("1234", value, 4, 4);
  EXPECT_TRUE(text.starts_with("    \"1234\":\n        ")) << text;
  EXPECT_NE(text.find("        plain: Vorlesung Mathematik für Anfänger\n"), std::string::npos)
      << text;
  auto parsed = ParseYaml(text);
  ASSERT_TRUE(parsed) << parsed.error().message << "\n" << text;
  EXPECT_EQ(parsed->value, nlohmann::json({{"1234", value}})) << text;
}

}  // namespace
}  // namespace schedulight
