#pragma once
// The Greenlight side of a meeting pass: the owner and the room (created
// when missing, renamed to the meeting's name), sharing the room with users
// (created when missing), and the stand-in "room" of a server without
// Greenlight. Pure functions of the meeting and the directory: no store, no
// claim; the pass records the statuses they return.

#include <expected>
#include <optional>
#include <string>

#include "core/meeting.h"
#include "engine/step_status.h"
#include "greenlight/directory.h"

namespace schedulight {

// Finds the Greenlight user with this email or creates it (name: the given
// one, else the email's local part). Returns whether it was created.
std::expected<bool, std::string> EnsureGreenlightUser(GreenlightDirectory& greenlight,
                                                      const std::string& email,
                                                      const std::string& name,
                                                      const std::optional<std::string>& password);

// The meeting's room, ready to use: the owner exists, the room exists (the
// owner's home room, or the room with the meeting's uid, created when
// missing) and carries the meeting's name. A failure is the `status` the
// pass records: 404 (owner or home room) or 401 (room).
std::expected<GreenlightRoom, StepStatus> SetUpGreenlightRoom(GreenlightDirectory& greenlight,
                                                              const Meeting& meeting);

// The "room" of a meeting on a server without Greenlight: BBB's meeting id
// and passwords, stable across restarts without being stored (derived from
// the server's secret, which already grants everything they do).
GreenlightRoom BbbOnlyRoom(const Meeting& meeting, const std::string& secret);

// Shares the room with `email` (the user is created when missing); the
// status of the meeting's shareWith_<email> step.
StepStatus ShareRoom(GreenlightDirectory& greenlight, const Meeting& meeting,
                     const GreenlightRoom& room, const std::string& email);

}  // namespace schedulight
