// `server check`'s Greenlight step against real databases of both versions.

#include "admin/greenlight_check.h"

#include <gtest/gtest.h>

#include "test_database.h"

namespace schedulight {
namespace {

class GreenlightCheckTest : public ::testing::TestWithParam<int> {
 protected:
  Server ServerWith(const std::string& database) {
    Server server;
    server.id = "bbb";
    server.greenlight = GreenlightAccess{GetParam(), database};
    return server;
  }
};

INSTANTIATE_TEST_SUITE_P(Versions, GreenlightCheckTest, ::testing::Values(2, 3),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

TEST_P(GreenlightCheckTest, CompatibleSchemaIsOk) {
  const std::string url = testing::FreshGreenlightDatabase(GetParam());
  const CheckStep step = GreenlightSchemaCheck({})(ServerWith(url));
  EXPECT_EQ(step.name, "greenlight.schema");
  EXPECT_EQ(step.outcome, CheckOutcome::kOk) << step.detail;
  EXPECT_TRUE(step.detail.starts_with("Greenlight " + std::to_string(GetParam()) + " at "));
}

TEST_P(GreenlightCheckTest, ServerWithoutGreenlightIsSkipped) {
  Server server;
  server.without_greenlight = true;
  EXPECT_EQ(GreenlightSchemaCheck({})(server).outcome, CheckOutcome::kSkipped);
}

TEST_P(GreenlightCheckTest, MissingColumnIsNamed) {
  const std::string url = testing::FreshGreenlightDatabase(GetParam());
  testing::Inspector(url).Execute("ALTER TABLE rooms DROP COLUMN last_session");
  const CheckStep step = GreenlightSchemaCheck({})(ServerWith(url));
  EXPECT_EQ(step.outcome, CheckOutcome::kFailed);
  EXPECT_NE(step.detail.find("rooms.last_session"), std::string::npos) << step.detail;
}

TEST_P(GreenlightCheckTest, UnreachableDatabaseFailsWithoutItsPassword) {
  const CheckStep step =
      GreenlightSchemaCheck({})(ServerWith("postgresql://gl:s3cret-pw@127.0.0.1:1/greenlight"));
  EXPECT_EQ(step.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(step.detail.find("s3cret-pw"), std::string::npos) << step.detail;
  EXPECT_NE(step.detail.find("postgresql://gl:***@127.0.0.1:1/greenlight"), std::string::npos);
}

TEST_P(GreenlightCheckTest, ServerWithoutGreenlightBlockUsesTheAppDefault) {
  const std::string url = testing::FreshGreenlightDatabase(GetParam());
  Server server;
  server.id = "bbb";
  const CheckStep step = GreenlightSchemaCheck({GetParam(), url})(server);
  EXPECT_EQ(step.outcome, CheckOutcome::kOk) << step.detail;
}

}  // namespace
}  // namespace schedulight
