#include "admin/status_admin.h"

#include <algorithm>

#include "admin/meeting_admin.h"

namespace schedulight {
namespace {

AdminFailure StoreFailure(const StoreError& error) {
  return {AdminFailure::Kind::kStore, "store: " + error.message, {}};
}

AdminFailure NotFound(std::string message) {
  return {AdminFailure::Kind::kNotFound, std::move(message), {}};
}

std::string NoMeeting(const std::string& id) { return "no meeting '" + id + "' in the store"; }

bool IsStepCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '@' || c == '+' || c == '-';
}

// An admin's edit: a new revision (a pass in flight stops without writing)
// and due now, so the engine plans the meeting again at once.
void MakeDueNow(StoreSession& session, const std::string& id, UtcTime now) {
  session.TouchMeeting(id, now);
}

}  // namespace

bool IsValidStepPath(const std::string& step) {
  return !step.empty() && step.size() <= 300 && std::ranges::all_of(step, IsStepCharacter);
}

std::expected<std::vector<StatusEntry>, AdminFailure> GetMeetingStep(Store& store,
                                                                     const std::string& id,
                                                                     const std::string& step) {
  bool found = false;
  std::vector<StatusEntry> entries;
  auto done = store.Transact([&](StoreSession& session) {
    if (!session.FindMeeting(id)) return;
    found = true;
    StatusHistory history = session.MeetingStatus(id);
    if (auto it = history.find(step); it != history.end()) entries = it->second;
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(NoMeeting(id)));
  if (entries.empty()) {
    return std::unexpected(NotFound("meeting '" + id + "' has no status for step '" + step + "'"));
  }
  return entries;
}

std::expected<bool, AdminFailure> SetMeetingStep(Store& store, const std::string& id,
                                                 const std::string& step, int code,
                                                 const std::string& message, UtcTime now) {
  bool found = false, appended = false;
  std::int64_t revision = 0;
  auto done = store.Transact([&](StoreSession& session) {
    if (!session.FindMeeting(id)) return;
    found = true;
    appended = session.RecordStatus(id, step, {now, code, message});
    if (appended) MakeDueNow(session, id, now);
    revision = session.FindMeeting(id)->revision;
  });
  // 900 on `status` disables (the original API's way): as DisableMeeting,
  // return only once no pass that started before can make a call.
  if (done && found && appended && step == kMainStep && code == status_code::kDisabled) {
    WaitForOlderPass(store, id, revision);
  }
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(NoMeeting(id)));
  return appended;
}

std::expected<int, AdminFailure> ClearMeetingSteps(Store& store, const std::string& id,
                                                   const std::string& step, UtcTime now) {
  bool found = false;
  int cleared = 0;
  auto done = store.Transact([&](StoreSession& session) {
    if (!session.FindMeeting(id)) return;
    found = true;
    cleared = session.ClearStatus(id, step);
    if (cleared > 0) MakeDueNow(session, id, now);
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(NoMeeting(id)));
  if (cleared == 0) {
    return std::unexpected(
        NotFound(step.empty() ? "meeting '" + id + "' has no status"
                              : "meeting '" + id + "' has no status for step '" + step + "'"));
  }
  return cleared;
}

}  // namespace schedulight
