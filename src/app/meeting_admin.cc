#include "app/meeting_admin.h"

namespace schedulight {
namespace {

MeetingFailure NotFound(const std::string& id) {
  return {MeetingError::kNotFound, "no meeting '" + id + "' in the store"};
}

MeetingFailure StoreFailure(const StoreError& error) {
  return {MeetingError::kStore, "store: " + error.message};
}

nlohmann::json OptionalTimeJson(const std::optional<UtcTime>& time) {
  return time ? nlohmann::json(FormatUtc(*time)) : nlohmann::json(nullptr);
}

}  // namespace

std::expected<std::vector<MeetingOverview>, MeetingFailure> ListMeetingOverviews(Store& store) {
  std::vector<MeetingOverview> overviews;
  auto done = store.Transact([&](StoreSession& session) {
    for (auto& meeting : session.ListMeetings()) {
      auto status = session.LatestStatus(meeting.id, kMainStep);
      overviews.push_back({std::move(meeting), std::move(status)});
    }
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return overviews;
}

std::expected<MeetingOverview, MeetingFailure> GetMeetingOverview(Store& store,
                                                                  const std::string& id) {
  std::optional<MeetingOverview> overview;
  auto done = store.Transact([&](StoreSession& session) {
    if (auto meeting = session.FindMeeting(id)) {
      overview = MeetingOverview{std::move(*meeting), session.LatestStatus(id, kMainStep)};
    }
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!overview) return std::unexpected(NotFound(id));
  return *overview;
}

std::expected<StatusHistory, MeetingFailure> GetMeetingStatus(Store& store, const std::string& id) {
  std::optional<StatusHistory> history;
  auto done = store.Transact([&](StoreSession& session) {
    if (session.FindMeeting(id)) history = session.MeetingStatus(id);
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!history) return std::unexpected(NotFound(id));
  return *history;
}

std::expected<bool, MeetingFailure> DisableMeeting(Store& store, const std::string& id,
                                                   UtcTime now) {
  bool found = false, changed = false;
  auto done = store.Transact([&](StoreSession& session) {
    if (!session.FindMeeting(id)) return;
    found = true;
    changed = session.RecordStatus(id, kMainStep, {now, status_code::kDisabled, "disabled"});
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(id));
  return changed;
}

std::expected<bool, MeetingFailure> EnableMeeting(Store& store, const std::string& id,
                                                  UtcTime now) {
  bool found = false, changed = false;
  auto done = store.Transact([&](StoreSession& session) {
    auto meeting = session.FindMeeting(id);
    if (!meeting) return;
    found = true;
    auto status = session.LatestStatus(id, kMainStep);
    if (!status || status->code != status_code::kDisabled) return;
    changed = session.RecordStatus(id, kMainStep, {now, status_code::kNew, "enabled"});
    meeting->next_due_at = now;
    session.PutMeeting(*meeting);
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(id));
  return changed;
}

std::expected<void, MeetingFailure> DeleteMeeting(Store& store, const std::string& id) {
  bool found = false;
  auto done = store.Transact([&](StoreSession& session) { found = session.DeleteMeeting(id); });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(id));
  return {};
}

nlohmann::json StatusEntryJson(const StatusEntry& entry) {
  return {{"time", FormatUtc(entry.time)}, {"code", entry.code}, {"message", entry.message}};
}

nlohmann::json StatusHistoryJson(const StatusHistory& history) {
  nlohmann::json steps = nlohmann::json::object();
  for (const auto& [step, entries] : history) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : entries) list.push_back(StatusEntryJson(entry));
    steps[step] = std::move(list);
  }
  return steps;
}

nlohmann::json MeetingOverviewJson(const MeetingOverview& overview) {
  const StoredMeeting& meeting = overview.meeting;
  return {{"id", meeting.id},
          {"server", meeting.server_id},
          {"meetingName", meeting.document.value("meetingName", "")},
          {"startsAt", OptionalTimeJson(meeting.starts_at)},
          {"nextDueAt", OptionalTimeJson(meeting.next_due_at)},
          {"status", overview.status ? StatusEntryJson(*overview.status) : nlohmann::json(nullptr)},
          {"document", meeting.document}};
}

}  // namespace schedulight
