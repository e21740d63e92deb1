#pragma once
// Mapping between libpqxx values and the directory's structs, shared by the
// v2 and v3 implementations. Their room and user queries select the same
// column lists (see kRoomColumns in each), so one mapping serves both.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "greenlight/directory.h"

namespace schedulight {

// A statement parameter that is NULL when value is unset (libpqxx 6 has no
// std::optional support; a null const char* is sent as NULL).
inline const char* OrNull(const std::optional<std::string>& value) {
  return value ? value->c_str() : nullptr;
}

// The field as text; nullopt for NULL and, when empty_is_null, for ''.
std::optional<std::string> OptionalText(const pqxx::field& field, bool empty_is_null = false);

// The field as text, "" for NULL.
std::string Text(const pqxx::field& field);

// Columns: id, uid, name, meeting id, owner id, owner name, owner email,
// moderator_pw, attendee_pw, access code, moderator access code, last session (ms).
GreenlightRoom RoomFromRow(const pqxx::row& row);

// Columns: id, name, email, provider, uid, home room id.
GreenlightUser UserFromRow(const pqxx::row& row);

// Number of Unicode code points in UTF-8 text (Rails validates lengths in characters).
std::size_t CharacterCount(const std::string& text);

// Why text cannot be written to Greenlight as given, or nothing when it can.
// libpq ends a text parameter at NUL, so "Room\0X" would silently be stored as
// "Room"; a name (is_name) must hold no control character at all (Greenlight
// shows names in its pages and mails). what names the value ("a room name").
std::optional<std::string> UnstorableText(std::string_view what, std::string_view text,
                                          bool is_name);

// text with LIKE's metacharacters (\ % _) escaped, for "ILIKE '%' || $1 || '%'".
std::string EscapeLikePattern(const std::string& text);

}  // namespace schedulight
