#pragma once
// Appends one meeting to the `meetings:` of a data file (config.yml) as text,
// so the admin's comments, order and formatting stay as they were (the
// original rewrote the whole file through yaml.dump and lost them).
//
// The result is checked before anything is written: the new text must parse,
// hold everything the old one held, and the new meeting exactly as given.
// The file is replaced atomically (temporary file + rename).

#include <expected>
#include <nlohmann/json.hpp>
#include <string>

namespace schedulight {

// Appends `id: document` under meetings in the text of a data file. Errors:
// the file does not parse, is not a mapping, already has that meeting, or
// keeps meetings in a flow mapping ({...}) that cannot be appended to safely.
std::expected<std::string, std::string> AppendMeetingText(const std::string& text,
                                                          const std::string& id,
                                                          const nlohmann::json& document);

// The same on a file; a missing file is created with just this meeting.
std::expected<void, std::string> AppendMeetingToFile(const std::string& path, const std::string& id,
                                                     const nlohmann::json& document);

}  // namespace schedulight
