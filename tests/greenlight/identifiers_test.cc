#include "greenlight/identifiers.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace schedulight {
namespace {

TEST(IdentifiersTest, ParameterizeLikeActiveSupport) {
  EXPECT_EQ(Parameterize("Max Mustermann"), "max-mustermann");
  EXPECT_EQ(Parameterize("Jürgen Groß"), "jurgen-gross");
  EXPECT_EQ(Parameterize("  O'Brien -- \"Bobby\"; "), "o-brien-bobby");
  EXPECT_EQ(Parameterize("snake_case"), "snake_case");
  EXPECT_EQ(Parameterize("李"), "");
}

TEST(IdentifiersTest, V2RoomUidStartsWithTheOwnersName) {
  EXPECT_TRUE(std::regex_match(NewV2RoomUid("Max Mustermann"),
                               std::regex("max-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}")));
  // Short or missing names are padded from Greenlight's unambiguous charset.
  EXPECT_TRUE(
      std::regex_match(NewV2RoomUid("Al"),
                       std::regex("al[ac-hjkmnp-rt-z2-4679]-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}")));
  EXPECT_TRUE(std::regex_match(NewV2RoomUid("李"),
                               std::regex("[ac-hjkmnp-rt-z2-4679]{3}(-[a-z0-9]{3}){3}")));
}

TEST(IdentifiersTest, ShapesOfGeneratedIds) {
  EXPECT_TRUE(std::regex_match(NewV3FriendlyId(), std::regex("[a-z0-9]{3}(-[a-z0-9]{3}){3}")));
  EXPECT_TRUE(std::regex_match(NewMeetingId(), std::regex("[a-z0-9]{40}")));
  EXPECT_TRUE(std::regex_match(NewV2UserUid(), std::regex("gl-[a-z]{12}")));
  EXPECT_TRUE(std::regex_match(NewRoomPassword(), std::regex("[a-zA-Z]{12}")));
  EXPECT_TRUE(std::regex_match(NewV3AccessCode(), std::regex("[a-z0-9]{6}")));
  EXPECT_TRUE(std::regex_match(NewSessionToken(), std::regex("[0-9a-f]{64}")));
}

TEST(IdentifiersTest, MeetingIdsDoNotRepeat) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(NewMeetingId());
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace schedulight
