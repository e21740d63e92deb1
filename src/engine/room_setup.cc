#include "engine/room_setup.h"

#include <spdlog/spdlog.h>

#include "bbb/checksum.h"
#include "core/meeting_planner.h"
#include "core/status.h"

namespace schedulight {
namespace {

using namespace status_code;

StepStatus RoomFailure(int code, std::string message) {
  return {.step = step::kStatus, .code = code, .message = std::move(message)};
}

}  // namespace

std::expected<bool, std::string> EnsureGreenlightUser(GreenlightDirectory& greenlight,
                                                      const std::string& email,
                                                      const std::string& name,
                                                      const std::optional<std::string>& password) {
  auto found = greenlight.FindUser(email);
  if (!found) return std::unexpected(found.error().message);
  if (*found) return false;
  NewUser user{.email = email,
               .name = name.empty() ? email.substr(0, email.find('@')) : name,
               .password = password};
  auto created = greenlight.CreateUser(user);
  if (!created) return std::unexpected(created.error().message);
  return true;
}

std::expected<GreenlightRoom, StepStatus> SetUpGreenlightRoom(GreenlightDirectory& greenlight,
                                                              const Meeting& meeting) {
  const Owner& owner = meeting.owner;
  auto user = EnsureGreenlightUser(greenlight, owner.email, owner.full_name, owner.password);
  if (!user) {
    return std::unexpected(
        RoomFailure(kOwnerOrRoomMissing, "owner not found and creation failed: " + user.error()));
  }
  if (*user) spdlog::info("meeting {}: created Greenlight user {}", meeting.id, owner.email);
  GreenlightRoom room;
  if (meeting.use_home_room) {
    auto home = greenlight.EnsureHomeRoom(owner.email);
    if (!home) {
      return std::unexpected(
          RoomFailure(kOwnerOrRoomMissing, "home room could not be used: " + home.error().message));
    }
    room = *home;
  } else {
    auto found = greenlight.FindRoom(*meeting.meeting_uid);
    if (!found) return std::unexpected(RoomFailure(kRoomNotCreated, found.error().message));
    if (*found) {
      room = **found;
      if (room.owner_email != owner.email) {
        return std::unexpected(
            RoomFailure(kRoomNotCreated, "room '" + room.uid + "' belongs to " + room.owner_email +
                                             ", not to the meeting's owner " + owner.email));
      }
    } else {
      NewRoom wanted{.owner_email = owner.email, .name = meeting.name, .uid = meeting.meeting_uid};
      if (meeting.document.contains("accessCode")) {
        const auto& code = meeting.document["accessCode"];
        wanted.access_code = code.is_string() ? code.get<std::string>() : code.dump();
      }
      auto created = greenlight.CreateRoom(wanted);
      if (!created) {
        return std::unexpected(
            RoomFailure(kRoomNotCreated, "room could not be created: " + created.error().message));
      }
      room = *created;
    }
  }
  if (room.name != meeting.name) {
    auto renamed = greenlight.RenameRoom(room.uid, std::nullopt, meeting.name);
    if (renamed) room = *renamed;
  }
  return room;
}

GreenlightRoom BbbOnlyRoom(const Meeting& meeting, const std::string& secret) {
  GreenlightRoom room;
  room.uid = meeting.meeting_uid.value_or(meeting.id);
  room.name = meeting.name;
  room.meeting_id = meeting.meeting_id.value_or("schedulight-" + meeting.id);
  room.owner_email = meeting.owner.email;
  room.owner_name = meeting.owner.full_name;
  auto derived = [&](const char* role) {
    return HexDigest(ChecksumAlgorithm::kSha256, secret + "/" + role + "/" + room.meeting_id)
        .substr(0, 20);
  };
  room.moderator_pw = derived("moderator");
  room.attendee_pw = derived("attendee");
  return room;
}

StepStatus ShareRoom(GreenlightDirectory& greenlight, const Meeting& meeting,
                     const GreenlightRoom& room, const std::string& email) {
  const std::string step_path = step::ShareWith(email);
  const Recipient* user = FindRecipient(meeting.share_with, email);
  auto ensured = EnsureGreenlightUser(
      greenlight, email, user && user->full_name ? *user->full_name : "", std::nullopt);
  if (!ensured) {
    return {step_path, kOwnerOrRoomMissing,
            "user not found and creation failed: " + ensured.error()};
  }
  if (*ensured) spdlog::info("meeting {}: created Greenlight user {}", meeting.id, email);
  auto shared = greenlight.ShareRoom(room.uid, email);
  if (!shared) {
    return {step_path, kFailedWillRetry, "could not share the room: " + shared.error().message};
  }
  return {step_path, kDone, *shared ? "room shared" : "room was shared already"};
}

}  // namespace schedulight
