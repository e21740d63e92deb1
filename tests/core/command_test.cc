#include "core/command.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

std::optional<Command> Validate(const std::string& yaml_like_json, FieldErrors& errors) {
  return ValidateCommand("c1", nlohmann::json::parse(yaml_like_json), "commands.c1", errors);
}

TEST(CommandTest, OriginalShapesAreAccepted) {
  const char* shapes[] = {
      R"({"command": "rename_room", "server": "bbb", "data": {"old": {"roomUID": "new"}}})",
      R"({"command": "share_room", "data": {"room": {"a@x.org": {}, "b@x.org": "Name"}}})",
      R"({"command": "unshare_room", "data": {"room": {"a@x.org": null}}})",
      R"({"command": "delete_room", "data": {"room": {}}})",
      R"({"command": "create_room", "data": {"room name": {"email": "o@x.org",
          "roomUID": "uid", "accessCode": "1234", "muteOnStart": true}}})",
      R"({"command": "delete_user", "data": {"u@x.org": {}}})",
      R"({"command": "create_user", "data": {"u@x.org": {"fullName": "U", "pwd": "p",
          "role": "user", "provider": "greenlight"}}})",
  };
  for (const char* shape : shapes) {
    FieldErrors errors;
    auto command = Validate(shape, errors);
    EXPECT_TRUE(command) << shape << ": " << (errors.empty() ? "" : errors[0].ToString());
  }
}

TEST(CommandTest, ElementsAreTyped) {
  FieldErrors errors;
  auto command = Validate(
      R"({"command": "share_room", "data": {"room-1": {"a@x.org": "Ann", "b@x.org": {}}}})",
      errors);
  ASSERT_TRUE(command);
  EXPECT_EQ(command->server_id, "bbb");
  ASSERT_EQ(command->elements.size(), 1u);
  const auto& share = std::get<ShareRoom>(command->elements[0]);
  EXPECT_TRUE(share.share);
  EXPECT_EQ(share.room_uid, "room-1");
  ASSERT_EQ(share.users.size(), 2u);
  EXPECT_EQ(share.users[0].full_name, "Ann");

  auto user =
      Validate(R"({"command": "create_user", "data": {"u@x.org": {"fullName": "U"}}})", errors);
  ASSERT_TRUE(user);
  const auto& create = std::get<CreateUser>(user->elements[0]);
  EXPECT_EQ(create.provider, "ldap");  // the original's default
  EXPECT_EQ(create.role, "user");
  EXPECT_FALSE(create.password);
}

TEST(CommandTest, ErrorsNameTheElement) {
  FieldErrors errors;
  EXPECT_FALSE(Validate(
      R"({"command": "create_room", "data": {"r": {"roomUID": "x"}, "s": {"email": "bad"}}})",
      errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].ToString(), "commands.c1.data.r.email: is required");
  EXPECT_EQ(errors[1].ToString(), "commands.c1.data.s.email: 'bad' is not a mail address");
}

TEST(CommandTest, UnknownCommandListsTheKnownOnes) {
  FieldErrors errors;
  EXPECT_FALSE(Validate(R"({"command": "drop_tables", "data": {"x": {}}})", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "commands.c1.command");
  EXPECT_NE(errors[0].message.find("share_room"), std::string::npos);
}

TEST(CommandTest, MissingAndEmptyData) {
  FieldErrors errors;
  EXPECT_FALSE(Validate(R"({"command": "delete_user"})", errors));
  EXPECT_EQ(errors.back().ToString(), "commands.c1.data: is required");
  errors.clear();
  EXPECT_FALSE(Validate(R"({"command": "delete_user", "data": {}})", errors));
  EXPECT_EQ(errors.back().ToString(), "commands.c1.data: is empty: nothing to do");
  errors.clear();
  EXPECT_FALSE(Validate(R"({"command": "share_room", "data": {"room": {}}})", errors));
  errors.clear();
  EXPECT_FALSE(Validate(R"({"command": "rename_room", "data": {"room": {}}})", errors));
}

}  // namespace
}  // namespace schedulight
