#include "core/data_file.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace schedulight {
namespace {

std::optional<DataFile> Validate(const std::string& yaml, FieldErrors& errors,
                                 const std::set<std::string>& stored_servers = {}) {
  auto document = ParseYaml(yaml);
  EXPECT_TRUE(document);
  return ValidateDataFile(*document, {FindTimeZone("Europe/Vienna")}, stored_servers, errors);
}

constexpr const char* kFile = R"(
servers:
  bbb:
    BBB_URL: https://bbb.example.org/
    BBB_SECRET: secret
meetings:
  m1:
    meetingName: Eins
    meetingUID: eins
    owner: {email: a@example.org, fullName: A}
commands:
  zz-first:
    command: create_user
    data: {u@example.org: {fullName: U}}
  aa-second:
    command: create_room
    data: {Raum: {email: u@example.org}}
)";

TEST(DataFileTest, ValidFileIsTyped) {
  FieldErrors errors;
  auto file = Validate(kFile, errors);
  ASSERT_TRUE(file) << errors.front().ToString();
  ASSERT_EQ(file->servers.size(), 1u);
  ASSERT_EQ(file->meetings.size(), 1u);
  ASSERT_EQ(file->commands.size(), 2u);
  // Commands keep the order of the file, not the order of their ids.
  EXPECT_EQ(file->commands[0].id, "zz-first");
  EXPECT_EQ(file->commands[1].id, "aa-second");
}

TEST(DataFileTest, UnknownServerIsAnError) {
  FieldErrors errors;
  EXPECT_FALSE(
      Validate("meetings:\n  m1:\n    server: nowhere\n    meetingName: Mx\n    useHomeRoom: true\n"
               "    owner: {email: a@example.org, fullName: A}\n",
               errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(),
            "meetings.m1.server: no server 'nowhere' in this file or in the store");
}

TEST(DataFileTest, ServerFromTheStoreCounts) {
  FieldErrors errors;
  EXPECT_TRUE(
      Validate("meetings:\n  m1:\n    meetingName: Mx\n    useHomeRoom: true\n"
               "    owner: {email: a@example.org, fullName: A}\n",
               errors, {"bbb"}));
}

TEST(DataFileTest, UnknownTopLevelKeysAreWarnings) {
  FieldErrors errors;
  auto file = Validate("servers: {}\nx-defaults: {a: 1}\n", errors);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->warnings.size(), 1u);
  EXPECT_NE(file->warnings[0].find("x-defaults"), std::string::npos);
}

TEST(DataFileTest, SectionsMustBeMappings) {
  FieldErrors errors;
  EXPECT_FALSE(Validate("meetings: [a, b]\n", errors));
  EXPECT_EQ(errors[0].path, "meetings");
  errors.clear();
  EXPECT_FALSE(Validate("- just\n- a list\n", errors));
}

TEST(DataFileTest, EmptyFileIsValidAndEmpty) {
  FieldErrors errors;
  auto file = Validate("", errors);
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->servers.empty());
}

}  // namespace
}  // namespace schedulight
