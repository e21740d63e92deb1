#pragma once
// The variables a mail template sees (docs/mail.md lists them for template
// authors). Built from typed facts so every template gets the same names:
//
//   recipient.{name,email}  sender.{name,email}  owner.{name,email}
//   meeting.{id,name,description,hasStartDate,startDate,startDay,startTime,
//            startUtc,timezone,zone,utcOffset,durationMinutes}
//   room.{name,uid,link}  links.{room,moderator}  server.{id,linkBase}
//   language  query  rooms[].{name,uid,owner,link,moderatorLink}
//
// Dates are shown in the meeting's own zone with the offset that zone has
// on that day ("2026-07-01 10:00 CEST (UTC+02:00)"), never a fixed one.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/start_date.h"

namespace schedulight {

struct MailPerson {
  std::string email;
  std::string name;  // may be empty: templates then see the address
};

struct MeetingMailFacts {
  std::string id;
  std::string name;
  std::string description;
  std::optional<UtcTime> starts_at;
  const date::time_zone* zone = nullptr;  // display zone; UTC when null
  std::optional<std::int64_t> duration_minutes;
};

struct RoomMailFacts {
  std::string name;
  std::string uid;
  std::string link;
};

// One row of the roomLinks report.
struct RoomLinkFacts {
  std::string name;
  std::string uid;
  std::string owner;
  std::string link;
  std::string moderator_link;
};

struct TemplateModelInput {
  std::string language = "en";
  MailPerson recipient;
  MailPerson sender;
  MailPerson owner;
  std::optional<MeetingMailFacts> meeting;
  std::optional<RoomMailFacts> room;
  std::string room_link;       // links.room: the Greenlight room (or join) link
  std::string moderator_link;  // links.moderator: a direct moderator join URL
  std::string server_id;
  std::string link_base;
  std::string query;                 // roomLinks: what was searched
  std::vector<RoomLinkFacts> rooms;  // roomLinks: what was found
};

nlohmann::json BuildTemplateModel(const TemplateModelInput& input);

}  // namespace schedulight
