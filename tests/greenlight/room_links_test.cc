// `rooms links`: the rooms found, their Greenlight links and moderator join
// URLs, against real databases of both versions.

#include "app/room_links.h"

#include <gtest/gtest.h>

#include "test_database.h"

namespace schedulight {
namespace {

class RoomLinksTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    try {
      url_ = testing::FreshGreenlightDatabase(GetParam());
    } catch (const std::exception& e) {
      FAIL() << "no test database: " << e.what();
    }
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store.has_value());
    store_ = std::move(*store);
    auto config = ParseAppConfig("", "test.yml");
    ASSERT_TRUE(config.has_value());
    config_ = *config;
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      session.PutServer(
          {.id = "bbb",
           .document = {{"BBB_URL", "https://bbb.example.org/bigbluebutton/"},
                        {"BBB_SECRET", "secret"},
                        {"link_base", "https://gl.example.org/b/"},
                        {"greenlight", {{"version", GetParam()}, {"database", url_}}}}});
    }));
    auto directory = OpenGreenlightDirectory({GetParam(), url_}, {.bcrypt_cost = 4});
    ASSERT_TRUE(directory.has_value()) << directory.error().message;
    ASSERT_TRUE((*directory)->CreateUser({.email = "max@example.org", .name = "Max Muster"}));
    ASSERT_TRUE((*directory)
                    ->CreateRoom({.owner_email = "max@example.org",
                                  .name = "Weekly 'Sync'",
                                  .uid = "max-wee-kly-syn"}));
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  AppConfig config_;
};

INSTANTIATE_TEST_SUITE_P(Versions, RoomLinksTest, ::testing::Values(2, 3),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

TEST_P(RoomLinksTest, OwnerRoomLinkAndModeratorLink) {
  auto links = FindRoomLinks(*store_, config_, {.server_id = "bbb", .query = "weekly"});
  ASSERT_TRUE(links.has_value()) << links.error().message;
  ASSERT_EQ(links->size(), 1u);
  const RoomLink& link = links->front();
  EXPECT_EQ(link.room.owner_email, "max@example.org");
  EXPECT_EQ(link.room.name, "Weekly 'Sync'");
  EXPECT_EQ(link.room_link, "https://gl.example.org/b/max-wee-kly-syn");
  const std::string& join = link.moderator_link;
  EXPECT_TRUE(join.starts_with("https://bbb.example.org/bigbluebutton/api/join?")) << join;
  EXPECT_NE(join.find("meetingID=" + link.room.meeting_id), std::string::npos) << join;
  EXPECT_NE(join.find("fullName=Max"), std::string::npos) << join;
  EXPECT_NE(join.find("checksum="), std::string::npos) << join;
  if (GetParam() == 2) {
    EXPECT_NE(join.find("password=" + link.room.moderator_pw.value_or("?")), std::string::npos)
        << join;
  } else {
    EXPECT_NE(join.find("role=MODERATOR"), std::string::npos) << join;
  }
  const auto json = RoomLinkJson(link);
  EXPECT_EQ(json["owner"]["email"], "max@example.org");
  EXPECT_EQ(json["roomLink"], link.room_link);
}

TEST_P(RoomLinksTest, ByUidAndOwner) {
  auto by_uid = FindRoomLinks(*store_, config_,
                              {.server_id = "bbb", .column = "uid", .query = "max-wee-kly-syn"});
  ASSERT_TRUE(by_uid.has_value());
  EXPECT_EQ(by_uid->size(), 1u);
  auto by_owner = FindRoomLinks(
      *store_, config_, {.server_id = "bbb", .column = "owner_email", .query = "MAX@example.org"});
  ASSERT_TRUE(by_owner.has_value());
  EXPECT_EQ(by_owner->size(), 2u);  // with the home / default room
}

TEST_P(RoomLinksTest, ColumnOutsideTheAllowListIsRefusedWithTheList) {
  auto refused =
      FindRoomLinks(*store_, config_, {.server_id = "bbb", .column = "moderator_pw", .query = "x"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().exit_code, 2);
  EXPECT_NE(refused.error().message.find(
                "allowed columns: name, uid, friendly_id, bbb_id, meeting_id, owner_email, id"),
            std::string::npos)
      << refused.error().message;
  auto unknown_server = FindRoomLinks(*store_, config_, {.server_id = "nope", .query = "x"});
  ASSERT_FALSE(unknown_server.has_value());
  EXPECT_EQ(unknown_server.error().exit_code, 2);
}

}  // namespace
}  // namespace schedulight
