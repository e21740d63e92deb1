// The `meetings:` line that the data file edits look for, and a long comment
// on it (std::regex overflowed the stack on 200 KB of comment).

#include <gtest/gtest.h>

#include <string>

#include "admin/meeting_file_append.h"
#include "admin/meeting_file_merge.h"
#include "core/text_scan.h"

namespace schedulight {
namespace {

TEST(MeetingsKeyLineTest, ClassifiesLikeTheYamlItIs) {
  for (const char* line : {"meetings:", "meetings :", "meetings:  ", "meetings:\t# all of them",
                           "meetings:\r", "meetings: # c\r"}) {
    EXPECT_EQ(ScanTopLevelKeyLine(line, "meetings"), TopLevelKeyLine::kBlock) << line;
  }
  for (const char* line : {"meetings: {}", "meetings: {} # none yet", "meetings: { }\r"}) {
    EXPECT_EQ(ScanTopLevelKeyLine(line, "meetings"), TopLevelKeyLine::kEmptyFlow) << line;
  }
  for (const char* line : {"", "meetings", " meetings:", "meetings: x", "meetings: {a: 1}",
                           "meetingsx:", "meetings: {} x", "servers:", "meetings: {",
                           // YAML: a ":" not followed by a blank does not end a key
                           "meetings:#x", "meetings:{ }"}) {
    EXPECT_EQ(ScanTopLevelKeyLine(line, "meetings"), TopLevelKeyLine::kNone) << line;
  }
}

TEST(MeetingsKeyLineTest, ALongCommentOnTheKeyLineIsFine) {
  const std::string text = "meetings: #" + std::string(200000, 'x') + "\n  m1: {meetingName: A}\n";
  auto merged = MergeMeetingsText(text, {{"m2", {{"meetingName", "B"}}}});
  ASSERT_TRUE(merged) << merged.error();
  EXPECT_EQ(merged->changes.added, std::vector<std::string>{"m2"});
  auto appended = AppendMeetingText(text, "m3", {{"meetingName", "C"}});
  ASSERT_TRUE(appended) << appended.error();
  EXPECT_NE(appended->find("\"m3\":"), std::string::npos);
}

}  // namespace
}  // namespace schedulight
