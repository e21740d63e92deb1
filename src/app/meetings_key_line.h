#pragma once
// The line of a data file that opens its top-level `meetings:` mapping, as
// the text edits of meeting_file_append.h and meeting_file_merge.h look for
// it. Scanned by hand: std::regex recursed once per character, so a long
// comment on that line overflowed the stack.

#include <string_view>

namespace schedulight {

enum class MeetingsKeyLine {
  kNone,       // any other line
  kBlock,      // "meetings:" with blanks and a comment allowed
  kEmptyFlow,  // "meetings: {}" with blanks and a comment allowed
};

// line is one line without its '\n'; a trailing '\r' counts as a blank.
MeetingsKeyLine ClassifyMeetingsKeyLine(std::string_view line);

}  // namespace schedulight
