#pragma once
// `schedulight rooms links`: Greenlight rooms found by one of the allowed
// columns, each with its owner, its Greenlight link (link_base/uid) and a
// direct moderator join URL on BBB (SPEC 2, the original's slCli.py -l -b).

#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "greenlight/directory.h"
#include "store/store.h"

namespace schedulight {

struct RoomLink {
  GreenlightRoom room;
  std::string room_link;       // link_base + "/" + uid; "" when the server has no link_base
  std::string moderator_link;  // signed BBB join URL that makes its user a moderator
};

struct RoomLinksQuery {
  std::string server_id;
  std::string column = "name";  // one of RoomSearchColumns()
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

}  // namespace schedulight
