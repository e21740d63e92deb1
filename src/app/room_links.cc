#include "app/room_links.h"

#include <algorithm>

#include "bbb/bbb_client.h"
#include "core/server.h"

namespace schedulight {
namespace {

std::string AllowedColumns() {
  std::string list;
  for (const auto& column : RoomSearchColumns()) list += (list.empty() ? "" : ", ") + column;
  return list;
}

std::string RoomLinkOf(const Server& server, const std::string& uid) {
  if (!server.link_base || server.link_base->empty()) return "";
  std::string base = *server.link_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + uid;
}

std::string ModeratorLinkOf(const BbbClient& client, const GreenlightRoom& room, int version) {
  JoinRequest join{.meeting_id = room.meeting_id,
                   .full_name = room.owner_name.empty() ? "Moderator" : room.owner_name};
  if (version == 2) {
    join.password = room.moderator_pw;  // Greenlight 2 rooms carry their passwords
  } else {
    join.role = "MODERATOR";  // Greenlight 3 creates meetings without passwords
  }
  return client.JoinUrl(join);
}

}  // namespace

std::expected<std::vector<RoomLink>, RoomLinksError> FindRoomLinks(
    Store& store, const AppConfig& config, const RoomLinksQuery& query,
    const DirectoryOpenerFn& open_directory) {
  if (std::ranges::find(RoomSearchColumns(), query.column) == RoomSearchColumns().end()) {
    return std::unexpected(RoomLinksError{
        2, "cannot search rooms by '" + query.column + "'; allowed columns: " + AllowedColumns()});
  }
  std::optional<StoredServer> stored;
  auto read =
      store.Transact([&](StoreSession& session) { stored = session.FindServer(query.server_id); });
  if (!read) return std::unexpected(RoomLinksError{1, "store: " + read.error().message});
  if (!stored) {
    return std::unexpected(
        RoomLinksError{2, "server '" + query.server_id + "' is not in the store"});
  }
  FieldErrors errors;
  auto server = ValidateServer(stored->id, stored->document, "servers." + stored->id, errors);
  if (!server) {
    return std::unexpected(RoomLinksError{1, "stored server '" + stored->id + "' is invalid"});
  }
  GreenlightAccess access = GreenlightAccessFor(
      *server, {.version = config.greenlight.version, .database = config.greenlight.database});
  auto database = ResolveSecret(access.database);
  if (!database)
    return std::unexpected(RoomLinksError{1, "Greenlight database: " + database.error()});
  access.database = std::move(*database);
  const DirectoryOpenerFn open =
      open_directory ? open_directory : DirectoryOpenerFn([](const GreenlightAccess& greenlight) {
        return OpenGreenlightDirectory(greenlight);
      });
  auto directory = open(access);
  if (!directory) {
    return std::unexpected(RoomLinksError{1, "Greenlight: " + directory.error().message});
  }
  auto rooms = (*directory)->RoomsBy(query.column, query.query);
  if (!rooms) return std::unexpected(RoomLinksError{1, "Greenlight: " + rooms.error().message});

  auto secret = ResolveSecret(server->bbb_secret);
  if (!secret) return std::unexpected(RoomLinksError{1, "BBB_SECRET: " + secret.error()});
  auto algorithm = ParseChecksumAlgorithm(server->checksum_algorithm);
  if (!algorithm) return std::unexpected(RoomLinksError{1, "unknown checksumAlgorithm"});
  auto client = BbbClient::Create(
      {.bbb_url = server->bbb_url, .secret = std::move(*secret), .algorithm = *algorithm});
  if (!client) return std::unexpected(RoomLinksError{1, "BBB: " + client.error().message});

  std::vector<RoomLink> links;
  for (auto& room : *rooms) {
    RoomLink link{.room = room,
                  .room_link = RoomLinkOf(*server, room.uid),
                  .moderator_link = ModeratorLinkOf(*client, room, access.version)};
    links.push_back(std::move(link));
  }
  return links;
}

nlohmann::json RoomLinkJson(const RoomLink& link) {
  return {{"owner", {{"name", link.room.owner_name}, {"email", link.room.owner_email}}},
          {"name", link.room.name},
          {"uid", link.room.uid},
          {"meetingID", link.room.meeting_id},
          {"roomLink", link.room_link},
          {"moderatorLink", link.moderator_link}};
}

}  // namespace schedulight
