#include "greenlight/pg_rows.h"

#include <pqxx/pqxx>

#include "core/text_scan.h"

namespace schedulight {

std::optional<std::string> OptionalText(const pqxx::field& field, bool empty_is_null) {
  if (field.is_null()) return std::nullopt;
  std::string text = field.as<std::string>();
  if (empty_is_null && text.empty()) return std::nullopt;
  return text;
}

std::string Text(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

GreenlightRoom RoomFromRow(const pqxx::row& row) {
  GreenlightRoom room;
  room.id = Text(row[0]);
  room.uid = Text(row[1]);
  room.name = Text(row[2]);
  room.meeting_id = Text(row[3]);
  room.owner_id = Text(row[4]);
  room.owner_name = Text(row[5]);
  room.owner_email = Text(row[6]);
  room.moderator_pw = OptionalText(row[7]);
  room.attendee_pw = OptionalText(row[8]);
  room.access_code = OptionalText(row[9], true);
  room.moderator_access_code = OptionalText(row[10], true);
  if (!row[11].is_null()) room.last_session_ms = row[11].as<std::int64_t>();
  return room;
}

GreenlightUser UserFromRow(const pqxx::row& row) {
  GreenlightUser user;
  user.id = Text(row[0]);
  user.name = Text(row[1]);
  user.email = Text(row[2]);
  user.provider = Text(row[3]);
  user.uid = OptionalText(row[4]);
  user.home_room_id = OptionalText(row[5]);
  return user;
}

std::size_t CharacterCount(const std::string& text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::optional<std::string> UnstorableText(std::string_view what, std::string_view text,
                                          bool is_name) {
  if (text.find('\0') != std::string_view::npos) {
    return std::string(what) + " must not contain a NUL character";
  }
  if (auto control = FindControlCharacter(text, false); control && is_name) {
    return std::string(what) + " must not contain the control character " + CodePointName(*control);
  }
  return std::nullopt;
}

std::string EscapeLikePattern(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return escaped;
}

}  // namespace schedulight
