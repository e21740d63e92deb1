#include "admin/csv_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "admin/meeting_file_merge.h"
#include "config/text_file.h"
#include "core/csv_import.h"
#include "core/yaml_document.h"

namespace schedulight {
namespace {

// The meetings that may be imported and every problem, in line order.
struct CheckedLines {
  std::vector<Meeting> good;
  std::vector<CsvLineError> errors;
};

// Adds to the parser's errors a line for every meeting whose server is not known.
CheckedLines CheckServers(CsvImport parsed, const std::set<std::string>& known_servers,
                          const std::string& where) {
  CheckedLines checked{.good = {}, .errors = std::move(parsed.errors)};
  for (auto& imported : parsed.meetings) {
    if (known_servers.contains(imported.meeting.server_id)) {
      checked.good.push_back(std::move(imported.meeting));
      continue;
    }
    checked.errors.push_back(
        {imported.line, fmt::format("server '{}' is not {}", imported.meeting.server_id, where)});
  }
  std::ranges::stable_sort(checked.errors, {}, &CsvLineError::line);
  return checked;
}

std::set<std::string> StoredServerIds(StoreSession& session) {
  std::set<std::string> ids;
  for (const auto& server : session.ListServers()) ids.insert(server.id);
  return ids;
}

std::vector<std::string> Located(const std::vector<CsvLineError>& errors,
                                 const std::string& source) {
  std::vector<std::string> messages;
  for (const auto& error : errors) messages.push_back(error.Located(source));
  return messages;
}

// Bad lines: a failure, or with skip_bad a note in the summary (unless no line is good).
std::optional<ApplyFailure> HandleBadLines(const CheckedLines& checked, const std::string& source,
                                           const CsvImportOptions& options,
                                           CsvImportSummary& summary) {
  if (checked.errors.empty()) return std::nullopt;
  std::vector<std::string> messages = Located(checked.errors, source);
  if (!options.skip_bad || checked.good.empty()) return ApplyFailure{2, std::move(messages)};
  summary.skipped = std::move(messages);
  for (const auto& error : checked.errors) {
    if (summary.skipped_lines.empty() || summary.skipped_lines.back() != error.line) {
      summary.skipped_lines.push_back(error.line);
    }
  }
  return std::nullopt;
}

std::expected<CsvImportSummary, ApplyFailure> ImportIntoStore(CsvImport parsed,
                                                              const std::string& source,
                                                              const CsvImportOptions& options,
                                                              Store& store, UtcTime now) {
  CsvImportSummary summary;
  std::optional<ApplyFailure> failure;
  auto stored = store.Transact([&](StoreSession& session) {
    const CheckedLines checked =
        CheckServers(std::move(parsed), StoredServerIds(session), "in the store");
    failure = HandleBadLines(checked, source, options, summary);
    if (failure) return;  // nothing written
    ApplyMeetings(session, checked.good, ApplyOptions{.prune = false, .dry_run = options.dry_run},
                  now, summary.meetings);
  });
  if (!stored) return std::unexpected(ApplyFailure{1, {"store: " + stored.error().message}});
  if (failure) return std::unexpected(std::move(*failure));
  return summary;
}

// The server ids a data file defines; its text must parse.
std::expected<std::set<std::string>, ApplyFailure> FileServerIds(const std::string& text,
                                                                 const std::string& path) {
  auto document = ParseYaml(text);
  if (!document) {
    const auto& error = document.error();
    return std::unexpected(ApplyFailure{2,
                                        {fmt::format("{}:{}:{}: {}", path, error.location.line,
                                                     error.location.column, error.message)}});
  }
  std::set<std::string> ids;
  const nlohmann::json& value = document->value;
  if (value.is_object() && value.contains("servers") && value["servers"].is_object()) {
    for (const auto& [id, server] : value["servers"].items()) ids.insert(id);
  }
  return ids;
}

std::expected<CsvImportSummary, ApplyFailure> ImportIntoFile(CsvImport parsed,
                                                             const std::string& source,
                                                             const CsvImportOptions& options,
                                                             Store& store) {
  const std::string& path = *options.write_file;
  auto old_text = ReadTextFileIfExists(path);
  if (!old_text) return std::unexpected(ApplyFailure{1, {old_text.error()}});
  const std::string text = old_text->value_or("");
  auto known = FileServerIds(text, path);
  if (!known) return std::unexpected(known.error());
  auto stored =
      store.Transact([&](StoreSession& session) { known->merge(StoredServerIds(session)); });
  if (!stored) return std::unexpected(ApplyFailure{1, {"store: " + stored.error().message}});

  const CheckedLines checked =
      CheckServers(std::move(parsed), *known, fmt::format("in {} or in the store", path));
  CsvImportSummary summary;
  if (auto failure = HandleBadLines(checked, source, options, summary)) {
    return std::unexpected(std::move(*failure));
  }
  std::vector<MeetingEntry> entries;
  for (const auto& meeting : checked.good) entries.push_back({meeting.id, meeting.document});
  auto merged = MergeMeetingsText(text, entries);
  if (!merged) return std::unexpected(ApplyFailure{1, {path + ": " + merged.error()}});
  summary.meetings = std::move(merged->changes);
  const bool changed = !summary.meetings.added.empty() || !summary.meetings.updated.empty();
  if (changed && !options.dry_run) {
    if (auto written = ReplaceTextFile(path, merged->text); !written) {
      return std::unexpected(ApplyFailure{1, {written.error()}});
    }
  }
  return summary;
}

}  // namespace

std::expected<CsvImportSummary, ApplyFailure> ImportCsvText(const std::string& text,
                                                            const std::string& source,
                                                            const CsvImportOptions& options,
                                                            const AppConfig& config, Store& store,
                                                            UtcTime now) {
  CsvImport parsed = ParseMeetingsCsv(text, MeetingDefaults{config.timezone});
  if (options.write_file) return ImportIntoFile(std::move(parsed), source, options, store);
  return ImportIntoStore(std::move(parsed), source, options, store, now);
}

std::expected<CsvImportSummary, ApplyFailure> ImportCsvFile(const std::string& path,
                                                            const CsvImportOptions& options,
                                                            const AppConfig& config, Store& store,
                                                            UtcTime now) {
  auto text = ReadTextFileIfExists(path);
  if (!text) return std::unexpected(ApplyFailure{2, {text.error()}});
  if (!*text) return std::unexpected(ApplyFailure{2, {path + ": cannot read the file"}});
  return ImportCsvText(**text, path, options, config, store, now);
}

}  // namespace schedulight
