#include "core/command.h"

#include <algorithm>

#include "core/document_id.h"
#include "core/object_reader.h"

namespace schedulight {
namespace {

// An element value that carries no fields may be written as null or {}.
bool IsEmptyValue(const nlohmann::json& value) {
  return value.is_null() || (value.is_object() && value.empty());
}

std::optional<CommandElement> ReadCreateUser(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!IsEmailAddress(key)) {
    errors.push_back({path, "'" + key + "' is not a mail address"});
    return std::nullopt;
  }
  ObjectReader reader(value, path, errors);
  CreateUser user{.email = key};
  user.full_name = reader.NonEmptyString("fullName", Presence::kRequired).value_or("");
  user.password = reader.String("pwd");
  user.role = reader.NonEmptyString("role").value_or("user");
  user.provider = reader.NonEmptyString("provider").value_or("ldap");
  return user;
}

std::optional<CommandElement> ReadDeleteUser(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!IsEmailAddress(key)) {
    errors.push_back({path, "'" + key + "' is not a mail address"});
    return std::nullopt;
  }
  if (!IsEmptyValue(value)) errors.push_back({path, "takes no fields: write '" + key + ": {}'"});
  return DeleteUser{key};
}

std::optional<CommandElement> ReadCreateRoom(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  ObjectReader reader(value, path, errors);
  CreateRoom room{.name = key};
  room.owner_email = reader.Email("email", Presence::kRequired).value_or("");
  room.room_uid = reader.NonEmptyString("roomUID");
  room.access_code = reader.String("accessCode");
  room.settings.mute_on_start = reader.Bool("muteOnStart");
  room.settings.require_moderator_approval = reader.Bool("requireModeratorApproval");
  room.settings.anyone_can_start = reader.Bool("anyoneCanStart");
  room.settings.join_moderator = reader.Bool("joinModerator");
  room.settings.recording = reader.Bool("recording");
  return room;
}

std::optional<CommandElement> ReadDeleteRoom(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!IsEmptyValue(value)) errors.push_back({path, "takes no fields: write '" + key + ": {}'"});
  return DeleteRoom{key};
}

std::optional<CommandElement> ReadRenameRoom(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  ObjectReader reader(value, path, errors);
  RenameRoom rename{.room_uid = key};
  rename.new_room_uid = reader.NonEmptyString("roomUID");
  rename.new_name = reader.NonEmptyString("name");
  if (reader.IsObject() && !rename.new_room_uid && !rename.new_name) {
    errors.push_back({path, "needs roomUID (the new uid) or name (the new room name)"});
  }
  return rename;
}

std::optional<CommandElement> ReadShareRoom(const std::string& key, const nlohmann::json& value,
                                            const std::string& path, bool share,
                                            FieldErrors& errors) {
  ShareRoom element{.room_uid = key, .share = share};
  if (!value.is_object() || value.empty()) {
    errors.push_back({path, "needs at least one mail address to share with"});
    return std::nullopt;
  }
  for (const auto& [email, name] : value.items()) {
    const std::string user_path = JoinPath(path, email);
    if (!IsEmailAddress(email)) {
      errors.push_back({user_path, "'" + email + "' is not a mail address"});
      continue;
    }
    Recipient user{.email = email};
    if (name.is_string()) {
      user.full_name = name.get<std::string>();
    } else if (name.is_object()) {
      ObjectReader reader(name, user_path, errors);
      user.full_name = reader.String("fullName");
      user.send_emails = reader.Bool("send_emails");
    } else if (!name.is_null()) {
      errors.push_back({user_path, "must be the user's name, {} or empty"});
      continue;
    }
    element.users.push_back(std::move(user));
  }
  return element;
}

}  // namespace

const std::vector<std::string>& CommandNames() {
  static const std::vector<std::string> kNames = {"rename_room", "share_room",  "unshare_room",
                                                  "delete_room", "create_room", "delete_user",
                                                  "create_user"};
  return kNames;
}

std::optional<Command> ValidateCommand(const std::string& id, const nlohmann::json& document,
                                       const std::string& path, FieldErrors& errors) {
  const std::size_t errors_before = errors.size();
  CheckDocumentId(id, path, errors);
  ObjectReader reader(document, path, errors);
  if (!reader.IsObject()) return std::nullopt;

  Command command;
  command.id = id;
  command.server_id = reader.NonEmptyString("server").value_or(kDefaultServerId);
  auto name = reader.NonEmptyString("command", Presence::kRequired);
  if (name && std::ranges::find(CommandNames(), *name) == CommandNames().end()) {
    std::string list;
    for (const auto& known : CommandNames()) list += (list.empty() ? "" : ", ") + known;
    reader.AddError("command", "'" + *name + "' is not a command; use one of: " + list);
    name.reset();
  }
  const nlohmann::json* data = reader.Object("data", Presence::kRequired);
  if (data != nullptr && data->empty()) reader.AddError("data", "is empty: nothing to do");
  if (name && data != nullptr) {
    command.name = *name;
    for (const auto& [key, value] : data->items()) {
      const std::string element_path = JoinPath(reader.PathOf("data"), key);
      std::optional<CommandElement> element;
      if (command.name == "create_user") element = ReadCreateUser(key, value, element_path, errors);
      if (command.name == "delete_user") element = ReadDeleteUser(key, value, element_path, errors);
      if (command.name == "create_room") element = ReadCreateRoom(key, value, element_path, errors);
      if (command.name == "delete_room") element = ReadDeleteRoom(key, value, element_path, errors);
      if (command.name == "rename_room") element = ReadRenameRoom(key, value, element_path, errors);
      if (command.name == "share_room" || command.name == "unshare_room") {
        element = ReadShareRoom(key, value, element_path, command.name == "share_room", errors);
      }
      if (element) {
        command.element_keys.push_back(key);
        command.elements.push_back(std::move(*element));
      }
    }
  }
  command.document = document;
  if (errors.size() != errors_before) return std::nullopt;
  return command;
}

}  // namespace schedulight
