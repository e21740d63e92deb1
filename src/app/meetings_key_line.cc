#include "app/meetings_key_line.h"

namespace schedulight {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::size_t SkipBlanks(std::string_view line, std::size_t i) {
  while (i < line.size() && IsBlank(line[i])) ++i;
  return i;
}

// Nothing more on the line but a comment.
bool RestIsComment(std::string_view line, std::size_t i) {
  return i == line.size() || line[i] == '#';
}

}  // namespace

MeetingsKeyLine ClassifyMeetingsKeyLine(std::string_view line) {
  constexpr std::string_view kKey = "meetings";
  if (!line.starts_with(kKey)) return MeetingsKeyLine::kNone;
  std::size_t i = SkipBlanks(line, kKey.size());
  if (i == line.size() || line[i] != ':') return MeetingsKeyLine::kNone;
  i = SkipBlanks(line, i + 1);
  if (RestIsComment(line, i)) return MeetingsKeyLine::kBlock;
  if (line[i] != '{') return MeetingsKeyLine::kNone;
  i = SkipBlanks(line, i + 1);
  if (i == line.size() || line[i] != '}') return MeetingsKeyLine::kNone;
  i = SkipBlanks(line, i + 1);
  return RestIsComment(line, i) ? MeetingsKeyLine::kEmptyFlow : MeetingsKeyLine::kNone;
}

}  // namespace schedulight
