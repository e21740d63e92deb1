// The directory against real Greenlight schemas in a real PostgreSQL, for
// both versions. What each version must contain is checked by querying the
// tables directly, the way Greenlight would read them.

#include "greenlight/directory.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "greenlight/password.h"
#include "independent_bcrypt.h"
#include "test_database.h"

namespace schedulight {
namespace {

using testing::Inspector;
using Kind = DirectoryError::Kind;

constexpr int kTestCost = 4;  // production uses 12; see password_test.cc for that

class DirectoryTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    try {
      url_ = testing::FreshGreenlightDatabase(version());
    } catch (const std::exception& e) {
      FAIL() << "no test database: " << e.what();
    }
    auto opened = OpenGreenlightDirectory({version(), url_}, {.bcrypt_cost = kTestCost});
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    directory_ = std::move(*opened);
    inspector_ = std::make_unique<Inspector>(url_);
  }

  int version() const { return GetParam(); }
  bool v2() const { return version() == 2; }
  GreenlightDirectory& gl() { return *directory_; }
  Inspector& db() { return *inspector_; }

  GreenlightUser MakeUser(const std::string& email, const std::string& name,
                          const std::string& provider = "ldap") {
    auto user = gl().CreateUser({.email = email, .name = name, .provider = provider});
    EXPECT_TRUE(user.has_value()) << user.error().message;
    return user.value_or(GreenlightUser{});
  }

  GreenlightRoom MakeRoom(const std::string& owner_email, const std::string& name,
                          std::optional<std::string> uid = std::nullopt) {
    auto room = gl().CreateRoom({.owner_email = owner_email, .name = name, .uid = uid});
    EXPECT_TRUE(room.has_value()) << room.error().message;
    return room.value_or(GreenlightRoom{});
  }

  long SharedRows(const GreenlightRoom& room) {
    return db().Count("SELECT count(*) FROM shared_accesses WHERE room_id::text = $1", room.id);
  }

  std::string url_;
  std::unique_ptr<GreenlightDirectory> directory_;
  std::unique_ptr<Inspector> inspector_;
};

INSTANTIATE_TEST_SUITE_P(Versions, DirectoryTest, ::testing::Values(2, 3),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

TEST_P(DirectoryTest, LocalUserGetsADigestThatVerifiesWithAnotherBcrypt) {
  auto user = gl().CreateUser({.email = "Local.User@Example.ORG",
                               .name = "Local User",
                               .provider = kLocalProvider,
                               .password = "S3cret-pass!"});
  ASSERT_TRUE(user.has_value()) << user.error().message;
  EXPECT_EQ(user->email, "local.user@example.org");
  EXPECT_EQ(user->provider, "greenlight");
  const auto digest =
      db().Value("SELECT password_digest FROM users WHERE id::text = $1", user->id).value_or("");
  EXPECT_TRUE(std::regex_match(digest, std::regex(R"(\$2a\$04\$[./A-Za-z0-9]{53})")));
  const auto check = testing::CheckWithPythonBcrypt("S3cret-pass!", digest);
  ASSERT_TRUE(check.ran) << check.problem;
  EXPECT_TRUE(check.matches);
  // PostgreSQL's pgcrypto is a third implementation.
  db().Execute("CREATE EXTENSION IF NOT EXISTS pgcrypto");
  EXPECT_EQ(db().Value("SELECT crypt($1, $2) = $2", std::string("S3cret-pass!"), digest), "t");
}

TEST_P(DirectoryTest, LocalUserWithoutPasswordGetsAnUnguessableOne) {
  auto user = gl().CreateUser(
      {.email = "nopw@example.org", .name = "No Password", .provider = kLocalProvider});
  ASSERT_TRUE(user.has_value()) << user.error().message;
  const auto digest =
      db().Value("SELECT password_digest FROM users WHERE id::text = $1", user->id).value_or("");
  EXPECT_TRUE(digest.starts_with("$2a$04$"));
  EXPECT_FALSE(VerifyPassword("", digest));
}

TEST_P(DirectoryTest, ExternalUsersGetNullDigests) {
  const auto first = MakeUser("ext1@example.org", "External One", "ldap");
  const auto second = MakeUser("ext2@example.org", "External Two", "openid_connect");
  // Two NULL digests live together under v2's unique index; '' would collide.
  EXPECT_EQ(db().Count("SELECT count(*) FROM users WHERE password_digest IS NULL"), 2);
  EXPECT_EQ(first.provider, v2() ? "ldap" : "greenlight");
  EXPECT_EQ(second.provider, v2() ? "openid_connect" : "greenlight");
  auto with_password = gl().CreateUser({.email = "ext3@example.org",
                                        .name = "External Three",
                                        .provider = "ldap",
                                        .password = "Given-Pw1"});
  ASSERT_TRUE(with_password.has_value());
  EXPECT_TRUE(VerifyPassword(
      "Given-Pw1",
      db().Value("SELECT password_digest FROM users WHERE id::text = $1", with_password->id)
          .value_or("")));
}

TEST_P(DirectoryTest, UserFieldsAreSetAsGreenlightSetsThem) {
  const auto user = MakeUser("fields@example.org", "Field Test", kLocalProvider);
  if (v2()) {
    EXPECT_EQ(db().Value("SELECT concat_ws(',', accepted_terms, email_verified, language, deleted, "
                         "(SELECT name FROM roles WHERE id = role_id)) FROM users WHERE id::text = "
                         "$1",
                         user.id),
              "t,t,default,f,user");
    ASSERT_TRUE(user.uid.has_value());
    EXPECT_TRUE(std::regex_match(*user.uid, std::regex("gl-[a-z]{12}")));
    ASSERT_TRUE(user.home_room_id.has_value());
    EXPECT_EQ(db().Value("SELECT concat_ws(',', name, room_settings, user_id::text) FROM rooms "
                         "WHERE id::text = $1",
                         *user.home_room_id),
              "Home Room,{ }," + user.id);
  } else {
    EXPECT_EQ(db().Value("SELECT concat_ws(',', verified, status, language, provider, "
                         "(SELECT name FROM roles WHERE id = role_id), "
                         "session_expiry > now() AT TIME ZONE 'UTC' + interval '23 hours') "
                         "FROM users WHERE id::text = $1",
                         user.id),
              "t,0,en,greenlight,User,t");
    EXPECT_TRUE(std::regex_match(
        db().Value("SELECT session_token FROM users WHERE id::text = $1", user.id).value_or(""),
        std::regex("[0-9a-f]{64}")));
    // Greenlight 3 makes "<name>'s Room" after sign-up.
    EXPECT_EQ(
        db().Value("SELECT string_agg(name, ',') FROM rooms WHERE user_id::text = $1", user.id),
        "Field Test's Room");
  }
}

TEST_P(DirectoryTest, UnknownRoleIsRefusedWithTheKnownOnes) {
  auto user = gl().CreateUser({.email = "r@example.org", .name = "R", .role = "wizard"});
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().kind, Kind::kInvalid);
  EXPECT_NE(user.error().message.find(v2() ? "admin" : "Administrator"), std::string::npos);
  auto admin = gl().CreateUser({.email = "a@example.org", .name = "A", .role = "admin"});
  ASSERT_TRUE(admin.has_value()) << admin.error().message;
}

TEST_P(DirectoryTest, EmailsDifferingOnlyInCaseAreOneUser) {
  const auto user = MakeUser("Anna.Case@Example.org", "Anna");
  auto found = gl().FindUser("ANNA.CASE@example.ORG");
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, user.id);
  auto again = gl().CreateUser({.email = "anna.case@EXAMPLE.org", .name = "Anna 2"});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, Kind::kConflict);
  EXPECT_EQ(db().Count("SELECT count(*) FROM users"), 1);
  auto missing = gl().FindUser("nobody@example.org");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(DirectoryTest, QuotesAndSqlMetacharactersAreStoredVerbatim) {
  const std::string name = "O'Brien \"Bobby\"; DROP TABLE users; --";
  const std::string room_name = "Robert'); DROP TABLE rooms;-- 100% _x_ \\";
  const auto user = MakeUser("o'brien+tag@example.org", name);
  EXPECT_EQ(user.name, name);
  const auto room = MakeRoom("O'BRIEN+tag@example.org", room_name);
  EXPECT_EQ(room.name, room_name);
  EXPECT_EQ(room.owner_name, name);
  EXPECT_EQ(db().Value("SELECT name FROM rooms WHERE id::text = $1", room.id), room_name);
  MakeRoom("o'brien+tag@example.org", "100 abc x plain");
  // LIKE metacharacters in the query match only themselves.
  auto by_percent = gl().RoomsBy("name", "100% _x_");
  ASSERT_TRUE(by_percent.has_value()) << by_percent.error().message;
  ASSERT_EQ(by_percent->size(), 1u);
  EXPECT_EQ(by_percent->front().name, room_name);
  auto by_quote = gl().RoomsBy("name", "robert')");
  ASSERT_TRUE(by_quote.has_value());
  EXPECT_EQ(by_quote->size(), 1u);
  EXPECT_EQ(db().Count("SELECT count(*) FROM users"), 1);
}

TEST_P(DirectoryTest, CreateRoomWithSettingsAndAccessCode) {
  MakeUser("owner@example.org", "Max Mustermann");
  auto room = gl().CreateRoom({.owner_email = "owner@example.org",
                               .name = "Settings Room",
                               .access_code = "123456",
                               .settings = {.mute_on_start = true,
                                            .require_moderator_approval = true,
                                            .anyone_can_start = false,
                                            .join_moderator = true,
                                            .recording = false}});
  ASSERT_TRUE(room.has_value()) << room.error().message;
  EXPECT_TRUE(std::regex_match(room->meeting_id, std::regex("[a-z0-9]{40}")));
  EXPECT_EQ(room->access_code, "123456");
  EXPECT_EQ(room->owner_email, "owner@example.org");
  if (v2()) {
    EXPECT_TRUE(std::regex_match(room->uid, std::regex("max-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}")));
    EXPECT_TRUE(std::regex_match(room->moderator_pw.value_or(""), std::regex("[a-zA-Z]{12}")));
    EXPECT_TRUE(std::regex_match(room->attendee_pw.value_or(""), std::regex("[a-zA-Z]{12}")));
    EXPECT_NE(room->moderator_pw, room->attendee_pw);
    const auto settings = nlohmann::json::parse(
        db().Value("SELECT room_settings FROM rooms WHERE id::text = $1", room->id).value_or(""));
    EXPECT_EQ(settings, nlohmann::json::parse(
                            R"({"muteOnStart":true,"requireModeratorApproval":true,
                                "anyoneCanStart":false,"joinModerator":true,"recording":false})"));
  } else {
    EXPECT_TRUE(std::regex_match(room->uid, std::regex("[a-z0-9]{3}(-[a-z0-9]{3}){3}")));
    EXPECT_FALSE(room->moderator_pw.has_value());
    EXPECT_EQ(
        db().Value("SELECT string_agg(m.name || '=' || coalesce(o.value, 'NULL'), ',' ORDER BY "
                   "m.name) FROM room_meeting_options o JOIN meeting_options m ON m.id = "
                   "o.meeting_option_id WHERE o.room_id::text = $1",
                   room->id),
        "glAnyoneCanStart=false,glAnyoneJoinAsModerator=true,glModeratorAccessCode=,"
        "glRequireAuthentication=false,glViewerAccessCode=123456,guestPolicy=ASK_MODERATOR,"
        "muteOnStart=true,record=false,serverTag=,serverTagRequired=false");
    EXPECT_EQ(db().Value("SELECT concat_ws(',', online, recordings_processing) FROM rooms WHERE "
                         "id::text = $1",
                         room->id),
              "f,0");
  }
}

TEST_P(DirectoryTest, NewRoomWithoutSettingsGetsGreenlightsDefaults) {
  MakeUser("owner@example.org", "Owner");
  const auto room = MakeRoom("owner@example.org", "Plain", "own-abc-def-ghi");
  EXPECT_EQ(room.uid, "own-abc-def-ghi");
  EXPECT_FALSE(room.access_code.has_value());
  if (v2()) {
    const auto settings = nlohmann::json::parse(
        db().Value("SELECT room_settings FROM rooms WHERE id::text = $1", room.id).value_or(""));
    EXPECT_EQ(settings.size(), 5u);
    EXPECT_EQ(settings["muteOnStart"], false);
  } else {
    // Fresh-install values of FACTS 2.3.
    EXPECT_EQ(
        db().Value("SELECT string_agg(m.name || '=' || o.value, ',' ORDER BY m.name) FROM "
                   "room_meeting_options o JOIN meeting_options m ON m.id = o.meeting_option_id "
                   "WHERE o.room_id::text = $1",
                   room.id),
        "glAnyoneCanStart=false,glAnyoneJoinAsModerator=false,glModeratorAccessCode=,"
        "glRequireAuthentication=false,glViewerAccessCode=,guestPolicy=ALWAYS_ACCEPT,"
        "muteOnStart=true,record=true,serverTag=,serverTagRequired=false");
  }
}

TEST_P(DirectoryTest, CreateRoomRefusesTakenUidAndMissingOwner) {
  MakeUser("owner@example.org", "Owner");
  MakeRoom("owner@example.org", "First", "taken-uid");
  auto taken =
      gl().CreateRoom({.owner_email = "owner@example.org", .name = "Second", .uid = "taken-uid"});
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.error().kind, Kind::kConflict);
  auto orphan = gl().CreateRoom({.owner_email = "ghost@example.org", .name = "Ghost room"});
  ASSERT_FALSE(orphan.has_value());
  EXPECT_EQ(orphan.error().kind, Kind::kNotFound);
  auto empty = gl().CreateRoom({.owner_email = "owner@example.org", .name = ""});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().kind, Kind::kInvalid);
}

TEST_P(DirectoryTest, RenameRoomByUid) {
  MakeUser("owner@example.org", "Owner");
  MakeRoom("owner@example.org", "Other", "other-uid");
  const auto room = MakeRoom("owner@example.org", "Old name", "old-uid");
  auto renamed = gl().RenameRoom("old-uid", "new-uid", "New 'name'");
  ASSERT_TRUE(renamed.has_value()) << renamed.error().message;
  EXPECT_EQ(renamed->uid, "new-uid");
  EXPECT_EQ(renamed->name, "New 'name'");
  EXPECT_EQ(renamed->meeting_id, room.meeting_id);
  EXPECT_FALSE(gl().FindRoom("old-uid")->has_value());
  auto only_name = gl().RenameRoom("new-uid", std::nullopt, "Third");
  ASSERT_TRUE(only_name.has_value());
  EXPECT_EQ(only_name->uid, "new-uid");
  auto clash = gl().RenameRoom("new-uid", "other-uid", std::nullopt);
  ASSERT_FALSE(clash.has_value());
  EXPECT_EQ(clash.error().kind, Kind::kConflict);
  auto missing = gl().RenameRoom("nope", "x", std::nullopt);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, Kind::kNotFound);
}

TEST_P(DirectoryTest, RecordMeetingStartedWritesTheSessionAsGreenlightDoes) {
  MakeUser("owner@example.org", "Owner");
  const auto room = MakeRoom("owner@example.org", "Lecture", "lecture-uid");
  EXPECT_FALSE(room.last_session_ms.has_value());
  const std::int64_t create_time = 1790000000123;  // BBB createTime, epoch milliseconds
  auto noted = gl().RecordMeetingStarted("lecture-uid", create_time);
  ASSERT_TRUE(noted.has_value()) << noted.error().message;
  auto found = gl().FindRoom("lecture-uid");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->last_session_ms, create_time);  // exact to the millisecond
  if (v2()) {
    EXPECT_EQ(db().Value("SELECT sessions::text FROM rooms WHERE id::text = $1", room.id), "1");
  } else {
    EXPECT_EQ(db().Value("SELECT online::text FROM rooms WHERE id::text = $1", room.id), "true");
  }
  auto missing = gl().RecordMeetingStarted("nope", create_time);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, Kind::kNotFound);
}

TEST_P(DirectoryTest, SharingIsIdempotent) {
  MakeUser("owner@example.org", "Owner");
  MakeUser("Guest@Example.org", "Guest");
  const auto room = MakeRoom("owner@example.org", "Shared", "shared-uid");
  auto first = gl().ShareRoom("shared-uid", "guest@example.org");
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(*first);
  auto second = gl().ShareRoom("shared-uid", "GUEST@example.org");
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(*second);
  EXPECT_EQ(SharedRows(room), 1);
  auto with = gl().SharedWith("shared-uid");
  ASSERT_TRUE(with.has_value());
  ASSERT_EQ(with->size(), 1u);
  EXPECT_EQ(with->front().email, "guest@example.org");

  auto owner = gl().ShareRoom("shared-uid", "owner@example.org");
  ASSERT_FALSE(owner.has_value());
  EXPECT_EQ(owner.error().kind, Kind::kInvalid);
  auto stranger = gl().ShareRoom("shared-uid", "stranger@example.org");
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().kind, Kind::kNotFound);

  auto unshared = gl().UnshareRoom("shared-uid", "guest@example.org");
  ASSERT_TRUE(unshared.has_value());
  EXPECT_TRUE(*unshared);
  auto again = gl().UnshareRoom("shared-uid", "guest@example.org");
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);
  EXPECT_EQ(SharedRows(room), 0);
}

TEST_P(DirectoryTest, DeleteRoomRemovesSharesAndReturnsTheMeetingId) {
  MakeUser("owner@example.org", "Owner");
  MakeUser("guest@example.org", "Guest");
  const auto room = MakeRoom("owner@example.org", "Doomed", "doomed-uid");
  ASSERT_TRUE(gl().ShareRoom("doomed-uid", "guest@example.org").value_or(false));
  auto deleted = gl().DeleteRoom("doomed-uid");
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  EXPECT_EQ(*deleted, room.meeting_id);
  EXPECT_FALSE(gl().FindRoom("doomed-uid")->has_value());
  EXPECT_EQ(db().Count("SELECT count(*) FROM rooms WHERE id::text = $1", room.id), 0);
  EXPECT_EQ(SharedRows(room), 0);
  if (!v2()) {
    EXPECT_EQ(
        db().Count("SELECT count(*) FROM room_meeting_options WHERE room_id::text = $1", room.id),
        0);
  }
  auto again = gl().DeleteRoom("doomed-uid");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, Kind::kNotFound);
}

TEST_P(DirectoryTest, DeletingAHomeRoomLeavesTheOwnerWithOne) {
  const auto user = MakeUser("home@example.org", "Home Owner");
  const auto first_home = gl().HomeRoom("home@example.org").value_or(std::nullopt);
  ASSERT_TRUE(first_home.has_value());
  ASSERT_TRUE(gl().DeleteRoom(first_home->uid).has_value());
  // v2 would break the owner's login without a home room: a new one is made.
  auto second_home = gl().HomeRoom("home@example.org");
  ASSERT_TRUE(second_home.has_value());
  if (v2()) {
    ASSERT_TRUE(second_home->has_value());
    EXPECT_NE((*second_home)->id, first_home->id);
    EXPECT_EQ((*second_home)->name, "Home Room");
    EXPECT_EQ(db().Value("SELECT room_id::text FROM users WHERE id::text = $1", user.id),
              (*second_home)->id);
  } else {
    EXPECT_FALSE(second_home->has_value());  // v3 has no pointer to keep valid
  }
  // With another room, that room becomes the home room (v2) / default room (v3).
  const auto other = MakeRoom("home@example.org", "Other room");
  if (v2()) {
    ASSERT_TRUE(gl().DeleteRoom((*second_home)->uid).has_value());
  }
  auto third_home = gl().HomeRoom("home@example.org");
  ASSERT_TRUE(third_home.has_value() && third_home->has_value());
  EXPECT_EQ((*third_home)->id, other.id);
}

TEST_P(DirectoryTest, DeleteUserWhoOwnsSharedRooms) {
  MakeUser("owner@example.org", "Owner");
  MakeUser("guest@example.org", "Guest");
  MakeUser("other@example.org", "Other");
  const auto owned = MakeRoom("owner@example.org", "Owned", "owned-uid");
  const auto others = MakeRoom("other@example.org", "Others", "others-uid");
  ASSERT_TRUE(gl().ShareRoom("owned-uid", "guest@example.org").value_or(false));
  ASSERT_TRUE(gl().ShareRoom("others-uid", "owner@example.org").value_or(false));
  const auto home = gl().HomeRoom("owner@example.org");
  ASSERT_TRUE(home.has_value() && home->has_value());

  auto deleted = gl().DeleteUser("OWNER@example.org");
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  EXPECT_EQ(deleted->users_deleted, 1);
  EXPECT_EQ(deleted->room_meeting_ids,
            (std::vector<std::string>{(*home)->meeting_id, owned.meeting_id}));
  EXPECT_FALSE(gl().FindUser("owner@example.org")->has_value());
  EXPECT_FALSE(gl().FindRoom("owned-uid")->has_value());
  EXPECT_EQ(SharedRows(owned), 0);
  EXPECT_EQ(SharedRows(others), 0);  // the deleted user's share of another room
  EXPECT_TRUE(gl().FindUser("guest@example.org")->has_value());
  EXPECT_TRUE(gl().FindRoom("others-uid")->has_value());
  auto missing = gl().DeleteUser("owner@example.org");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, Kind::kNotFound);
}

TEST_P(DirectoryTest, HomeRoomIsCreatedWhenMissing) {
  const auto user = MakeUser("home@example.org", "Home Owner");
  auto home = gl().HomeRoom("home@example.org");
  ASSERT_TRUE(home.has_value() && home->has_value());
  MakeRoom("home@example.org", "Younger room");
  auto still = gl().HomeRoom("home@example.org");
  ASSERT_TRUE(still.has_value() && still->has_value());
  EXPECT_EQ((*still)->id, (*home)->id);  // v3: the oldest room

  // Lose the home room the way an old database might.
  if (v2()) {
    db().Execute("UPDATE users SET room_id = NULL");
  } else {
    db().Execute("DELETE FROM room_meeting_options; DELETE FROM rooms");
  }
  auto none = gl().HomeRoom("home@example.org");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  auto ensured = gl().EnsureHomeRoom("home@example.org");
  ASSERT_TRUE(ensured.has_value()) << ensured.error().message;
  EXPECT_EQ(ensured->name, v2() ? "Home Room" : "Home Owner's Room");
  EXPECT_EQ(ensured->owner_id, user.id);
  auto again = gl().EnsureHomeRoom("home@example.org");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, ensured->id);
  auto now_home = gl().HomeRoom("home@example.org");
  ASSERT_TRUE(now_home.has_value() && now_home->has_value());
  EXPECT_EQ((*now_home)->id, ensured->id);
}

TEST_P(DirectoryTest, RoomsByAllowedColumnsOnly) {
  MakeUser("owner@example.org", "Owner");
  const auto room = MakeRoom("owner@example.org", "Team Meeting", "team-uid");
  for (const std::string column : {"uid", "friendly_id"}) {
    auto found = gl().RoomsBy(column, "team-uid");
    ASSERT_TRUE(found.has_value()) << found.error().message;
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->front().id, room.id);
  }
  for (const std::string column : {"bbb_id", "meeting_id"}) {
    auto found = gl().RoomsBy(column, room.meeting_id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->size(), 1u);
  }
  auto by_owner = gl().RoomsBy("owner_email", "OWNER@example.org");
  ASSERT_TRUE(by_owner.has_value());
  EXPECT_EQ(by_owner->size(), 2u);  // with the home / default room
  auto by_name = gl().RoomsBy("name", "team");
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->size(), 1u);

  for (const std::string column : {"password_digest", "name; DROP TABLE rooms", "moderator_pw"}) {
    auto refused = gl().RoomsBy(column, "x");
    ASSERT_FALSE(refused.has_value()) << column;
    EXPECT_EQ(refused.error().kind, Kind::kInvalid);
    EXPECT_NE(refused.error().message.find("name, uid, friendly_id, bbb_id, meeting_id"),
              std::string::npos);
  }
  EXPECT_EQ(db().Count("SELECT count(*) FROM rooms"), 2);
}

TEST_P(DirectoryTest, ReconnectsAfterTheConnectionDropped) {
  // A directory of its own, with a name to find its backend by.
  auto opened = OpenGreenlightDirectory(
      {version(), url_ + "?application_name=schedulight_reconnect_test"}, {.bcrypt_cost = 4});
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  auto& directory = **opened;
  ASSERT_TRUE(directory.FindUser("x@example.org").has_value());
  EXPECT_EQ(db().Count("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                       "WHERE application_name = 'schedulight_reconnect_test'"),
            1);
  auto created = directory.CreateUser({.email = "after@example.org", .name = "After Drop"});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(db().Count("SELECT count(*) FROM users WHERE email = 'after@example.org'"), 1);
}

TEST_P(DirectoryTest, SchemaCheckAcceptsExtraColumnsAndNamesMissingOnes) {
  db().Execute("ALTER TABLE users ADD COLUMN some_future_column text");
  db().Execute("ALTER TABLE rooms ADD COLUMN another_one integer");
  auto extra = OpenGreenlightDirectory({version(), url_});
  EXPECT_TRUE(extra.has_value()) << extra.error().message;

  if (v2()) {
    db().Execute("ALTER TABLE users DROP COLUMN social_uid; ALTER TABLE rooms DROP COLUMN bbb_id");
  } else {
    db().Execute("ALTER TABLE users DROP COLUMN external_id; DROP TABLE room_meeting_options");
  }
  auto missing = OpenGreenlightDirectory({version(), url_});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, Kind::kSchema);
  const std::string& message = missing.error().message;
  if (v2()) {
    EXPECT_NE(message.find("users.social_uid, rooms.bbb_id"), std::string::npos) << message;
  } else {
    EXPECT_NE(message.find("users.external_id, room_meeting_options.id"), std::string::npos)
        << message;
  }
  // The wrong version's schema is refused too.
  auto wrong = OpenGreenlightDirectory({v2() ? 3 : 2, url_});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().kind, Kind::kSchema);
}

TEST_P(DirectoryTest, ConnectionErrorsNeverShowThePassword) {
  // A port nobody listens on (the test server's port + 0 is taken; use 1).
  auto opened = OpenGreenlightDirectory(
      {version(), "postgresql://someone:Sup3rSecret@127.0.0.1:1/greenlight"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, Kind::kDatabase);
  EXPECT_EQ(opened.error().message.find("Sup3rSecret"), std::string::npos)
      << opened.error().message;
  EXPECT_NE(opened.error().message.find("someone:***@127.0.0.1"), std::string::npos)
      << opened.error().message;
}

TEST(DirectoryOpenTest, RefusesUnknownVersions) {
  auto opened = OpenGreenlightDirectory({4, "postgresql://127.0.0.1:1/x"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, DirectoryError::Kind::kInvalid);
}

TEST(DirectoryOpenTest, ServerBlockWinsOverTheAppDefault) {
  Server server;
  const GreenlightAccess fallback{3, "postgresql://default/db"};
  EXPECT_EQ(GreenlightAccessFor(server, fallback).database, "postgresql://default/db");
  server.greenlight = GreenlightAccess{2, "postgresql://own/db"};
  EXPECT_EQ(GreenlightAccessFor(server, fallback).version, 2);
  EXPECT_EQ(GreenlightAccessFor(server, fallback).database, "postgresql://own/db");
}

}  // namespace
}  // namespace schedulight
