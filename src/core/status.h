#pragma once
// The status model kept from the original (SPEC 3). Each meeting has a history
// per step path ("status", "preOpen", "shareWith_<email>", ...); an entry is
// appended only when the code of that step changes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/start_date.h"

namespace schedulight {

namespace status_code {
inline constexpr int kNew = 200;
inline constexpr int kWaitingForStart = 201;
inline constexpr int kStartedNobodyJoined = 210;
inline constexpr int kDone = 220;
inline constexpr int kMailQueued = 250;
// A mail step left out by policy: send_emails resolves to false for that
// recipient. Not a failure and not final: the mail goes once sending is on.
inline constexpr int kMailSkipped = 260;
inline constexpr int kFailedWillRetry = 400;
inline constexpr int kRoomNotCreated = 401;
inline constexpr int kOwnerOrRoomMissing = 404;
inline constexpr int kCouldNotClose = 420;
inline constexpr int kMailNotQueued = 440;
inline constexpr int kMailNotQueuedPermanently = 550;
inline constexpr int kDisabled = 900;
}  // namespace status_code

// The step that carries the meeting's overall status; 900 there disables the meeting.
inline constexpr const char* kMainStep = "status";

struct StatusEntry {
  UtcTime time;  // when the step first reached this code
  int code = 0;
  std::string message;  // from the first time
  // How often in a row the step reached this code: a retry that failed the
  // same way again, a poll that found the same. A new entry is appended only
  // when the code changes; a repeat counts here and moves last_at.
  int attempts = 1;
  std::optional<UtcTime> last_at;  // the latest repeat; none: never repeated

  UtcTime LastAt() const { return last_at.value_or(time); }

  // The original's "time|code|message" form.
  std::string ToString() const {
    return FormatUtc(time) + "|" + std::to_string(code) + "|" + message;
  }
};

// Step path -> entries, oldest first.
using StatusHistory = std::map<std::string, std::vector<StatusEntry>>;

}  // namespace schedulight
