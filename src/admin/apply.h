#pragma once
// `schedulight apply FILE.yml`: validate the whole data file, then store its
// servers and meetings and queue its commands in one transaction. Nothing is
// written when anything is invalid. Re-applying an unchanged file changes
// nothing: documents are compared as parsed JSON, and a command whose id and
// document are already stored is not queued again, unless it failed and
// ApplyOptions::retry_failed asks for it (`apply --retry-failed`).

#include <expected>
#include <string>
#include <vector>

#include "config/app_config.h"
#include "core/meeting.h"
#include "core/start_date.h"
#include "store/store.h"

namespace schedulight {

struct ApplyOptions {
  bool prune = false;         // delete stored servers and meetings the file no longer has
  bool dry_run = false;       // report what would change, write nothing
  bool retry_failed = false;  // queue the file's failed, unchanged commands again
};

struct DocumentChanges {
  std::vector<std::string> added, updated, unchanged, pruned;
};

struct ApplySummary {
  DocumentChanges servers;
  DocumentChanges meetings;
  std::vector<std::string> commands_queued;
  std::vector<std::string> commands_unchanged;  // in file order, failed ones included
  std::vector<std::string> commands_failed;     // unchanged and failed (not retried)
  std::vector<std::string> commands_retried;    // failed, queued again (retry_failed)
  std::vector<std::string> warnings;
};

struct ApplyFailure {
  int exit_code = 2;                  // 2: invalid input; 1: the store failed
  std::vector<std::string> messages;  // "file:line:column: field.path: problem"
};

// Stores validated meetings inside an open transaction, as apply does: each is
// added, updated (its document changed; status history kept) or left
// unchanged, and new or changed ones are due for the scheduler now. With
// options.prune, stored meetings not among them are deleted; with
// options.dry_run, changes are only reported.
void ApplyMeetings(StoreSession& session, const std::vector<Meeting>& meetings,
                   const ApplyOptions& options, UtcTime now, DocumentChanges& changes);

// Applies the YAML text of a data file; source names it in messages.
std::expected<ApplySummary, ApplyFailure> ApplyDataText(const std::string& text,
                                                        const std::string& source,
                                                        const ApplyOptions& options,
                                                        const AppConfig& config, Store& store,
                                                        UtcTime now);

// Reads path and applies it.
std::expected<ApplySummary, ApplyFailure> ApplyDataFile(const std::string& path,
                                                        const ApplyOptions& options,
                                                        const AppConfig& config, Store& store,
                                                        UtcTime now);

}  // namespace schedulight
