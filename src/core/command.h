#pragma once
// One-shot administrative commands (SPEC 4.1) in the original's data shapes:
//   { command: share_room, server: bbb, data: { <room uid>: { <email>: <name> } } }
// Each key of `data` is one element; elements are executed and reported on
// separately, so one bad element never stops the others.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/field_error.h"
#include "core/meeting.h"

namespace schedulight {

struct CreateUser {
  std::string email;
  std::string full_name;
  std::optional<std::string> password;  // "pwd"; never logged
  std::string role = "user";
  std::string provider = "ldap";  // the original's default
};

struct DeleteUser {
  std::string email;
};

// Greenlight room settings; unset means "Greenlight's default".
struct RoomSettings {
  std::optional<bool> mute_on_start;
  std::optional<bool> require_moderator_approval;
  std::optional<bool> anyone_can_start;
  std::optional<bool> join_moderator;
  std::optional<bool> recording;
};

struct CreateRoom {
  std::string name;
  std::string owner_email;
  std::optional<std::string> room_uid;
  std::optional<std::string> access_code;
  RoomSettings settings;
};

struct DeleteRoom {
  std::string room_uid;
};

struct RenameRoom {
  std::string room_uid;
  std::optional<std::string> new_room_uid;  // roomUID
  std::optional<std::string> new_name;      // name
};

struct ShareRoom {
  std::string room_uid;
  std::vector<Recipient> users;
  bool share = true;  // false: unshare_room
};

using CommandElement =
    std::variant<CreateUser, DeleteUser, CreateRoom, DeleteRoom, RenameRoom, ShareRoom>;

struct Command {
  std::string id;
  std::string name;  // the `command` field: create_user, share_room, ...
  std::string server_id = kDefaultServerId;
  std::vector<std::string> element_keys;  // keys of `data`, parallel to elements
  std::vector<CommandElement> elements;
  nlohmann::json document;
};

// The seven command names, in the order the original documents them.
const std::vector<std::string>& CommandNames();

std::optional<Command> ValidateCommand(const std::string& id, const nlohmann::json& document,
                                       const std::string& path, FieldErrors& errors);

}  // namespace schedulight
