#include "admin/apply.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "admin/meeting_templates.h"
#include "config/text_file.h"
#include "core/data_file.h"
#include "core/yaml_document.h"

namespace schedulight {
namespace {

void ApplyServers(StoreSession& session, const DataFile& file, const ApplyOptions& options,
                  UtcTime now, DocumentChanges& changes) {
  std::set<std::string> in_file;
  for (const auto& server : file.servers) {
    in_file.insert(server.id);
    auto stored = session.FindServer(server.id);
    if (stored && stored->document == server.document) {
      changes.unchanged.push_back(server.id);
      continue;
    }
    (stored ? changes.updated : changes.added).push_back(server.id);
    if (!options.dry_run) session.PutServer({server.id, server.document, now});
  }
}

// After the meetings: a server is pruned only when no stored meeting uses it
// any more (the store refuses otherwise, naming the meetings; so does a dry run).
void PruneServers(StoreSession& session, const DataFile& file, const ApplyOptions& options,
                  const DocumentChanges& meetings, DocumentChanges& changes) {
  if (!options.prune) return;
  std::set<std::string> in_file;
  for (const auto& server : file.servers) in_file.insert(server.id);
  for (const auto& stored : session.ListServers()) {
    if (in_file.contains(stored.id)) continue;
    changes.pruned.push_back(stored.id);
    if (!options.dry_run) {
      session.DeleteServer(stored.id);
      continue;
    }
    // A dry run deleted nothing: the meetings it would prune do not count.
    for (const auto& user : session.MeetingsOfServer(stored.id, SIZE_MAX)) {
      if (std::ranges::find(meetings.pruned, user) != meetings.pruned.end()) continue;
      throw StoreRefusal(StoreErrorKind::kConstraint,
                         "server '" + stored.id + "' is still used by meeting '" + user + "'");
    }
  }
}

}  // namespace

void ApplyMeetings(StoreSession& session, const std::vector<Meeting>& meetings,
                   const ApplyOptions& options, UtcTime now, DocumentChanges& changes) {
  std::set<std::string> in_file;
  for (const auto& meeting : meetings) {
    in_file.insert(meeting.id);
    auto stored = session.FindMeeting(meeting.id);
    if (stored && stored->document == meeting.document) {
      changes.unchanged.push_back(meeting.id);
      continue;
    }
    (stored ? changes.updated : changes.added).push_back(meeting.id);
    if (options.dry_run) continue;
    StoredMeeting record{.id = meeting.id,
                         .server_id = meeting.server_id,
                         .document = meeting.document,
                         .starts_at = meeting.starts_at,
                         .next_due_at = now,  // new or changed: the scheduler looks at it now
                         .updated_at = now};
    session.PutMeeting(record);
    if (!stored) session.RecordStatus(meeting.id, kMainStep, {now, status_code::kNew, "new"});
  }
  if (!options.prune) return;
  for (const auto& stored : session.ListMeetings()) {
    if (in_file.contains(stored.id)) continue;
    changes.pruned.push_back(stored.id);
    if (!options.dry_run) session.DeleteMeeting(stored.id);
  }
}

namespace {

void QueueCommands(StoreSession& session, const DataFile& file, const ApplyOptions& options,
                   UtcTime now, ApplySummary& summary) {
  // PutCommand queues them one after the other, in file order, after every
  // command queued before this apply (store.h).
  for (const auto& command : file.commands) {
    auto stored = session.FindCommand(command.id);
    if (stored && stored->document == command.document) {
      if (stored->state != CommandState::kFailed) {
        summary.commands_unchanged.push_back(command.id);
      } else if (options.retry_failed) {
        summary.commands_retried.push_back(command.id);
        if (!options.dry_run) session.RequeueFailedCommand(command.id);
      } else {
        summary.commands_unchanged.push_back(command.id);
        summary.commands_failed.push_back(command.id);
      }
      continue;
    }
    summary.commands_queued.push_back(command.id);
    if (options.dry_run) continue;
    session.PutCommand({.id = command.id,
                        .server_id = command.server_id,
                        .document = command.document,
                        .state = CommandState::kQueued,
                        .results = {},
                        .created_at = now,
                        .updated_at = now});
  }
}

}  // namespace

std::expected<ApplySummary, ApplyFailure> ApplyDataText(const std::string& text,
                                                        const std::string& source,
                                                        const ApplyOptions& options,
                                                        const AppConfig& config, Store& store,
                                                        UtcTime now) {
  auto document = ParseYaml(text);
  if (!document) {
    const auto& error = document.error();
    return std::unexpected(ApplyFailure{2,
                                        {fmt::format("{}:{}:{}: {}", source, error.location.line,
                                                     error.location.column, error.message)}});
  }

  ApplySummary summary;
  FieldErrors errors;
  auto stored = store.Transact([&](StoreSession& session) {
    std::set<std::string> stored_servers;
    for (const auto& server : session.ListServers()) stored_servers.insert(server.id);
    auto file =
        ValidateDataFile(*document, MeetingDefaults{config.timezone}, stored_servers, errors);
    if (!file) return;  // nothing written; the transaction commits no change
    const TemplateSetSource templates = LoadTemplatesOnce(config.templates);
    for (const auto& meeting : file->meetings) {
      CheckMeetingTemplates(meeting, "meetings." + meeting.id, config.language, templates, errors);
    }
    if (!errors.empty()) return;
    summary.warnings = file->warnings;
    ApplyServers(session, *file, options, now, summary.servers);
    ApplyMeetings(session, file->meetings, options, now, summary.meetings);
    PruneServers(session, *file, options, summary.meetings, summary.servers);
    QueueCommands(session, *file, options, now, summary);
  });
  if (!stored && stored.error().kind == StoreErrorKind::kConstraint) {
    return std::unexpected(ApplyFailure{
        2,
        {source + ": nothing applied: " + stored.error().message +
         (options.prune ? "; keep the server in the file, or remove its meetings from the file too"
                        : "")}});
  }
  if (!stored) return std::unexpected(ApplyFailure{1, {"store: " + stored.error().message}});
  if (!errors.empty()) {
    return std::unexpected(ApplyFailure{2, FormatLocatedErrors(*document, source, errors)});
  }
  return summary;
}

std::expected<ApplySummary, ApplyFailure> ApplyDataFile(const std::string& path,
                                                        const ApplyOptions& options,
                                                        const AppConfig& config, Store& store,
                                                        UtcTime now) {
  auto text = ReadInputFile(path);
  if (!text) {
    return std::unexpected(ApplyFailure{2, {path + ": cannot read the file: " + text.error()}});
  }
  return ApplyDataText(*text, path, options, config, store, now);
}

}  // namespace schedulight
