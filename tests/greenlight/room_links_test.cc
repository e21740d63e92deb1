// `rooms links`: the rooms found, their Greenlight links and moderator join
// URLs, the rooms of the stored meetings, and the report as a queued mail,
// against real databases of both versions.

#include "admin/room_links.h"

#include <gtest/gtest.h>

#include "mail_text.h"
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
    PutServer(nlohmann::json::object());
    auto directory = OpenGreenlightDirectory({GetParam(), url_}, {.bcrypt_cost = 4});
    ASSERT_TRUE(directory.has_value()) << directory.error().message;
    ASSERT_TRUE((*directory)->CreateUser({.email = "max@example.org", .name = "Max Muster"}));
    ASSERT_TRUE((*directory)
                    ->CreateRoom({.owner_email = "max@example.org",
                                  .name = "Weekly 'Sync'",
                                  .uid = "max-wee-kly-syn"}));
  }

  // Stores the server "bbb" with the given mail settings (mailFrom, ...).
  void PutServer(const nlohmann::json& mail_settings) {
    nlohmann::json document = {{"BBB_URL", "https://bbb.example.org/bigbluebutton/"},
                               {"BBB_SECRET", "secret"},
                               {"link_base", "https://gl.example.org/b/"},
                               {"greenlight", {{"version", GetParam()}, {"database", url_}}}};
    document.update(mail_settings);
    ASSERT_TRUE(store_->Transact(
        [&](StoreSession& session) { session.PutServer({.id = "bbb", .document = document}); }));
  }

  void PutMeeting(const std::string& id, nlohmann::json document) {
    document["meetingName"] = "Meeting " + id;
    ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
      session.PutMeeting({.id = id,
                          .server_id = document.value("server", std::string("bbb")),
                          .document = document});
    }));
  }

  std::vector<StoredMail> Mails() {
    std::vector<StoredMail> mails;
    EXPECT_TRUE(store_->Transact([&](StoreSession& session) { mails = session.ListMails({}); }));
    return mails;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  AppConfig config_;
  const TemplateSet templates_ = TemplateSet::BuiltIn();
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

TEST_P(RoomLinksTest, EmailQueuesTheReportAsARoomLinksMail) {
  PutServer({{"mailFrom", "admin@example.org"}, {"mailFromName", "BBB Admin"}});  // send_emails off
  const RoomLinksQuery query{.server_id = "bbb", .query = "weekly"};
  auto links = FindRoomLinks(*store_, config_, query);
  ASSERT_TRUE(links.has_value()) << links.error().message;
  auto queued = QueueRoomLinksMail(*store_, config_, templates_, query, *links, "boss@example.org",
                                   UtcTime{} + std::chrono::seconds(100));
  ASSERT_TRUE(queued.has_value()) << queued.error().message;
  EXPECT_EQ(queued->to, "boss@example.org");
  EXPECT_EQ(queued->from, "admin@example.org");
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].id, queued->mail_id);
  EXPECT_EQ(mails[0].kind, "roomLinks");
  EXPECT_EQ(mails[0].recipient, "boss@example.org");
  EXPECT_EQ(mails[0].state, MailState::kQueued);
  const std::string mime = testing::DecodedMime(mails[0].message["mime"]);
  EXPECT_NE(mime.find("https://gl.example.org/b/max-wee-kly-syn"), std::string::npos) << mime;
  EXPECT_NE(mime.find("meetingID=" + links->front().room.meeting_id), std::string::npos) << mime;
  EXPECT_NE(mime.find("Weekly &#39;Sync&#39;"), std::string::npos) << mime;
  EXPECT_NE(mime.find("Max Muster (max@example.org)"), std::string::npos) << mime;
}

TEST_P(RoomLinksTest, EmailNeedsTheServersMailFromAndAnAddress) {
  const RoomLinksQuery query{.server_id = "bbb", .query = "weekly"};
  auto no_sender =
      QueueRoomLinksMail(*store_, config_, templates_, query, {}, "boss@example.org", UtcTime{});
  ASSERT_FALSE(no_sender.has_value());
  EXPECT_EQ(no_sender.error().exit_code, 1);
  EXPECT_NE(no_sender.error().message.find("has no mailFrom"), std::string::npos);
  PutServer({{"mailFrom", "admin@example.org"}});
  auto bad_address =
      QueueRoomLinksMail(*store_, config_, templates_, query, {}, "not an address", UtcTime{});
  ASSERT_FALSE(bad_address.has_value());
  EXPECT_EQ(bad_address.error().exit_code, 2);
  EXPECT_TRUE(Mails().empty());
}

TEST_P(RoomLinksTest, MeetingsListsTheRoomsOfTheStoredMeetingsWithoutCreatingAny) {
  PutMeeting("by-uid", {{"owner", {{"email", "max@example.org"}, {"fullName", "Max Muster"}}},
                        {"meetingUID", "max-wee-kly-syn"}});
  PutMeeting("home", {{"owner", {{"email", "MAX@example.org"}, {"fullName", "Max Muster"}}},
                      {"useHomeRoom", true}});
  PutMeeting("same-room", {{"owner", {{"email", "max@example.org"}, {"fullName", "Max Muster"}}},
                           {"meetingUID", "max-wee-kly-syn"}});
  PutMeeting("not-yet", {{"owner", {{"email", "max@example.org"}, {"fullName", "Max Muster"}}},
                         {"meetingUID", "not-created-yet"}});
  PutMeeting("new-owner", {{"owner", {{"email", "new@example.org"}, {"fullName", "New"}}},
                           {"useHomeRoom", true}});
  ASSERT_TRUE(store_->Transact([&](StoreSession& session) {
    session.PutServer({.id = "other",
                       .document = {{"BBB_URL", "https://other.example.org/bigbluebutton/"},
                                    {"BBB_SECRET", "secret"}}});
  }));
  PutMeeting("elsewhere", {{"server", "other"},
                           {"owner", {{"email", "max@example.org"}, {"fullName", "Max Muster"}}},
                           {"meetingUID", "max-wee-kly-syn"}});
  testing::Inspector db(url_);
  const long rooms_before = db.Count("SELECT count(*) FROM rooms");
  const long users_before = db.Count("SELECT count(*) FROM users");

  auto links = FindRoomLinks(*store_, config_, {.server_id = "bbb", .query = "meetings"});
  ASSERT_TRUE(links.has_value()) << links.error().message;
  auto home = FindRoomLinks(
      *store_, config_, {.server_id = "bbb", .column = "owner_email", .query = "max@example.org"});
  ASSERT_TRUE(home.has_value());
  std::string home_uid;
  for (const auto& link : *home) {
    if (link.room.uid != "max-wee-kly-syn") home_uid = link.room.uid;
  }
  ASSERT_FALSE(home_uid.empty());
  // Meeting id order (by-uid, home; same-room repeats by-uid), each room once;
  // rooms that do not exist and other servers' meetings are left out.
  ASSERT_EQ(links->size(), 2u);
  EXPECT_EQ((*links)[0].room.uid, "max-wee-kly-syn");
  EXPECT_EQ((*links)[0].room_link, "https://gl.example.org/b/max-wee-kly-syn");
  EXPECT_EQ((*links)[1].room.uid, home_uid);
  EXPECT_FALSE((*links)[1].moderator_link.empty());
  EXPECT_EQ(db.Count("SELECT count(*) FROM rooms"), rooms_before);
  EXPECT_EQ(db.Count("SELECT count(*) FROM users"), users_before);

  // "Meetings" (any other spelling) is an ordinary name search.
  auto by_name = FindRoomLinks(*store_, config_, {.server_id = "bbb", .query = "Meetings"});
  ASSERT_TRUE(by_name.has_value());
  EXPECT_TRUE(by_name->empty());
}

}  // namespace
}  // namespace schedulight
