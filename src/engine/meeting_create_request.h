#pragma once
// The BBB `create` call of a scheduled meeting (SPEC 4.2 step 3): the room's
// meetingID (and, for Greenlight 2, its passwords, so Greenlight's own join
// links keep working), the meeting's name and create parameters with
// __startDate__ replaced, any free `createParams`, and the meta parameters
// Greenlight itself sends so its UI stays right (FACTS 1.4 / 2.4).

#include <optional>
#include <string>

#include "bbb/bbb_client.h"
#include "core/meeting.h"
#include "greenlight/directory.h"

namespace date {
class time_zone;
}

namespace schedulight {

// The start date as __startDate__ shows it: "2026-12-01 10:00" in the
// meeting's zone, as the original (which inserted the startDate text).
std::string StartDateText(const Meeting& meeting);

// greenlight_version: 2 or 3, or 0 for a server without Greenlight (then the
// room's passwords are sent, as for 2, and no Greenlight meta parameters).
// link_base: the server's Greenlight room URL prefix, if configured.
CreateMeetingRequest BuildCreateRequest(const Meeting& meeting, const GreenlightRoom& room,
                                        int greenlight_version,
                                        const std::optional<std::string>& link_base);

}  // namespace schedulight
