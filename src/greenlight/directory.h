#pragma once
// The Greenlight directory: users, rooms and room sharing, read and written
// straight in Greenlight's PostgreSQL database, the way Greenlight itself
// writes them, so its UI, logins and join links keep working
// (shared/greenlight/FACTS.md; docs/greenlight.md says what each version gets).
//
// One interface, two implementations: GreenlightV2 (Greenlight 2.x, bigint ids,
// home-room pointer, room passwords) and GreenlightV3 (3.x, uuid ids,
// room_meeting_options, no home-room pointer). OpenGreenlightDirectory picks
// one by version, connects, and checks that every column the code uses exists.
//
// Every method runs in its own transaction: a multi-row change is applied
// completely or not at all. A connection that dropped since the last call is
// reopened transparently. Errors come back as values; nothing throws out of
// this module. Messages never contain passwords, password hashes or the
// database password.

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/command.h"
#include "core/server.h"

namespace schedulight {

struct DirectoryError {
  enum class Kind {
    kNotFound,  // no such user / room
    kConflict,  // would duplicate a user, uid or meeting id
    kInvalid,   // input Greenlight would refuse (name too long, unknown role, ...)
    kSchema,    // the database lacks tables or columns the code uses
    kDatabase,  // connection or SQL failure
  };
  Kind kind = Kind::kDatabase;
  std::string message;
};

template <typename T>
using DirectoryResult = std::expected<T, DirectoryError>;

// The provider Greenlight gives local (password) accounts.
inline constexpr const char* kLocalProvider = "greenlight";

struct GreenlightUser {
  std::string id;  // users.id as text: a number in v2, a uuid in v3
  std::string name;
  std::string email;                        // as stored: lower case
  std::string provider;                     // users.provider
  std::optional<std::string> uid;           // v2 users.uid ("gl-..."); v3 has none
  std::optional<std::string> home_room_id;  // v2 users.room_id; v3 has none
};

struct GreenlightRoom {
  std::string id;   // rooms.id as text
  std::string uid;  // v2 rooms.uid, v3 rooms.friendly_id: the part of the room URL
  std::string name;
  std::string meeting_id;  // BBB meetingID: v2 rooms.bbb_id, v3 rooms.meeting_id
  std::string owner_id;
  std::string owner_name;
  std::string owner_email;
  // v2 only: the passwords Greenlight sends on create and uses in join URLs.
  std::optional<std::string> moderator_pw;
  std::optional<std::string> attendee_pw;
  std::optional<std::string> access_code;            // viewer code; unset = none
  std::optional<std::string> moderator_access_code;  // unset = none
  // BBB createTime of the last session in epoch milliseconds; join URLs must carry it.
  std::optional<std::int64_t> last_session_ms;
};

struct NewUser {
  std::string email;  // stored lower-cased
  std::string name;
  // kLocalProvider for a password account; anything else (ldap, openid_connect,
  // google, ...) is an external account. v2 stores the provider as given; v3
  // stores kLocalProvider for everyone (FACTS 2.2) and only keeps the
  // local/external distinction through the password rule below.
  std::string provider = "ldap";
  std::string role = "user";  // v2: user, admin, ...; v3: User, Administrator, ... (any case)
  // Local users without a password get an unguessable random one (nobody
  // learns it: they use "forgot password" or the admin sets one). External
  // users without one get a NULL digest, as Greenlight gives them.
  std::optional<std::string> password;
};

struct NewRoom {
  std::string owner_email;
  std::string name;
  std::optional<std::string> uid;  // default: generated the way Greenlight does
  std::optional<std::string> access_code;
  RoomSettings settings;
};

struct DeletedUser {
  int users_deleted = 0;
  // BBB meeting ids of the rooms deleted with the user(s): the caller deletes
  // their recordings on BBB (Greenlight does, FACTS 1.3 / 2.6).
  std::vector<std::string> room_meeting_ids;
};

// The columns "rooms by column" may search, by the names the CLI accepts.
// name matches a case-insensitive substring; all others match exactly
// (owner_email case-insensitively). Anything else is refused.
const std::vector<std::string>& RoomSearchColumns();

class GreenlightDirectory {
 public:
  virtual ~GreenlightDirectory() = default;

  virtual int Version() const = 0;

  // The user with this email (compared case-insensitively), the oldest if
  // several providers hold it. Soft-deleted v2 users are not found.
  virtual DirectoryResult<std::optional<GreenlightUser>> FindUser(const std::string& email) = 0;

  // Creates the user the way Greenlight's own sign-up / rake user:create does,
  // including the home room when the role may create rooms. Conflict when the
  // email is taken for that provider.
  virtual DirectoryResult<GreenlightUser> CreateUser(const NewUser& user) = 0;

  // Deletes every account with this email permanently, with the rooms they own
  // (and those rooms' shares and presentations) and their shares of others' rooms.
  virtual DirectoryResult<DeletedUser> DeleteUser(const std::string& email) = 0;

  virtual DirectoryResult<std::optional<GreenlightRoom>> FindRoom(const std::string& uid) = 0;

  // Creates a room of an existing user with new BBB meeting id, passwords (v2)
  // and the given settings. Conflict when the uid is taken.
  virtual DirectoryResult<GreenlightRoom> CreateRoom(const NewRoom& room) = 0;

  // Changes a room's uid and/or name. Conflict when the new uid is taken.
  virtual DirectoryResult<GreenlightRoom> RenameRoom(
      const std::string& uid, const std::optional<std::string>& new_uid,
      const std::optional<std::string>& new_name) = 0;

  // Deletes the room, its shares, presentation and (v3) recording rows. v2: a
  // room that is its owner's home room is replaced as home room by the owner's
  // oldest other room, or a new home room, first. Returns the room's BBB
  // meeting id so the caller can delete its recordings on BBB.
  virtual DirectoryResult<std::string> DeleteRoom(const std::string& uid) = 0;

  // Notes that scheduLight created the room's BBB meeting, as Greenlight's own
  // start does: last_session = BBB's createTime (Greenlight puts it into every
  // join URL, so it must match the running meeting, FACTS 0), v2 sessions + 1,
  // v3 online = true.
  virtual DirectoryResult<void> RecordMeetingStarted(const std::string& uid,
                                                     std::int64_t create_time_ms) = 0;

  // Shares the room with the user. Returns false when it was shared already
  // (no second row is ever written). Sharing with the owner is kInvalid.
  virtual DirectoryResult<bool> ShareRoom(const std::string& uid, const std::string& email) = 0;
  // Returns false when it was not shared.
  virtual DirectoryResult<bool> UnshareRoom(const std::string& uid, const std::string& email) = 0;
  // The users the room is shared with, by email.
  virtual DirectoryResult<std::vector<GreenlightUser>> SharedWith(const std::string& uid) = 0;

  // The user's home room: v2 users.room_id; v3 the user's oldest room, which
  // v3 treats as the default. nullopt when there is none.
  virtual DirectoryResult<std::optional<GreenlightRoom>> HomeRoom(const std::string& email) = 0;
  // The home room, created (and in v2 set as home room) when missing.
  virtual DirectoryResult<GreenlightRoom> EnsureHomeRoom(const std::string& email) = 0;

  // Rooms whose column matches query; column must be one of RoomSearchColumns().
  virtual DirectoryResult<std::vector<GreenlightRoom>> RoomsBy(const std::string& column,
                                                               const std::string& query) = 0;
};

struct DirectoryOptions {
  // bcrypt cost of new password digests. Greenlight (bcrypt-ruby's default in
  // production) uses 12; only tests lower it to save time.
  int bcrypt_cost = 12;
};

// Connects to access.database (a postgresql:// URL or key=value string) and
// checks the schema for access.version (2 or 3). kSchema names every missing
// table and column.
DirectoryResult<std::unique_ptr<GreenlightDirectory>> OpenGreenlightDirectory(
    const GreenlightAccess& access, const DirectoryOptions& options = {});

// The Greenlight database of a server: its own `greenlight:` block, else the
// application default.
GreenlightAccess GreenlightAccessFor(const Server& server, const GreenlightAccess& app_default);

}  // namespace schedulight
