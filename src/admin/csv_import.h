#pragma once
// `schedulight import-csv FILE.csv` (SPEC 1.3): the original's meetings CSV,
// read by core/csv_import.h, either stored like `apply` stores meetings (one
// transaction; re-importing the same file changes nothing) or, with a target
// data file, merged into that file's `meetings:` for the admin to apply later
// (nothing is stored then).
//
// Every meeting must name a server that exists: in the store, or, when
// writing a data file, in that file or the store (the rule `apply` uses).
// A file with any bad line imports nothing, unless skip_bad is set: then the
// good lines are imported and the bad ones reported. Errors read
// "people.csv:7: email 'x' is not a mail address".

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "admin/apply.h"
#include "config/app_config.h"
#include "core/start_date.h"
#include "store/store.h"

namespace schedulight {

struct CsvImportOptions {
  bool skip_bad = false;                  // import the good lines of a file with bad ones
  bool dry_run = false;                   // report what would change, write nothing
  std::optional<std::string> write_file;  // merge into this data file instead of the store
};

struct CsvImportSummary {
  DocumentChanges meetings;          // added, updated, unchanged (in the store or the file)
  std::vector<std::string> skipped;  // with skip_bad: the bad lines' "file:line: problem"
  std::vector<int> skipped_lines;    // their line numbers
};

// Imports CSV text; source names it in messages. Failure exit codes: 2 for
// invalid input (messages name every problem), 1 when the store or the
// target file cannot be read or written.
std::expected<CsvImportSummary, ApplyFailure> ImportCsvText(const std::string& text,
                                                            const std::string& source,
                                                            const CsvImportOptions& options,
                                                            const AppConfig& config, Store& store,
                                                            UtcTime now);

// Reads path and imports it.
std::expected<CsvImportSummary, ApplyFailure> ImportCsvFile(const std::string& path,
                                                            const CsvImportOptions& options,
                                                            const AppConfig& config, Store& store,
                                                            UtcTime now);

}  // namespace schedulight
