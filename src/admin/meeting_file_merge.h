#pragma once
// Merges meetings into the `meetings:` of a data file (config.yml) as text,
// for `import-csv --write`: a new id is appended at the end of the block, a
// changed one is replaced where it stands, an equal one is left alone. All
// other text, comments included, stays as it was; only comments inside a
// replaced meeting go with it. Entries are written by yaml-cpp's emitter.
//
// As meeting_file_append.h does, the result is checked before it is used: it
// must parse to the old file with exactly these meetings merged in. Pure
// text in, text out: reading and writing the file is text_file.h's.

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin/apply.h"

namespace schedulight {

struct MeetingEntry {
  std::string id;
  nlohmann::json document;
};

struct MeetingMerge {
  std::string text;         // the new file text
  DocumentChanges changes;  // added, updated, unchanged (never pruned)
};

// Errors: the text does not parse, is not a mapping, or its meetings are not
// a block mapping that can be edited safely.
std::expected<MeetingMerge, std::string> MergeMeetingsText(
    const std::string& text, const std::vector<MeetingEntry>& meetings);

}  // namespace schedulight
