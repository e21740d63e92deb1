#pragma once
// Editing a meeting's status history by step (SPEC 3), as the original API
// allowed: set a step's code (900 on "status" disables the meeting; deleting
// a step's history makes the engine redo that step), read one step, clear
// one step or all. Every change makes the meeting due now, so the scheduler
// re-plans it at once.

#include <expected>
#include <string>
#include <vector>

#include "admin/server_admin.h"
#include "store/store.h"

namespace schedulight {

// Step paths are ids joined by "_" (shareWith_a@example.org): letters, digits
// and _ . @ + -, 1 to 300 characters.
bool IsValidStepPath(const std::string& step);

// The history of one step, oldest first; kNotFound when the meeting or the
// step has none.
std::expected<std::vector<StatusEntry>, AdminFailure> GetMeetingStep(Store& store,
                                                                     const std::string& id,
                                                                     const std::string& step);

// Appends {now, code, message} to the step unless its latest code is already
// code. Returns whether it appended.
std::expected<bool, AdminFailure> SetMeetingStep(Store& store, const std::string& id,
                                                 const std::string& step, int code,
                                                 const std::string& message, UtcTime now);

// Deletes one step's history (all steps when step is empty). Returns how many
// entries went; kNotFound when the meeting does not exist or nothing was there.
std::expected<int, AdminFailure> ClearMeetingSteps(Store& store, const std::string& id,
                                                   const std::string& step, UtcTime now);

}  // namespace schedulight
