#include "core/command.h"

#include <algorithm>

#include "core/document_id.h"
#include "core/object_reader.h"
#include "core/text_scan.h"

namespace schedulight {
namespace {

// A room uid as a data key (delete_room, rename_room, share_room, unshare_room).
bool CheckRoomUidKey(const std::string& key, const std::string& path, FieldErrors& errors) {
  TextRule rule = kCodeRule;
  rule.min_length = 1;
  return CheckText(key, rule, path, errors);
}

bool CheckEmailKey(const std::string& key, const std::string& path, FieldErrors& errors) {
  if (IsEmailAddress(key)) return true;
  errors.push_back({path, QuoteForMessage(key) + " is not a mail address"});
  return false;
}

TextRule NonEmpty(TextRule rule) {
  rule.min_length = 1;
  return rule;
}

// An element value that carries no fields may be written as null or {}.
bool IsEmptyValue(const nlohmann::json& value) {
  return value.is_null() || (value.is_object() && value.empty());
}

std::optional<CommandElement> ReadCreateUser(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!CheckEmailKey(key, path, errors)) return std::nullopt;
  ObjectReader reader(value, path, errors);
  CreateUser user{.email = key};
  user.full_name = reader.Text("fullName", kNameRule, Presence::kRequired).value_or("");
  user.password = reader.Text("pwd", kSecretRule);
  user.role = reader.Text("role", NonEmpty(kWordRule)).value_or("user");
  user.provider = reader.Text("provider", NonEmpty(kWordRule)).value_or("ldap");
  return user;
}

std::optional<CommandElement> ReadDeleteUser(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!CheckEmailKey(key, path, errors)) return std::nullopt;
  if (!IsEmptyValue(value)) errors.push_back({path, "takes no fields: write '" + key + ": {}'"});
  return DeleteUser{key};
}

std::optional<CommandElement> ReadCreateRoom(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  // The key is the room's name.
  if (!CheckText(key, kNameRule, path, errors)) return std::nullopt;
  ObjectReader reader(value, path, errors);
  CreateRoom room{.name = key};
  room.owner_email = reader.Email("email", Presence::kRequired).value_or("");
  room.room_uid = reader.Text("roomUID", NonEmpty(kCodeRule));
  room.access_code = reader.Text("accessCode", kCodeRule);
  room.settings.mute_on_start = reader.Bool("muteOnStart");
  room.settings.require_moderator_approval = reader.Bool("requireModeratorApproval");
  room.settings.anyone_can_start = reader.Bool("anyoneCanStart");
  room.settings.join_moderator = reader.Bool("joinModerator");
  room.settings.recording = reader.Bool("recording");
  return room;
}

std::optional<CommandElement> ReadDeleteRoom(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!CheckRoomUidKey(key, path, errors)) return std::nullopt;
  if (!IsEmptyValue(value)) errors.push_back({path, "takes no fields: write '" + key + ": {}'"});
  return DeleteRoom{key};
}

std::optional<CommandElement> ReadRenameRoom(const std::string& key, const nlohmann::json& value,
                                             const std::string& path, FieldErrors& errors) {
  if (!CheckRoomUidKey(key, path, errors)) return std::nullopt;
  ObjectReader reader(value, path, errors);
  RenameRoom rename{.room_uid = key};
  rename.new_room_uid = reader.Text("roomUID", NonEmpty(kCodeRule));
  rename.new_name = reader.Text("name", kNameRule);
  if (reader.IsObject() && !reader.Has("roomUID") && !reader.Has("name")) {
    errors.push_back({path, "needs roomUID (the new uid) or name (the new room name)"});
  }
  return rename;
}

std::optional<CommandElement> ReadShareRoom(const std::string& key, const nlohmann::json& value,
                                            const std::string& path, bool share,
                                            FieldErrors& errors) {
  if (!CheckRoomUidKey(key, path, errors)) return std::nullopt;
  ShareRoom element{.room_uid = key, .share = share};
  if (!value.is_object() || value.empty()) {
    errors.push_back({path, "needs at least one mail address to share with"});
    return std::nullopt;
  }
  for (const auto& [email, name] : value.items()) {
    const std::string user_path = JoinPath(path, email);
    if (!CheckEmailKey(email, user_path, errors)) continue;
    Recipient user{.email = email};
    if (name.is_string()) {
      user.full_name = CheckTextValue(name, kNameRule, user_path, errors);
    } else if (name.is_object()) {
      ObjectReader reader(name, user_path, errors);
      user.full_name = reader.Text("fullName", kNameRule);
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
  command.server_id = reader.Text("server", kIdRule).value_or(kDefaultServerId);
  auto name = reader.Text("command", NonEmpty(kWordRule), Presence::kRequired);
  if (name && std::ranges::find(CommandNames(), *name) == CommandNames().end()) {
    std::string list;
    for (const auto& known : CommandNames()) list += (list.empty() ? "" : ", ") + known;
    reader.AddError("command", QuoteForMessage(*name) + " is not a command; use one of: " + list);
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
