#include "greenlight/greenlight_v2.h"

#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "greenlight/identifiers.h"
#include "greenlight/password.h"
#include "greenlight/pg_rows.h"

namespace schedulight {
namespace {

using Kind = DirectoryError::Kind;

// What Greenlight names a home room ("home_room" in its en locale).
constexpr const char* kHomeRoomName = "Home Room";
// Room settings of a home room: Greenlight leaves the column's default.
constexpr const char* kEmptyRoomSettings = "{ }";

// The room columns RoomFromRow reads; only rooms Greenlight shows (not deleted).
#define ROOM_SELECT                                                                \
  "SELECT r.id::text, r.uid, r.name, r.bbb_id, r.user_id::text, u.name, u.email, " \
  "r.moderator_pw, r.attendee_pw, r.access_code, r.moderator_access_code, "        \
  "floor(extract(epoch FROM r.last_session) * 1000)::bigint "                      \
  "FROM rooms r LEFT JOIN users u ON u.id = r.user_id AND u.deleted = false "      \
  "WHERE r.deleted = false "

// The user columns UserFromRow reads; only users Greenlight shows.
#define USER_SELECT \
  "SELECT id::text, coalesce(name, ''), email, provider, uid, room_id::text FROM users "

// Rooms by column: one fixed statement per allowed column.
const std::map<std::string, std::string>& RoomSearchStatements() {
  static const std::map<std::string, std::string> kStatements = {
      {"name", ROOM_SELECT "AND r.name ILIKE '%' || $1 || '%' ESCAPE '\\' ORDER BY r.name, r.id"},
      {"uid", ROOM_SELECT "AND r.uid = $1 ORDER BY r.id"},
      {"friendly_id", ROOM_SELECT "AND r.uid = $1 ORDER BY r.id"},
      {"bbb_id", ROOM_SELECT "AND r.bbb_id = $1 ORDER BY r.id"},
      {"meeting_id", ROOM_SELECT "AND r.bbb_id = $1 ORDER BY r.id"},
      {"owner_email", ROOM_SELECT "AND lower(u.email) = lower($1) ORDER BY r.created_at, r.id"},
      {"id", ROOM_SELECT "AND r.id::text = $1"},
  };
  return kStatements;
}

std::optional<GreenlightUser> SelectUser(pqxx::transaction_base& t, const std::string& email) {
  const pqxx::result rows = t.exec_params(
      USER_SELECT "WHERE deleted = false AND lower(email) = lower($1) ORDER BY id LIMIT 1", email);
  if (rows.empty()) return std::nullopt;
  return UserFromRow(rows[0]);
}

GreenlightUser RequireUser(pqxx::transaction_base& t, const std::string& email) {
  auto user = SelectUser(t, email);
  if (!user) Fail(Kind::kNotFound, "no Greenlight user with email '" + email + "'");
  return *user;
}

std::optional<GreenlightRoom> SelectRoomByUid(pqxx::transaction_base& t, const std::string& uid) {
  const pqxx::result rows = t.exec_params(ROOM_SELECT "AND r.uid = $1 ORDER BY r.id LIMIT 1", uid);
  if (rows.empty()) return std::nullopt;
  return RoomFromRow(rows[0]);
}

GreenlightRoom RequireRoom(pqxx::transaction_base& t, const std::string& uid) {
  auto room = SelectRoomByUid(t, uid);
  if (!room) Fail(Kind::kNotFound, "no Greenlight room with uid '" + uid + "'");
  return *room;
}

GreenlightRoom SelectRoomById(pqxx::transaction_base& t, const std::string& id) {
  return RoomFromRow(t.exec_params1(ROOM_SELECT "AND r.id = $1::bigint", id));
}

void CheckRoomName(const std::string& name) {
  if (auto problem = UnstorableText("a room name", name, true)) Fail(Kind::kInvalid, *problem);
  const std::size_t length = CharacterCount(name);
  if (length < 2 || length > 256) {
    Fail(Kind::kInvalid, "a Greenlight 2 room name must have 2 to 256 characters");
  }
}

// Uids of deleted rooms still count: Greenlight looks rooms up by uid alone.
bool UidTaken(pqxx::transaction_base& t, const std::string& uid) {
  return !t.exec_params("SELECT 1 FROM rooms WHERE uid = $1 LIMIT 1", uid).empty();
}

std::string UnusedRoomUid(pqxx::transaction_base& t, const std::string& owner_name) {
  for (;;) {
    std::string uid = NewV2RoomUid(owner_name);
    if (!UidTaken(t, uid)) return uid;
  }
}

// Greenlight checks bbb_id uniqueness among rooms that are not deleted.
std::string UnusedMeetingId(pqxx::transaction_base& t) {
  for (;;) {
    std::string id = NewMeetingId();
    if (t.exec_params("SELECT 1 FROM rooms WHERE bbb_id = $1 AND deleted = false", id).empty()) {
      return id;
    }
  }
}

struct RoomRow {
  std::string owner_id;
  std::string owner_name;
  std::string name;
  std::optional<std::string> uid;
  std::optional<std::string> access_code;
  std::string room_settings;
};

// Inserts a room as RoomsController#create does; returns its id.
std::string InsertRoom(pqxx::transaction_base& t, const RoomRow& room) {
  CheckRoomName(room.name);
  if (room.uid) {
    if (auto problem = UnstorableText("a room uid", *room.uid, true))
      Fail(Kind::kInvalid, *problem);
  }
  std::string uid;
  if (room.uid) {
    if (UidTaken(t, *room.uid)) Fail(Kind::kConflict, "room uid '" + *room.uid + "' is taken");
    uid = *room.uid;
  } else {
    uid = UnusedRoomUid(t, room.owner_name);
  }
  std::optional<std::string> access_code = room.access_code;
  if (access_code && access_code->empty()) access_code.reset();
  if (access_code) {
    if (auto problem = UnstorableText("an access code", *access_code, true)) {
      Fail(Kind::kInvalid, *problem);
    }
  }
  return t
      .exec_params1(
          "INSERT INTO rooms (user_id, name, uid, bbb_id, sessions, room_settings, moderator_pw, "
          "attendee_pw, access_code, deleted, created_at, updated_at) "
          "VALUES ($1::bigint, $2, $3, $4, 0, $5, $6, $7, $8, false, now() AT TIME ZONE 'UTC', "
          "now() AT TIME ZONE 'UTC') RETURNING id::text",
          room.owner_id, room.name, uid, UnusedMeetingId(t), room.room_settings, NewRoomPassword(),
          NewRoomPassword(), OrNull(access_code))[0]
      .as<std::string>();
}

// Creates a home room for the user and points users.room_id at it.
std::string CreateHomeRoom(pqxx::transaction_base& t, const std::string& user_id,
                           const std::string& user_name) {
  const std::string room_id = InsertRoom(t, {.owner_id = user_id,
                                             .owner_name = user_name,
                                             .name = kHomeRoomName,
                                             .room_settings = kEmptyRoomSettings});
  t.exec_params(
      "UPDATE users SET room_id = $1::bigint, updated_at = now() AT TIME ZONE 'UTC' "
      "WHERE id = $2::bigint",
      room_id, user_id);
  return room_id;
}

// The room_settings JSON the room settings dialog writes: all five keys.
std::string RoomSettingsJson(const RoomSettings& settings) {
  nlohmann::json json = {
      {"muteOnStart", settings.mute_on_start.value_or(false)},
      {"requireModeratorApproval", settings.require_moderator_approval.value_or(false)},
      {"anyoneCanStart", settings.anyone_can_start.value_or(false)},
      {"joinModerator", settings.join_moderator.value_or(false)},
      {"recording", settings.recording.value_or(false)},
  };
  return json.dump();
}

// Presentations are Active Storage attachments; the files stay in
// Greenlight's storage directory (no way to reach it from the database).
void DeletePresentation(pqxx::transaction_base& t, const std::string& room_id) {
  const pqxx::result blobs = t.exec_params(
      "DELETE FROM active_storage_attachments WHERE record_type = 'Room' AND record_id = "
      "$1::bigint RETURNING blob_id::text",
      room_id);
  for (const auto& blob : blobs) {
    t.exec_params("DELETE FROM active_storage_blobs WHERE id = $1::bigint", Text(blob[0]));
  }
}

void DeleteRoomRows(pqxx::transaction_base& t, const std::string& room_id) {
  t.exec_params("DELETE FROM shared_accesses WHERE room_id = $1::bigint", room_id);
  DeletePresentation(t, room_id);
  t.exec_params("DELETE FROM rooms WHERE id = $1::bigint", room_id);
}

bool RoleCanCreateRooms(pqxx::transaction_base& t, const std::string& role_id) {
  return !t.exec_params(
               "SELECT 1 FROM role_permissions WHERE role_id = $1::bigint AND name = "
               "'can_create_rooms' AND value = 'true' AND enabled",
               role_id)
              .empty();
}

std::string RequireRole(pqxx::transaction_base& t, const std::string& role) {
  const pqxx::result rows =
      t.exec_params("SELECT id::text FROM roles WHERE provider = $1 AND lower(name) = lower($2)",
                    std::string(kLocalProvider), role);
  if (!rows.empty()) return rows[0][0].as<std::string>();
  std::string names;
  for (const auto& row : t.exec_params("SELECT name FROM roles WHERE provider = $1 ORDER BY "
                                       "priority DESC",
                                       std::string(kLocalProvider))) {
    names += (names.empty() ? "" : ", ") + Text(row[0]);
  }
  Fail(Kind::kInvalid,
       "no Greenlight role '" + role + "'" +
           (names.empty() ? " (the database has no roles yet)" : "; roles: " + names));
}

}  // namespace

GreenlightV2::GreenlightV2(std::unique_ptr<PgConnection> connection, DirectoryOptions options)
    : connection_(std::move(connection)), options_(options) {}

DirectoryResult<std::optional<GreenlightUser>> GreenlightV2::FindUser(const std::string& email) {
  std::optional<GreenlightUser> user;
  auto done =
      connection_->Transact([&](pqxx::transaction_base& t) { user = SelectUser(t, email); });
  if (!done) return std::unexpected(done.error());
  return user;
}

DirectoryResult<GreenlightUser> GreenlightV2::CreateUser(const NewUser& user) {
  if (user.email.empty()) return std::unexpected(DirectoryError{Kind::kInvalid, "email is empty"});
  if (user.name.empty() || CharacterCount(user.name) > 256) {
    return std::unexpected(DirectoryError{Kind::kInvalid, "a name needs 1 to 256 characters"});
  }
  for (auto problem : {UnstorableText("a user's name", user.name, true),
                       UnstorableText("an email", user.email, true),
                       UnstorableText("a provider", user.provider, true),
                       UnstorableText("a role", user.role, true)}) {
    if (problem) return std::unexpected(DirectoryError{Kind::kInvalid, *problem});
  }
  // Hash before the transaction: bcrypt takes a quarter second by design.
  auto digest =
      PasswordDigestFor(user.password, user.provider == kLocalProvider, options_.bcrypt_cost);
  if (!digest) return std::unexpected(DirectoryError{Kind::kInvalid, digest.error()});

  GreenlightUser created;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    // Greenlight's uniqueness validation is per provider and counts deleted users.
    if (!t.exec_params("SELECT 1 FROM users WHERE lower(email) = lower($1) AND provider = $2",
                       user.email, user.provider)
             .empty()) {
      Fail(Kind::kConflict, "a Greenlight user with email '" + user.email + "' and provider '" +
                                user.provider + "' exists already");
    }
    const std::string role_id = RequireRole(t, user.role);
    // Columns as `rake user:create` writes them (FACTS 1.2): verified, terms
    // accepted, language 'default', then uid, role and home room.
    const std::string id =
        t.exec_params1(
             "INSERT INTO users (provider, uid, name, email, password_digest, accepted_terms, "
             "email_verified, language, role_id, deleted, created_at, updated_at) "
             "VALUES ($1, $2, $3, lower($4), $5, true, true, 'default', $6::bigint, false, "
             "now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id::text",
             user.provider, NewV2UserUid(), user.name, user.email, OrNull(*digest), role_id)[0]
            .as<std::string>();
    if (RoleCanCreateRooms(t, role_id)) CreateHomeRoom(t, id, user.name);
    created = UserFromRow(t.exec_params1(USER_SELECT "WHERE id = $1::bigint", id));
  });
  if (!done) return std::unexpected(done.error());
  return created;
}

DirectoryResult<DeletedUser> GreenlightV2::DeleteUser(const std::string& email) {
  DeletedUser deleted;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    deleted = {};
    // Every account with the address, soft-deleted ones too: they hold the
    // address for Greenlight's uniqueness check.
    const pqxx::result users =
        t.exec_params("SELECT id::text FROM users WHERE lower(email) = lower($1)", email);
    if (users.empty()) Fail(Kind::kNotFound, "no Greenlight user with email '" + email + "'");
    for (const auto& user : users) {
      const std::string user_id = Text(user[0]);
      for (const auto& room : t.exec_params(
               "SELECT id::text, bbb_id FROM rooms WHERE user_id = $1::bigint ORDER BY id",
               user_id)) {
        if (!room[1].is_null()) deleted.room_meeting_ids.push_back(Text(room[1]));
        DeleteRoomRows(t, Text(room[0]));
      }
      t.exec_params("DELETE FROM shared_accesses WHERE user_id = $1::bigint", user_id);
      t.exec_params("DELETE FROM users WHERE id = $1::bigint", user_id);
      ++deleted.users_deleted;
    }
  });
  if (!done) return std::unexpected(done.error());
  return deleted;
}

DirectoryResult<std::optional<GreenlightRoom>> GreenlightV2::FindRoom(const std::string& uid) {
  std::optional<GreenlightRoom> room;
  auto done =
      connection_->Transact([&](pqxx::transaction_base& t) { room = SelectRoomByUid(t, uid); });
  if (!done) return std::unexpected(done.error());
  return room;
}

DirectoryResult<GreenlightRoom> GreenlightV2::CreateRoom(const NewRoom& room) {
  GreenlightRoom created;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightUser owner = RequireUser(t, room.owner_email);
    const std::string id = InsertRoom(t, {.owner_id = owner.id,
                                          .owner_name = owner.name,
                                          .name = room.name,
                                          .uid = room.uid,
                                          .access_code = room.access_code,
                                          .room_settings = RoomSettingsJson(room.settings)});
    created = SelectRoomById(t, id);
  });
  if (!done) return std::unexpected(done.error());
  return created;
}

DirectoryResult<GreenlightRoom> GreenlightV2::RenameRoom(
    const std::string& uid, const std::optional<std::string>& new_uid,
    const std::optional<std::string>& new_name) {
  GreenlightRoom renamed;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    if (new_uid && *new_uid != uid) {
      if (new_uid->empty()) Fail(Kind::kInvalid, "the new room uid is empty");
      if (auto problem = UnstorableText("a room uid", *new_uid, true)) {
        Fail(Kind::kInvalid, *problem);
      }
      if (UidTaken(t, *new_uid)) Fail(Kind::kConflict, "room uid '" + *new_uid + "' is taken");
    }
    if (new_name) CheckRoomName(*new_name);
    t.exec_params(
        "UPDATE rooms SET uid = coalesce($1, uid), name = coalesce($2, name), "
        "updated_at = now() AT TIME ZONE 'UTC' WHERE id = $3::bigint",
        OrNull(new_uid), OrNull(new_name), room.id);
    renamed = SelectRoomById(t, room.id);
  });
  if (!done) return std::unexpected(done.error());
  return renamed;
}

DirectoryResult<void> GreenlightV2::RecordMeetingStarted(const std::string& uid,
                                                         std::int64_t create_time_ms) {
  return connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    t.exec_params(
        "UPDATE rooms SET last_session = timestamp '1970-01-01' + $1::bigint * interval "
        "'1 millisecond', sessions = sessions + 1, updated_at = now() AT TIME ZONE 'UTC' "
        "WHERE id = $2::bigint",
        create_time_ms, room.id);
  });
}

DirectoryResult<std::string> GreenlightV2::DeleteRoom(const std::string& uid) {
  std::string meeting_id;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    // A user whose home room disappears cannot log in (FACTS 1.6): give them
    // their oldest other room, or a new home room.
    for (const auto& user :
         t.exec_params("SELECT id::text, coalesce(name, '') FROM users WHERE room_id = $1::bigint",
                       room.id)) {
      const std::string user_id = Text(user[0]);
      const pqxx::result other = t.exec_params(
          "SELECT id::text FROM rooms WHERE user_id = $1::bigint AND deleted = false AND id <> "
          "$2::bigint ORDER BY created_at, id LIMIT 1",
          user_id, room.id);
      if (other.empty()) {
        CreateHomeRoom(t, user_id, Text(user[1]));
      } else {
        t.exec_params(
            "UPDATE users SET room_id = $1::bigint, updated_at = now() AT TIME ZONE 'UTC' "
            "WHERE id = $2::bigint",
            Text(other[0][0]), user_id);
      }
    }
    DeleteRoomRows(t, room.id);
    meeting_id = room.meeting_id;
  });
  if (!done) return std::unexpected(done.error());
  return meeting_id;
}

DirectoryResult<bool> GreenlightV2::ShareRoom(const std::string& uid, const std::string& email) {
  bool shared = false;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    const GreenlightUser user = RequireUser(t, email);
    if (user.id == room.owner_id) Fail(Kind::kInvalid, "'" + email + "' owns the room");
    // v2 has no unique index on shared_accesses: serialize sharing per room so
    // two writers never both insert.
    t.exec_params("SELECT pg_advisory_xact_lock(hashtextextended('schedulight share ' || $1, 0))",
                  room.id);
    const pqxx::result inserted = t.exec_params(
        "INSERT INTO shared_accesses (room_id, user_id, created_at, updated_at) "
        "SELECT $1::bigint, $2::bigint, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' "
        "WHERE NOT EXISTS (SELECT 1 FROM shared_accesses WHERE room_id = $1::bigint AND "
        "user_id = $2::bigint) RETURNING id",
        room.id, user.id);
    shared = !inserted.empty();
  });
  if (!done) return std::unexpected(done.error());
  return shared;
}

DirectoryResult<bool> GreenlightV2::UnshareRoom(const std::string& uid, const std::string& email) {
  bool unshared = false;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    const GreenlightUser user = RequireUser(t, email);
    unshared = !t.exec_params(
                     "DELETE FROM shared_accesses WHERE room_id = $1::bigint AND user_id = "
                     "$2::bigint RETURNING id",
                     room.id, user.id)
                    .empty();
  });
  if (!done) return std::unexpected(done.error());
  return unshared;
}

DirectoryResult<std::vector<GreenlightUser>> GreenlightV2::SharedWith(const std::string& uid) {
  std::vector<GreenlightUser> users;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    users.clear();
    const GreenlightRoom room = RequireRoom(t, uid);
    for (const auto& row : t.exec_params(
             "SELECT u.id::text, coalesce(u.name, ''), u.email, u.provider, u.uid, "
             "u.room_id::text FROM users u WHERE u.deleted = false AND u.id IN "
             "(SELECT user_id FROM shared_accesses WHERE room_id = $1::bigint) ORDER BY u.email",
             room.id)) {
      users.push_back(UserFromRow(row));
    }
  });
  if (!done) return std::unexpected(done.error());
  return users;
}

DirectoryResult<std::optional<GreenlightRoom>> GreenlightV2::HomeRoom(const std::string& email) {
  std::optional<GreenlightRoom> room;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    room.reset();
    const GreenlightUser user = RequireUser(t, email);
    if (!user.home_room_id) return;
    const pqxx::result rows =
        t.exec_params(ROOM_SELECT "AND r.id = $1::bigint", *user.home_room_id);
    if (!rows.empty()) room = RoomFromRow(rows[0]);
  });
  if (!done) return std::unexpected(done.error());
  return room;
}

DirectoryResult<GreenlightRoom> GreenlightV2::EnsureHomeRoom(const std::string& email) {
  GreenlightRoom room;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightUser user = RequireUser(t, email);
    if (user.home_room_id) {
      const pqxx::result rows =
          t.exec_params(ROOM_SELECT "AND r.id = $1::bigint", *user.home_room_id);
      if (!rows.empty()) {
        room = RoomFromRow(rows[0]);
        return;
      }
    }
    room = SelectRoomById(t, CreateHomeRoom(t, user.id, user.name));
  });
  if (!done) return std::unexpected(done.error());
  return room;
}

DirectoryResult<std::vector<GreenlightRoom>> GreenlightV2::RoomsBy(const std::string& column,
                                                                   const std::string& query) {
  const auto statement = RoomSearchStatements().find(column);
  if (statement == RoomSearchStatements().end()) {
    std::string allowed;
    for (const auto& name : RoomSearchColumns()) allowed += (allowed.empty() ? "" : ", ") + name;
    return std::unexpected(DirectoryError{
        Kind::kInvalid, "cannot search rooms by '" + column + "'; allowed columns: " + allowed});
  }
  const std::string parameter = column == "name" ? EscapeLikePattern(query) : query;
  std::vector<GreenlightRoom> rooms;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    rooms.clear();
    for (const auto& row : t.exec_params(statement->second, parameter)) {
      rooms.push_back(RoomFromRow(row));
    }
  });
  if (!done) return std::unexpected(done.error());
  return rooms;
}

}  // namespace schedulight
