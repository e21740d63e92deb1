#pragma once
// `schedulight rooms links`: Greenlight rooms found by one of the allowed
// columns, or the rooms of the scheduled meetings (QUERY=meetings), each with
// its owner, its Greenlight link (link_base/uid) and a direct moderator join
// URL on BBB; the report can be queued as a roomLinks mail (SPEC 2, the
// original's slCli.py -l -b -e).

#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/app_config.h"
#include "core/server.h"
#include "greenlight/directory.h"
#include "mail/template_set.h"
#include "store/store.h"

namespace schedulight {

struct RoomLink {
  GreenlightRoom room;
  std::string room_link;       // link_base + "/" + uid; "" when the server has no link_base
  std::string moderator_link;  // signed BBB join URL that makes its user a moderator
};

// The query that lists the rooms of the scheduled meetings instead of a search.
inline constexpr const char* kMeetingRoomsQuery = "meetings";

struct RoomLinksQuery {
  std::string server_id;
  std::string column = "name";  // one of RoomSearchColumns()
  // What to look for. Exactly "meetings" with column "name": the rooms of
  // every meeting of the server in the store (its meetingUID room, or the
  // owner's home room for useHomeRoom), looked up without creating anything;
  // meetings whose room does not exist yet are left out, a room used by
  // several meetings is listed once.
  std::string query;
};

struct RoomLinksError {
  int exit_code = 1;  // 2: bad usage (unknown column, unknown server); 1: failed
  std::string message;
};

using DirectoryOpenerFn = std::function<DirectoryResult<std::unique_ptr<GreenlightDirectory>>(
    const GreenlightAccess& access)>;

// Finds the rooms and builds their links. open_directory defaults to
// OpenGreenlightDirectory. The moderator link joins as the room's owner
// (name), with the room's moderator password (v2) or role MODERATOR (v3), and
// without createTime so it keeps working for later sessions.
std::expected<std::vector<RoomLink>, RoomLinksError> FindRoomLinks(
    Store& store, const AppConfig& config, const RoomLinksQuery& query,
    const DirectoryOpenerFn& open_directory = {});

// {"owner": {"name", "email"}, "name", "uid", "meetingID", "roomLink", "moderatorLink"}
nlohmann::json RoomLinkJson(const RoomLink& link);

// The Greenlight link of room uid on server: link_base (without trailing
// slashes) + "/" + uid; "" when the server has no link_base.
std::string RoomLinkOf(const Server& server, const std::string& uid);

struct QueuedRoomLinksMail {
  std::int64_t mail_id = 0;  // in the store's mail queue
  std::string from;
  std::string to;  // the envelope recipient (the server's mailTo when it redirects)
};

// Queues the report (query and links, as FindRoomLinks returned them) as a
// roomLinks mail to address, rendered with templates in the app config's
// language. An explicit request: it goes whatever send_emails says. The
// sender is the server's mailFrom / mailFromName; a server without mailFrom
// is an error (exit code 1), as is an address that is not one (exit code 2).
std::expected<QueuedRoomLinksMail, RoomLinksError> QueueRoomLinksMail(
    Store& store, const AppConfig& config, const TemplateSet& templates,
    const RoomLinksQuery& query, const std::vector<RoomLink>& links, const std::string& address,
    UtcTime now);

}  // namespace schedulight
