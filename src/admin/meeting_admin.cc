#include "admin/meeting_admin.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "admin/meeting_write.h"
#include "core/meeting.h"

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
      auto problem = MeetingDocumentProblem(meeting);
      overviews.push_back({std::move(meeting), std::move(status), std::move(problem)});
    }
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return overviews;
}

std::expected<MeetingOverview, MeetingFailure> GetMeetingOverview(Store& store,
                                                                  const std::string& id) {
  std::optional<MeetingOverview> overview;
  auto done = store.Read([&](StoreSession& session) {
    if (auto meeting = session.FindMeeting(id)) {
      auto problem = MeetingDocumentProblem(*meeting);
      overview = MeetingOverview{std::move(*meeting), session.LatestStatus(id, kMainStep),
                                 std::move(problem)};
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

std::expected<bool, MeetingFailure> DisableMeeting(Store& store, const std::string& id, UtcTime now,
                                                   const PassWait& wait) {
  bool found = false, changed = false;
  std::int64_t revision = 0;
  auto done = store.Transact([&](StoreSession& session) {
    if (!session.FindMeeting(id)) return;
    found = true;
    changed = session.RecordStatus(id, kMainStep, {now, status_code::kDisabled, "disabled"});
    // Always a new revision: a pass in flight stops before its next call.
    session.TouchMeeting(id, std::nullopt);
    revision = session.FindMeeting(id)->revision;
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  if (!found) return std::unexpected(NotFound(id));
  WaitForOlderPass(store, id, revision, wait);
  return changed;
}

bool WaitForOlderPass(Store& store, const std::string& id, std::int64_t revision,
                      const PassWait& wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait.timeout;
  while (true) {
    std::optional<StoredMeeting> meeting;
    auto read = store.Read([&](StoreSession& session) { meeting = session.FindMeeting(id); });
    if (!read) {
      spdlog::warn("meeting {}: cannot see whether a pass is still running: {}", id,
                   read.error().message);
      return false;
    }
    // Gone, free, or claimed afresh at the new revision (that pass sees the change).
    if (!meeting || !meeting->claimed_by || meeting->revision > revision) return true;
    // Claimed before the change, by a worker that stopped renewing (dead): no
    // call can start from there either.
    if (meeting->claim_until && *meeting->claim_until < wait.clock()) return true;
    if (std::chrono::steady_clock::now() >= deadline) {
      spdlog::warn(
          "meeting {}: a pass of {} that started before this change is still in a call (BBB"
          " slow?); it makes no further call and ends within the BBB timeout",
          id, *meeting->claimed_by);
      return false;
    }
    std::this_thread::sleep_for(wait.poll);
  }
}

std::expected<bool, MeetingFailure> EnableMeeting(Store& store, const std::string& id,
                                                  UtcTime now) {
  bool found = false, changed = false;
  auto done = store.Transact([&](StoreSession& session) {
    if (!session.FindMeeting(id)) return;
    found = true;
    auto status = session.LatestStatus(id, kMainStep);
    if (!status || status->code != status_code::kDisabled) return;
    changed = session.RecordStatus(id, kMainStep, {now, status_code::kNew, "enabled"});
    session.TouchMeeting(id, now);
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
  nlohmann::json json = {
      {"time", FormatUtc(entry.time)}, {"code", entry.code}, {"message", entry.message}};
  json["attempts"] = entry.attempts;
  json["lastAt"] = FormatUtc(entry.LastAt());
  return json;
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

std::string MeetingNameText(const nlohmann::json& document) {
  if (!document.is_object()) return "";
  auto name = document.find("meetingName");
  return name != document.end() && name->is_string() ? name->get<std::string>() : "";
}

std::optional<std::string> MeetingDocumentProblem(const StoredMeeting& meeting) {
  if (!meeting.document.is_object()) return "the stored document is not an object";
  FieldErrors errors;
  try {
    // The zone only resolves naive dates; it does not change what is valid.
    ValidateMeeting(meeting.id, meeting.document, "", MeetingDefaults{FindTimeZone("UTC")}, errors);
  } catch (const std::exception& e) {
    return std::string("the stored document cannot be read: ") + e.what();
  }
  if (errors.empty()) return std::nullopt;
  return errors.front().ToString();
}

nlohmann::json MeetingOverviewJson(const MeetingOverview& overview) {
  const StoredMeeting& meeting = overview.meeting;
  const auto name =
      meeting.document.is_object() ? meeting.document.find("meetingName") : meeting.document.end();
  return {
      {"id", meeting.id},
      {"server", meeting.server_id},
      {"meetingName",
       name != meeting.document.end() && name->is_string() ? *name : nlohmann::json(nullptr)},
      {"startsAt", OptionalTimeJson(meeting.starts_at)},
      {"nextDueAt", OptionalTimeJson(meeting.next_due_at)},
      {"status", overview.status ? StatusEntryJson(*overview.status) : nlohmann::json(nullptr)},
      {"problem", overview.problem ? nlohmann::json(*overview.problem) : nlohmann::json(nullptr)},
      {"document", RedactMeetingDocument(meeting.document)}};
}

}  // namespace schedulight
