// Documents that today's validation refuses may still be in the store,
// written by an older version or by hand: the API's listings and reads must
// go on working for every other meeting, and for the bad one too.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/daemon_process.h"
#include "store/store.h"

namespace schedulight {
namespace {

using testing::DaemonProcess;

TEST(StoredDocumentsTest, ApiListingsSurviveInvalidStoredDocuments) {
  DaemonProcess daemon("InvalidStoredDocuments");
  {
    auto store = OpenStore(daemon.store_url());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->Transact([](StoreSession& session) {
      session.PutServer({"bbb",
                         {{"BBB_URL", "http://127.0.0.1:1/bigbluebutton/api"},
                          {"BBB_SECRET", "s"},
                          {"link_base", "http://127.0.0.1:1/b"}},
                         {}});
      session.PutServer({"bad-server", {{"BBB_URL", 12}}, {}});
      session.PutMeeting({"good",
                          "bbb",
                          {{"meetingName", "Good"},
                           {"meetingUID", "room-good"},
                           {"startDate", "2030-03-04 10:00"},
                           {"owner", {{"email", "owner@example.org"}}}},
                          FromUnixSeconds(1900000000),  // in the feed: it has a start
                          {},
                          {}});
      session.PutMeeting(
          {"bad-name", "bbb", {{"meetingName", 5}}, FromUnixSeconds(1900000000), {}, {}});
      session.PutMeeting({"not-an-object", "bbb", nlohmann::json::array({1, 2}), {}, {}, {}});
    }));
  }
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  auto client = daemon.Client();
  auto list = client->Get("/api/v1/meetings");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  const auto ids = nlohmann::json::parse(list->body)["data"];
  EXPECT_EQ(ids, nlohmann::json::array({"bad-name", "good", "not-an-object"})) << ids;
  for (const char* path :
       {"/api/v1/meetings/good", "/api/v1/meetings/bad-name", "/api/v1/meetings/not-an-object",
        "/api/v1/servers", "/api/v1/servers/bad-server"}) {
    auto res = client->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
  }
  for (const char* path : {"/api/v1/calendar.ics", "/api/v1/meetings/bad-name/ical",
                           "/api/v1/meetings/bad-name/status", "/api/v1/metrics"}) {
    auto res = client->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_LT(res->status, 500) << path << ": " << res->body;
  }
  auto calendar = client->Get("/api/v1/calendar.ics");
  ASSERT_TRUE(calendar);
  EXPECT_NE(calendar->body.find("Good"), std::string::npos) << calendar->body;
}

}  // namespace
}  // namespace schedulight
