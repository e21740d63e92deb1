#include "admin/room_links.h"

#include <algorithm>
#include <set>

#include "core/meeting.h"
#include "core/object_reader.h"
#include "engine/bbb_server_client.h"
#include "engine/routed_mail.h"

namespace schedulight {
namespace {

std::string AllowedColumns() {
  std::string list;
  for (const auto& column : RoomSearchColumns()) list += (list.empty() ? "" : ", ") + column;
  return list;
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

RoomLinksError Failure(std::string message) { return {1, std::move(message)}; }

// The stored server, validated; an unknown id is bad usage.
std::expected<Server, RoomLinksError> StoredServerOf(Store& store, const std::string& server_id) {
  std::optional<StoredServer> stored;
  auto read =
      store.Transact([&](StoreSession& session) { stored = session.FindServer(server_id); });
  if (!read) return std::unexpected(Failure("store: " + read.error().message));
  if (!stored) {
    return std::unexpected(RoomLinksError{2, "server '" + server_id + "' is not in the store"});
  }
  FieldErrors errors;
  auto server = ValidateServer(stored->id, stored->document, "servers." + stored->id, errors);
  if (!server) return std::unexpected(Failure("stored server '" + stored->id + "' is invalid"));
  return *server;
}

struct OpenedDirectory {
  std::unique_ptr<GreenlightDirectory> directory;
  int version = 0;
};

std::expected<OpenedDirectory, RoomLinksError> OpenDirectory(
    const Server& server, const AppConfig& config, const DirectoryOpenerFn& open_directory) {
  GreenlightAccess access = GreenlightAccessFor(
      server, {.version = config.greenlight.version, .database = config.greenlight.database});
  auto database = ResolveSecret(access.database);
  if (!database) return std::unexpected(Failure("Greenlight database: " + database.error()));
  access.database = std::move(*database);
  const DirectoryOpenerFn open =
      open_directory ? open_directory : DirectoryOpenerFn([](const GreenlightAccess& greenlight) {
        return OpenGreenlightDirectory(greenlight);
      });
  auto directory = open(access);
  if (!directory) return std::unexpected(Failure("Greenlight: " + directory.error().message));
  return OpenedDirectory{std::move(*directory), access.version};
}

// The Greenlight room a meeting uses, read-only: nullopt when it has none yet
// (also when its owner does not exist yet).
DirectoryResult<std::optional<GreenlightRoom>> MeetingRoom(const Meeting& meeting,
                                                           GreenlightDirectory& directory) {
  auto room = meeting.use_home_room ? directory.HomeRoom(meeting.owner.email)
              : meeting.meeting_uid ? directory.FindRoom(*meeting.meeting_uid)
                                    : std::optional<GreenlightRoom>();
  if (!room && room.error().kind == DirectoryError::Kind::kNotFound) {
    return std::optional<GreenlightRoom>();
  }
  return room;
}

// The rooms of the server's meetings in the store, in meeting id order, each once.
std::expected<std::vector<GreenlightRoom>, RoomLinksError> MeetingRooms(
    Store& store, const AppConfig& config, const std::string& server_id,
    GreenlightDirectory& directory) {
  std::vector<StoredMeeting> stored;
  auto read = store.Transact([&](StoreSession& session) { stored = session.ListMeetings(); });
  if (!read) return std::unexpected(Failure("store: " + read.error().message));
  std::ranges::sort(stored, {}, &StoredMeeting::id);
  std::vector<GreenlightRoom> rooms;
  std::set<std::string> listed;
  for (const auto& entry : stored) {
    FieldErrors errors;
    auto meeting = ValidateMeeting(entry.id, entry.document, "meetings." + entry.id,
                                   MeetingDefaults{config.timezone}, errors);
    if (!meeting || meeting->server_id != server_id) continue;
    auto room = MeetingRoom(*meeting, directory);
    if (!room) return std::unexpected(Failure("Greenlight: " + room.error().message));
    if (*room && listed.insert((*room)->uid).second) rooms.push_back(std::move(**room));
  }
  return rooms;
}

bool ListsMeetingRooms(const RoomLinksQuery& query) {
  return query.column == "name" && query.query == kMeetingRoomsQuery;
}

RoomLinkFacts RoomLinkFactsOf(const RoomLink& link) {
  const GreenlightRoom& room = link.room;
  std::string owner =
      room.owner_name.empty() ? room.owner_email : room.owner_name + " (" + room.owner_email + ")";
  return {.name = room.name,
          .uid = room.uid,
          .owner = std::move(owner),
          .link = link.room_link,
          .moderator_link = link.moderator_link};
}

}  // namespace

std::string RoomLinkOf(const Server& server, const std::string& uid) {
  if (!server.link_base || server.link_base->empty()) return "";
  std::string base = *server.link_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + uid;
}

std::expected<std::vector<RoomLink>, RoomLinksError> FindRoomLinks(
    Store& store, const AppConfig& config, const RoomLinksQuery& query,
    const DirectoryOpenerFn& open_directory) {
  if (std::ranges::find(RoomSearchColumns(), query.column) == RoomSearchColumns().end()) {
    return std::unexpected(RoomLinksError{
        2, "cannot search rooms by '" + query.column + "'; allowed columns: " + AllowedColumns()});
  }
  auto server = StoredServerOf(store, query.server_id);
  if (!server) return std::unexpected(server.error());
  auto opened = OpenDirectory(*server, config, open_directory);
  if (!opened) return std::unexpected(opened.error());
  GreenlightDirectory& directory = *opened->directory;
  std::vector<GreenlightRoom> rooms;
  if (ListsMeetingRooms(query)) {
    auto found = MeetingRooms(store, config, server->id, directory);
    if (!found) return std::unexpected(found.error());
    rooms = std::move(*found);
  } else {
    auto found = directory.RoomsBy(query.column, query.query);
    if (!found) return std::unexpected(Failure("Greenlight: " + found.error().message));
    rooms = std::move(*found);
  }

  auto client = MakeBbbClient(*server);
  if (!client) return std::unexpected(Failure(client.error()));
  std::vector<RoomLink> links;
  for (auto& room : rooms) {
    RoomLink link{.room = room,
                  .room_link = RoomLinkOf(*server, room.uid),
                  .moderator_link = ModeratorLinkOf(*client, room, opened->version)};
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

std::expected<QueuedRoomLinksMail, RoomLinksError> QueueRoomLinksMail(
    Store& store, const AppConfig& config, const TemplateSet& templates,
    const RoomLinksQuery& query, const std::vector<RoomLink>& links, const std::string& address,
    UtcTime now) {
  if (!IsEmailAddress(address)) {
    return std::unexpected(RoomLinksError{2, "--email: '" + address + "' is not a mail address"});
  }
  auto server = StoredServerOf(store, query.server_id);
  if (!server) return std::unexpected(server.error());
  const MailPerson recipient{address, ""};
  // Asked for by name: the mail goes whatever send_emails says.
  const MailRouteInput route{.recipient = recipient,
                             .recipient_level = {.send_emails = true},
                             .meeting = {},
                             .server = ReadMailOverrides(server->document),
                             .app = {},
                             .owner = std::nullopt};
  MailRequest request;
  request.kind = "roomLinks";
  request.server_id = server->id;
  TemplateModelInput& model = request.model;
  model.language = config.language;
  model.recipient = recipient;
  model.server_id = server->id;
  model.link_base = server->link_base.value_or("");
  model.query = query.query;
  for (const auto& link : links) model.rooms.push_back(RoomLinkFactsOf(link));

  auto mail = ComposeRoutedMail(templates, route, std::move(request), now);
  if (!mail) {
    return std::unexpected(Failure(
        mail.error().permanent
            ? "roomLinks mail: " + mail.error().reason
            : "server '" + server->id + "' has no mailFrom: the roomLinks mail needs a sender"));
  }
  if (!*mail) return std::unexpected(Failure("roomLinks mail: sending is off"));  // forced on above
  StoredMail& composed = **mail;
  QueuedRoomLinksMail queued{.from = composed.message.value("from", ""), .to = composed.recipient};
  auto added =
      store.Transact([&](StoreSession& session) { queued.mail_id = session.AddMail(composed); });
  if (!added) return std::unexpected(Failure("store: " + added.error().message));
  return queued;
}

}  // namespace schedulight
