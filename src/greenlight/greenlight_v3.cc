#include "greenlight/greenlight_v3.h"

#include <map>
#include <pqxx/pqxx>

#include "greenlight/identifiers.h"
#include "greenlight/password.h"
#include "greenlight/pg_rows.h"

namespace schedulight {
namespace {

using Kind = DirectoryError::Kind;

// The room columns RoomFromRow reads. v3 keeps the access codes as
// room_meeting_options and has no room passwords.
#define ROOM_SELECT                                                                         \
  "SELECT r.id::text, r.friendly_id, r.name, r.meeting_id, r.user_id::text, u.name, "       \
  "u.email, NULL, NULL, "                                                                   \
  "(SELECT o.value FROM room_meeting_options o JOIN meeting_options m ON m.id = "           \
  "o.meeting_option_id WHERE o.room_id = r.id AND m.name = 'glViewerAccessCode' LIMIT 1), " \
  "(SELECT o.value FROM room_meeting_options o JOIN meeting_options m ON m.id = "           \
  "o.meeting_option_id WHERE o.room_id = r.id AND m.name = 'glModeratorAccessCode' LIMIT "  \
  "1), "                                                                                    \
  "floor(extract(epoch FROM r.last_session) * 1000)::bigint "                               \
  "FROM rooms r LEFT JOIN users u ON u.id = r.user_id WHERE true "

#define USER_SELECT "SELECT id::text, name, email, provider, NULL, NULL FROM users "

const std::map<std::string, std::string>& RoomSearchStatements() {
  static const std::map<std::string, std::string> kStatements = {
      {"name", ROOM_SELECT "AND r.name ILIKE '%' || $1 || '%' ESCAPE '\\' ORDER BY r.name, r.id"},
      {"uid", ROOM_SELECT "AND r.friendly_id = $1"},
      {"friendly_id", ROOM_SELECT "AND r.friendly_id = $1"},
      {"bbb_id", ROOM_SELECT "AND r.meeting_id = $1"},
      {"meeting_id", ROOM_SELECT "AND r.meeting_id = $1"},
      {"owner_email", ROOM_SELECT "AND lower(u.email) = lower($1) ORDER BY r.created_at, r.id"},
      {"id", ROOM_SELECT "AND r.id::text = $1"},
  };
  return kStatements;
}

std::optional<GreenlightUser> SelectUser(pqxx::transaction_base& t, const std::string& email) {
  const pqxx::result rows = t.exec_params(
      USER_SELECT "WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 1", email);
  if (rows.empty()) return std::nullopt;
  return UserFromRow(rows[0]);
}

GreenlightUser RequireUser(pqxx::transaction_base& t, const std::string& email) {
  auto user = SelectUser(t, email);
  if (!user) Fail(Kind::kNotFound, "no Greenlight user with email '" + email + "'");
  return *user;
}

std::optional<GreenlightRoom> SelectRoomByUid(pqxx::transaction_base& t, const std::string& uid) {
  const pqxx::result rows = t.exec_params(ROOM_SELECT "AND r.friendly_id = $1", uid);
  if (rows.empty()) return std::nullopt;
  return RoomFromRow(rows[0]);
}

GreenlightRoom RequireRoom(pqxx::transaction_base& t, const std::string& uid) {
  auto room = SelectRoomByUid(t, uid);
  if (!room) Fail(Kind::kNotFound, "no Greenlight room with uid '" + uid + "'");
  return *room;
}

GreenlightRoom SelectRoomById(pqxx::transaction_base& t, const std::string& id) {
  return RoomFromRow(t.exec_params1(ROOM_SELECT "AND r.id = $1::uuid", id));
}

// The default room: v3 orders by created_at (implicit_order_column).
std::optional<GreenlightRoom> OldestRoom(pqxx::transaction_base& t, const std::string& user_id) {
  const pqxx::result rows = t.exec_params(
      ROOM_SELECT "AND r.user_id = $1::uuid ORDER BY r.created_at, r.id LIMIT 1", user_id);
  if (rows.empty()) return std::nullopt;
  return RoomFromRow(rows[0]);
}

void CheckRoomName(const std::string& name) {
  if (auto problem = UnstorableText("a room name", name, true)) Fail(Kind::kInvalid, *problem);
  const std::size_t length = CharacterCount(name);
  if (length < 1 || length > 255) {
    Fail(Kind::kInvalid, "a Greenlight 3 room name must have 1 to 255 characters");
  }
}

bool FriendlyIdTaken(pqxx::transaction_base& t, const std::string& uid) {
  return !t.exec_params("SELECT 1 FROM rooms WHERE friendly_id = $1", uid).empty();
}

std::string UnusedFriendlyId(pqxx::transaction_base& t) {
  for (;;) {
    std::string uid = NewV3FriendlyId();
    if (!FriendlyIdTaken(t, uid)) return uid;
  }
}

std::string UnusedMeetingId(pqxx::transaction_base& t) {
  for (;;) {
    std::string id = NewMeetingId();
    if (t.exec_params("SELECT 1 FROM rooms WHERE meeting_id = $1", id).empty()) return id;
  }
}

// The value Room#create_meeting_options gives an option whose configuration
// is 'true' or 'default_enabled'.
std::string TrueValueOf(const std::string& option) {
  if (option == "guestPolicy") return "ASK_MODERATOR";
  if (option.ends_with("AccessCode")) return NewV3AccessCode();
  return "true";
}

std::string BoolText(bool value) { return value ? "true" : "false"; }

// The options the room settings of a command set, by meeting option name.
std::map<std::string, std::string> RequestedOptions(const RoomSettings& settings,
                                                    const std::optional<std::string>& access_code) {
  std::map<std::string, std::string> options;
  if (settings.mute_on_start) options["muteOnStart"] = BoolText(*settings.mute_on_start);
  if (settings.require_moderator_approval) {
    options["guestPolicy"] =
        *settings.require_moderator_approval ? "ASK_MODERATOR" : "ALWAYS_ACCEPT";
  }
  if (settings.anyone_can_start) options["glAnyoneCanStart"] = BoolText(*settings.anyone_can_start);
  if (settings.join_moderator) {
    options["glAnyoneJoinAsModerator"] = BoolText(*settings.join_moderator);
  }
  if (settings.recording) options["record"] = BoolText(*settings.recording);
  if (access_code) options["glViewerAccessCode"] = *access_code;
  return options;
}

// One room_meeting_options row per meeting option (FACTS 2.3), with the
// values Greenlight would give a new room, then the requested ones.
void InsertMeetingOptions(pqxx::transaction_base& t, const std::string& room_id,
                          const std::string& provider,
                          const std::map<std::string, std::string>& requested) {
  const pqxx::result options = t.exec_params(
      "SELECT m.id::text, m.name, m.default_value, c.value FROM meeting_options m "
      "LEFT JOIN rooms_configurations c ON c.meeting_option_id = m.id AND c.provider = $1 "
      "ORDER BY m.name",
      provider);
  for (const auto& option : options) {
    const std::string name = Text(option[1]);
    const std::string configuration = Text(option[3]);
    std::optional<std::string> value = OptionalText(option[2]);
    if (configuration == "true" || configuration == "default_enabled") value = TrueValueOf(name);
    if (auto wanted = requested.find(name); wanted != requested.end()) value = wanted->second;
    t.exec_params(
        "INSERT INTO room_meeting_options (room_id, meeting_option_id, value, created_at, "
        "updated_at) VALUES ($1::uuid, $2::uuid, $3, now() AT TIME ZONE 'UTC', "
        "now() AT TIME ZONE 'UTC')",
        room_id, Text(option[0]), OrNull(value));
  }
}

struct RoomRow {
  const GreenlightUser& owner;
  std::string name;
  std::optional<std::string> uid;
  std::map<std::string, std::string> options;
};

// Inserts a room as Room.create + create_meeting_options do; returns its id.
std::string InsertRoom(pqxx::transaction_base& t, const RoomRow& room) {
  CheckRoomName(room.name);
  if (room.uid) {
    if (auto problem = UnstorableText("a room uid", *room.uid, true))
      Fail(Kind::kInvalid, *problem);
  }
  for (const auto& [option, value] : room.options) {
    if (auto problem = UnstorableText(option, value, true)) Fail(Kind::kInvalid, *problem);
  }
  std::string uid;
  if (room.uid) {
    if (FriendlyIdTaken(t, *room.uid)) {
      Fail(Kind::kConflict, "room uid '" + *room.uid + "' is taken");
    }
    uid = *room.uid;
  } else {
    uid = UnusedFriendlyId(t);
  }
  const std::string id =
      t.exec_params1(
           "INSERT INTO rooms (user_id, name, friendly_id, meeting_id, recordings_processing, "
           "online, created_at, updated_at) VALUES ($1::uuid, $2, $3, $4, 0, false, "
           "now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id::text",
           room.owner.id, room.name, uid, UnusedMeetingId(t))[0]
          .as<std::string>();
  InsertMeetingOptions(t, id, room.owner.provider, room.options);
  return id;
}

// The room Greenlight makes after sign-up: "<name>'s Room".
std::string CreateDefaultRoom(pqxx::transaction_base& t, const GreenlightUser& user) {
  return InsertRoom(t, {.owner = user, .name = user.name + "'s Room"});
}

// Presentations and avatars are Active Storage attachments; the files stay in
// Greenlight's storage (not reachable from the database).
void DeleteAttachments(pqxx::transaction_base& t, const std::string& record_type,
                       const std::string& record_id) {
  const pqxx::result blobs = t.exec_params(
      "DELETE FROM active_storage_attachments WHERE record_type = $1 AND record_id = $2::uuid "
      "RETURNING blob_id::text",
      record_type, record_id);
  for (const auto& blob : blobs) {
    t.exec_params("DELETE FROM active_storage_variant_records WHERE blob_id = $1::uuid",
                  Text(blob[0]));
    t.exec_params("DELETE FROM active_storage_blobs WHERE id = $1::uuid", Text(blob[0]));
  }
}

// Room#destroy in foreign-key order (FACTS 2.6).
void DeleteRoomRows(pqxx::transaction_base& t, const std::string& room_id) {
  t.exec_params(
      "DELETE FROM formats WHERE recording_id IN (SELECT id FROM recordings WHERE room_id = "
      "$1::uuid)",
      room_id);
  t.exec_params("DELETE FROM recordings WHERE room_id = $1::uuid", room_id);
  t.exec_params("DELETE FROM room_meeting_options WHERE room_id = $1::uuid", room_id);
  t.exec_params("DELETE FROM shared_accesses WHERE room_id = $1::uuid", room_id);
  DeleteAttachments(t, "Room", room_id);
  t.exec_params("DELETE FROM rooms WHERE id = $1::uuid", room_id);
}

// v3 names its default roles Administrator, User, Guest; the original's
// command documents "user" and "admin".
std::string RequireRole(pqxx::transaction_base& t, const std::string& role) {
  const std::string wanted = role == "admin" ? "Administrator" : role;
  const pqxx::result rows =
      t.exec_params("SELECT id::text FROM roles WHERE provider = $1 AND lower(name) = lower($2)",
                    std::string(kLocalProvider), wanted);
  if (!rows.empty()) return rows[0][0].as<std::string>();
  std::string names;
  for (const auto& row : t.exec_params("SELECT name FROM roles WHERE provider = $1 ORDER BY name",
                                       std::string(kLocalProvider))) {
    names += (names.empty() ? "" : ", ") + Text(row[0]);
  }
  Fail(Kind::kInvalid, "no Greenlight role '" + role + "'" +
                           (names.empty() ? " (the database has no roles)" : "; roles: " + names));
}

bool RoleMayCreateRooms(pqxx::transaction_base& t, const std::string& role_id) {
  return !t.exec_params(
               "SELECT 1 FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id "
               "WHERE rp.role_id = $1::uuid AND p.name = 'CreateRoom' AND rp.value = 'true'",
               role_id)
              .empty();
}

}  // namespace

GreenlightV3::GreenlightV3(std::unique_ptr<PgConnection> connection, DirectoryOptions options)
    : connection_(std::move(connection)), options_(options) {}

DirectoryResult<std::optional<GreenlightUser>> GreenlightV3::FindUser(const std::string& email) {
  std::optional<GreenlightUser> user;
  auto done =
      connection_->Transact([&](pqxx::transaction_base& t) { user = SelectUser(t, email); });
  if (!done) return std::unexpected(done.error());
  return user;
}

DirectoryResult<GreenlightUser> GreenlightV3::CreateUser(const NewUser& user) {
  if (CharacterCount(user.email) < 5 || CharacterCount(user.email) > 255) {
    return std::unexpected(
        DirectoryError{Kind::kInvalid, "a Greenlight 3 email needs 5 to 255 characters"});
  }
  if (user.name.empty() || CharacterCount(user.name) > 255) {
    return std::unexpected(DirectoryError{Kind::kInvalid, "a name needs 1 to 255 characters"});
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
    // v3 keeps every user under the Greenlight provider (FACTS 2.2).
    const std::string provider = kLocalProvider;
    if (!t.exec_params("SELECT 1 FROM users WHERE lower(email) = lower($1) AND provider = $2",
                       user.email, provider)
             .empty()) {
      Fail(Kind::kConflict, "a Greenlight user with email '" + user.email + "' exists already");
    }
    const std::string role_id = RequireRole(t, user.role);
    // Columns as UserCreator / rake user:create write them: verified, active,
    // a session token that expires in 24 hours.
    const std::string id =
        t.exec_params1(
             "INSERT INTO users (name, email, provider, password_digest, role_id, language, "
             "verified, status, session_token, session_expiry, created_at, updated_at) "
             "VALUES ($1, lower($2), $3, $4, $5::uuid, 'en', true, 0, $6, "
             "now() AT TIME ZONE 'UTC' + interval '24 hours', now() AT TIME ZONE 'UTC', "
             "now() AT TIME ZONE 'UTC') RETURNING id::text",
             user.name, user.email, provider, OrNull(*digest), role_id, NewSessionToken())[0]
            .as<std::string>();
    created = UserFromRow(t.exec_params1(USER_SELECT "WHERE id = $1::uuid", id));
    if (RoleMayCreateRooms(t, role_id)) CreateDefaultRoom(t, created);
  });
  if (!done) return std::unexpected(done.error());
  return created;
}

DirectoryResult<DeletedUser> GreenlightV3::DeleteUser(const std::string& email) {
  DeletedUser deleted;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    deleted = {};
    const pqxx::result users =
        t.exec_params("SELECT id::text FROM users WHERE lower(email) = lower($1)", email);
    if (users.empty()) Fail(Kind::kNotFound, "no Greenlight user with email '" + email + "'");
    for (const auto& user : users) {
      const std::string user_id = Text(user[0]);
      for (const auto& room :
           t.exec_params("SELECT id::text, meeting_id FROM rooms WHERE user_id = $1::uuid "
                         "ORDER BY created_at, id",
                         user_id)) {
        deleted.room_meeting_ids.push_back(Text(room[1]));
        DeleteRoomRows(t, Text(room[0]));
      }
      t.exec_params("DELETE FROM shared_accesses WHERE user_id = $1::uuid", user_id);
      DeleteAttachments(t, "User", user_id);
      t.exec_params("DELETE FROM users WHERE id = $1::uuid", user_id);
      ++deleted.users_deleted;
    }
  });
  if (!done) return std::unexpected(done.error());
  return deleted;
}

DirectoryResult<std::optional<GreenlightRoom>> GreenlightV3::FindRoom(const std::string& uid) {
  std::optional<GreenlightRoom> room;
  auto done =
      connection_->Transact([&](pqxx::transaction_base& t) { room = SelectRoomByUid(t, uid); });
  if (!done) return std::unexpected(done.error());
  return room;
}

DirectoryResult<GreenlightRoom> GreenlightV3::CreateRoom(const NewRoom& room) {
  GreenlightRoom created;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightUser owner = RequireUser(t, room.owner_email);
    const std::string id =
        InsertRoom(t, {.owner = owner,
                       .name = room.name,
                       .uid = room.uid,
                       .options = RequestedOptions(room.settings, room.access_code)});
    created = SelectRoomById(t, id);
  });
  if (!done) return std::unexpected(done.error());
  return created;
}

DirectoryResult<GreenlightRoom> GreenlightV3::RenameRoom(
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
      if (FriendlyIdTaken(t, *new_uid)) {
        Fail(Kind::kConflict, "room uid '" + *new_uid + "' is taken");
      }
    }
    if (new_name) CheckRoomName(*new_name);
    t.exec_params(
        "UPDATE rooms SET friendly_id = coalesce($1, friendly_id), name = coalesce($2, name), "
        "updated_at = now() AT TIME ZONE 'UTC' WHERE id = $3::uuid",
        OrNull(new_uid), OrNull(new_name), room.id);
    renamed = SelectRoomById(t, room.id);
  });
  if (!done) return std::unexpected(done.error());
  return renamed;
}

DirectoryResult<void> GreenlightV3::RecordMeetingStarted(const std::string& uid,
                                                         std::int64_t create_time_ms) {
  return connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    t.exec_params(
        "UPDATE rooms SET last_session = timestamp '1970-01-01' + $1::bigint * interval "
        "'1 millisecond', online = true, updated_at = now() AT TIME ZONE 'UTC' "
        "WHERE id = $2::uuid",
        create_time_ms, room.id);
  });
}

DirectoryResult<std::string> GreenlightV3::DeleteRoom(const std::string& uid) {
  std::string meeting_id;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    DeleteRoomRows(t, room.id);
    meeting_id = room.meeting_id;
  });
  if (!done) return std::unexpected(done.error());
  return meeting_id;
}

DirectoryResult<bool> GreenlightV3::ShareRoom(const std::string& uid, const std::string& email) {
  bool shared = false;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    const GreenlightUser user = RequireUser(t, email);
    if (user.id == room.owner_id) Fail(Kind::kInvalid, "'" + email + "' owns the room");
    shared = !t.exec_params(
                   "INSERT INTO shared_accesses (user_id, room_id, created_at, updated_at) "
                   "VALUES ($1::uuid, $2::uuid, now() AT TIME ZONE 'UTC', now() AT TIME ZONE "
                   "'UTC') ON CONFLICT (user_id, room_id) DO NOTHING RETURNING id",
                   user.id, room.id)
                  .empty();
  });
  if (!done) return std::unexpected(done.error());
  return shared;
}

DirectoryResult<bool> GreenlightV3::UnshareRoom(const std::string& uid, const std::string& email) {
  bool unshared = false;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightRoom room = RequireRoom(t, uid);
    const GreenlightUser user = RequireUser(t, email);
    unshared = !t.exec_params(
                     "DELETE FROM shared_accesses WHERE room_id = $1::uuid AND user_id = $2::uuid "
                     "RETURNING id",
                     room.id, user.id)
                    .empty();
  });
  if (!done) return std::unexpected(done.error());
  return unshared;
}

DirectoryResult<std::vector<GreenlightUser>> GreenlightV3::SharedWith(const std::string& uid) {
  std::vector<GreenlightUser> users;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    users.clear();
    const GreenlightRoom room = RequireRoom(t, uid);
    for (const auto& row : t.exec_params(
             USER_SELECT "WHERE id IN (SELECT user_id FROM shared_accesses WHERE room_id = "
                         "$1::uuid) ORDER BY email",
             room.id)) {
      users.push_back(UserFromRow(row));
    }
  });
  if (!done) return std::unexpected(done.error());
  return users;
}

DirectoryResult<std::optional<GreenlightRoom>> GreenlightV3::HomeRoom(const std::string& email) {
  std::optional<GreenlightRoom> room;
  auto done = connection_->Transact(
      [&](pqxx::transaction_base& t) { room = OldestRoom(t, RequireUser(t, email).id); });
  if (!done) return std::unexpected(done.error());
  return room;
}

DirectoryResult<GreenlightRoom> GreenlightV3::EnsureHomeRoom(const std::string& email) {
  GreenlightRoom room;
  auto done = connection_->Transact([&](pqxx::transaction_base& t) {
    const GreenlightUser user = RequireUser(t, email);
    if (auto oldest = OldestRoom(t, user.id)) {
      room = *oldest;
      return;
    }
    room = SelectRoomById(t, CreateDefaultRoom(t, user));
  });
  if (!done) return std::unexpected(done.error());
  return room;
}

DirectoryResult<std::vector<GreenlightRoom>> GreenlightV3::RoomsBy(const std::string& column,
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
