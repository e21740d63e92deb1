#pragma once
// The data file (`config.yml`, SPEC 1.2): top-level `servers`, `meetings` and
// `commands` mappings in the original's format.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/command.h"
#include "core/field_error.h"
#include "core/meeting.h"
#include "core/server.h"
#include "core/yaml_document.h"

namespace schedulight {

struct DataFile {
  std::vector<Server> servers;        // ordered by id
  std::vector<Meeting> meetings;      // ordered by id
  std::vector<Command> commands;      // in the order they are written in the file
  std::vector<std::string> warnings;  // things that are accepted but probably not meant
};

// Validates the whole file. Meetings and commands must name a server defined
// in the file or among stored_server_ids. Returns the file only when there is
// no error at all; every error is appended to errors.
std::optional<DataFile> ValidateDataFile(const YamlDocument& file, const MeetingDefaults& defaults,
                                         const std::set<std::string>& stored_server_ids,
                                         FieldErrors& errors);

}  // namespace schedulight
