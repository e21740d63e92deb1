#include "mail/template_model.h"

#include <date/tz.h>
#include <fmt/format.h>

namespace schedulight {
namespace {

nlohmann::json PersonJson(const MailPerson& person) {
  return {{"email", person.email}, {"name", person.name.empty() ? person.email : person.name}};
}

// "+01:00" for an offset of one hour east of UTC.
std::string OffsetText(std::chrono::seconds offset) {
  const char sign = offset.count() < 0 ? '-' : '+';
  const auto minutes = std::abs(offset.count()) / 60;
  return fmt::format("{}{:02}:{:02}", sign, minutes / 60, minutes % 60);
}

nlohmann::json MeetingJson(const MeetingMailFacts& meeting) {
  nlohmann::json json = {{"id", meeting.id},
                         {"name", meeting.name},
                         {"description", meeting.description},
                         {"hasStartDate", meeting.starts_at.has_value()}};
  if (meeting.duration_minutes) json["durationMinutes"] = *meeting.duration_minutes;
  if (!meeting.starts_at) return json;
  const date::time_zone* zone = meeting.zone ? meeting.zone : date::locate_zone("UTC");
  const auto zoned = date::make_zoned(zone, *meeting.starts_at);
  const auto info = zoned.get_info();
  const auto local = zoned.get_local_time();
  json["startDate"] = FormatLocal(*meeting.starts_at, zone);
  json["startDay"] = date::format("%Y-%m-%d", local);
  json["startTime"] = date::format("%H:%M", local);
  json["startUtc"] = FormatUtc(*meeting.starts_at);
  json["timezone"] = zone->name();
  json["zone"] = info.abbrev;
  json["utcOffset"] = "UTC" + OffsetText(info.offset);
  return json;
}

}  // namespace

nlohmann::json BuildTemplateModel(const TemplateModelInput& input) {
  nlohmann::json model = {
      {"language", input.language},
      {"recipient", PersonJson(input.recipient)},
      {"sender", PersonJson(input.sender)},
      {"owner", PersonJson(input.owner)},
      {"links", {{"room", input.room_link}, {"moderator", input.moderator_link}}},
      {"server", {{"id", input.server_id}, {"linkBase", input.link_base}}},
      {"query", input.query},
  };
  if (input.meeting) model["meeting"] = MeetingJson(*input.meeting);
  if (input.room) {
    model["room"] = {
        {"name", input.room->name}, {"uid", input.room->uid}, {"link", input.room->link}};
  }
  nlohmann::json rooms = nlohmann::json::array();
  for (const auto& room : input.rooms) {
    rooms.push_back({{"name", room.name},
                     {"uid", room.uid},
                     {"owner", room.owner},
                     {"link", room.link},
                     {"moderatorLink", room.moderator_link}});
  }
  model["rooms"] = std::move(rooms);
  return model;
}

}  // namespace schedulight
