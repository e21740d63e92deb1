#include "core/start_date.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace schedulight {
namespace {

const date::time_zone* Vienna() { return FindTimeZone("Europe/Vienna"); }

std::string Utc(std::string_view text, const date::time_zone* zone = Vienna()) {
  auto parsed = ParseStartDate(text, zone);
  return parsed ? FormatUtc(*parsed) : "error: " + parsed.error();
}

TEST(StartDateTest, OriginalFormatIsLocalTimeInTheZone) {
  EXPECT_EQ(Utc("2026-12-01 10:00"), "2026-12-01T09:00:00Z");  // CET, UTC+1
  EXPECT_EQ(Utc("2026-07-01 10:00"), "2026-07-01T08:00:00Z");  // CEST, UTC+2
  EXPECT_EQ(Utc("2026-07-01 10:00:30"), "2026-07-01T08:00:30Z");
  EXPECT_EQ(Utc("2026-07-01 10:00", FindTimeZone("America/New_York")), "2026-07-01T14:00:00Z");
}

TEST(StartDateTest, IsoWithOffsetIgnoresTheZone) {
  EXPECT_EQ(Utc("2026-12-01T10:00:00+01:00"), "2026-12-01T09:00:00Z");
  EXPECT_EQ(Utc("2026-12-01T10:00:00-05:30"), "2026-12-01T15:30:00Z");
  EXPECT_EQ(Utc("2026-12-01T10:00Z"), "2026-12-01T10:00:00Z");
  EXPECT_EQ(Utc("2026-12-01T10:00:00+0200"), "2026-12-01T08:00:00Z");
  EXPECT_EQ(Utc("2026-12-01T10:00:00"), "2026-12-01T09:00:00Z");  // no offset: the zone's
}

TEST(StartDateTest, DaylightSavingGapIsRejected) {
  // Europe/Vienna skips 02:00-03:00 on 2026-03-29.
  auto parsed = ParseStartDate("2026-03-29 02:30", Vienna());
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("does not exist in Europe/Vienna"), std::string::npos);
  EXPECT_EQ(Utc("2026-03-29 01:59"), "2026-03-29T00:59:00Z");
  EXPECT_EQ(Utc("2026-03-29 03:00"), "2026-03-29T01:00:00Z");
}

TEST(StartDateTest, AmbiguousHourMeansItsFirstOccurrence) {
  // 02:30 happens twice on 2026-10-25; the first time is still summer time (UTC+2).
  EXPECT_EQ(Utc("2026-10-25 02:30"), "2026-10-25T00:30:00Z");
  EXPECT_EQ(Utc("2026-10-25 03:30"), "2026-10-25T02:30:00Z");
}

TEST(StartDateTest, BadDatesNameTheProblem) {
  for (const char* bad : {"tomorrow", "2026-13-01 10:00", "2026-02-30 10:00", "2026-12-01 24:00",
                          "2026-12-01", "01.12.2026 10:00", "2026-12-01 10:00 "}) {
    auto parsed = ParseStartDate(bad, Vienna());
    EXPECT_FALSE(parsed) << bad;
  }
  EXPECT_NE(ParseStartDate("tomorrow", Vienna()).error().find("YYYY-MM-DD HH:MM"),
            std::string::npos);
}

TEST(StartDateTest, OffsetsAndYearsAreBounded) {
  for (const char* bad :
       {"2026-12-01T10:00:00+99:00", "2026-12-01T10:00:00+14:01", "2026-12-01T10:00:00-12:01",
        "2026-12-01T10:00:00+01:60", "2026-12-01T10:00+9900"}) {
    auto parsed = ParseStartDate(bad, Vienna());
    ASSERT_FALSE(parsed) << bad;
  }
  EXPECT_NE(ParseStartDate("2026-12-01T10:00:00+99:00", Vienna()).error().find("-12:00 to +14:00"),
            std::string::npos);
  EXPECT_EQ(Utc("2026-12-01T10:00:00+14:00"), "2026-11-30T20:00:00Z");
  EXPECT_EQ(Utc("2026-12-01T10:00:00-12:00"), "2026-12-01T22:00:00Z");
  EXPECT_EQ(Utc("2026-12-01T10:00+0530"), "2026-12-01T04:30:00Z");

  for (const char* bad : {"0000-01-01 10:00", "1969-12-31 23:59", "0000-00-00 00:00"}) {
    auto parsed = ParseStartDate(bad, Vienna());
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().find("the year must be 1970 to 9999"), std::string::npos) << bad;
  }
  EXPECT_EQ(Utc("9999-12-31T23:59:59Z"), "9999-12-31T23:59:59Z");
  EXPECT_EQ(Utc("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");
}

TEST(StartDateTest, HugeTextIsNotADate) {
  const std::string huge = "2026-12-01 10:00" + std::string(60'000, '0');
  auto parsed = ParseStartDate(huge, Vienna());
  ASSERT_FALSE(parsed);
  EXPECT_LT(parsed.error().size(), 200u);  // the message quotes only the start
}

TEST(StartDateTest, FormatLocalShowsTheRealOffset) {
  auto winter = ParseStartDate("2026-12-01 10:00", Vienna());
  auto summer = ParseStartDate("2026-07-01 10:00", Vienna());
  ASSERT_TRUE(winter && summer);
  EXPECT_EQ(FormatLocal(*winter, Vienna()), "2026-12-01 10:00 CET (UTC+01:00)");
  EXPECT_EQ(FormatLocal(*summer, Vienna()), "2026-07-01 10:00 CEST (UTC+02:00)");
  EXPECT_EQ(FormatLocal(*winter, FindTimeZone("America/St_Johns")),
            "2026-12-01 05:30 NST (UTC-03:30)");
}

TEST(StartDateTest, UnknownZoneIsNull) {
  EXPECT_EQ(FindTimeZone("Mars/Olympus_Mons"), nullptr);
  EXPECT_NE(FindTimeZone("UTC"), nullptr);
  EXPECT_NE(SystemTimeZone(), nullptr);
}

}  // namespace
}  // namespace schedulight
