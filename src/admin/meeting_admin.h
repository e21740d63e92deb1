#pragma once
// Administrative operations on stored meetings, shared by the CLI and the API:
// listing with the current status, the step history, enable/disable (status
// 900, SPEC 3) and delete. Also the JSON shapes both front ends print.

#include <chrono>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/store.h"

namespace schedulight {

struct MeetingOverview {
  StoredMeeting meeting;
  std::optional<StatusEntry> status;  // latest entry of the "status" step
  // Set when the stored document does not pass today's validation (written
  // by hand or by an older version): the first error, for a marker in
  // listings. Such a meeting is still listed, never breaks the listing.
  std::optional<std::string> problem;
};

enum class MeetingError { kNotFound, kStore };

struct MeetingFailure {
  MeetingError kind;
  std::string message;
};

std::expected<std::vector<MeetingOverview>, MeetingFailure> ListMeetingOverviews(Store& store);
std::expected<MeetingOverview, MeetingFailure> GetMeetingOverview(Store& store,
                                                                  const std::string& id);
std::expected<StatusHistory, MeetingFailure> GetMeetingStatus(Store& store, const std::string& id);

// How long an admin's change waits for a meeting pass that started before it.
struct PassWait {
  // One BBB request's timeout and a margin: the longest a pass can be in one call.
  std::chrono::milliseconds timeout{25000};
  std::chrono::milliseconds poll{20};
  Clock clock = SystemClock();  // compares with the claim's end
};

// Sets status 900 so the engine leaves the meeting alone, with a new
// revision, then waits until no pass that started before it is running
// (WaitForOlderPass). So once it returns, no BBB call for the meeting
// starts (until it is enabled again). Returns whether the status changed.
std::expected<bool, MeetingFailure> DisableMeeting(Store& store, const std::string& id, UtcTime now,
                                                   const PassWait& wait = {});
// Waits until the meeting is not held by a pass claimed before `revision`
// (the pass stops at its next check of the claim, and its claim ends), the
// meeting is gone, or that pass's claim ran out (its worker died). Returns
// false, with a warning logged, when the wait timed out.
bool WaitForOlderPass(Store& store, const std::string& id, std::int64_t revision,
                      const PassWait& wait = {});
// Lifts a 900 (back to 200 "enabled") and makes the meeting due now. Returns whether it changed.
std::expected<bool, MeetingFailure> EnableMeeting(Store& store, const std::string& id, UtcTime now);
std::expected<void, MeetingFailure> DeleteMeeting(Store& store, const std::string& id);

// {"id", "server", "meetingName", "startsAt", "nextDueAt", "status": {...},
//  "problem", "document"}; the document with its secrets redacted
// (RedactMeetingDocument), meetingName null when it is not a string.
// Never throws, whatever the stored document holds.
nlohmann::json MeetingOverviewJson(const MeetingOverview& overview);
// The meetingName of a document, "" when it has none or not a string.
std::string MeetingNameText(const nlohmann::json& document);
// The first validation error of a stored meeting, nullopt when it is valid.
std::optional<std::string> MeetingDocumentProblem(const StoredMeeting& meeting);
nlohmann::json StatusEntryJson(const StatusEntry& entry);
// {"<step>": [{"time", "code", "message", "attempts", "lastAt"}, ...], ...}
nlohmann::json StatusHistoryJson(const StatusHistory& history);

}  // namespace schedulight
