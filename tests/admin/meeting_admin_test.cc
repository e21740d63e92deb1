#include "admin/meeting_admin.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

class MeetingAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Transact([](StoreSession& s) {
      s.PutServer({"bbb", nlohmann::json::object()});
      s.PutMeeting({.id = "m1", .server_id = "bbb", .document = {{"meetingName", "Eins"}}});
      s.RecordStatus("m1", kMainStep, {FromUnixSeconds(1), status_code::kNew, "new"});
    }));
  }
  std::unique_ptr<Store> store_;
};

TEST_F(MeetingAdminTest, DisableSets900AndEnableLiftsIt) {
  auto disabled = DisableMeeting(*store_, "m1", FromUnixSeconds(10));
  ASSERT_TRUE(disabled);
  EXPECT_TRUE(*disabled);
  EXPECT_FALSE(*DisableMeeting(*store_, "m1", FromUnixSeconds(11)));  // already
  EXPECT_EQ(GetMeetingOverview(*store_, "m1")->status->code, 900);

  auto enabled = EnableMeeting(*store_, "m1", FromUnixSeconds(20));
  ASSERT_TRUE(enabled);
  EXPECT_TRUE(*enabled);
  auto overview = GetMeetingOverview(*store_, "m1");
  EXPECT_EQ(overview->status->code, 200);
  EXPECT_EQ(overview->meeting.next_due_at, FromUnixSeconds(20));
  EXPECT_FALSE(*EnableMeeting(*store_, "m1", FromUnixSeconds(21)));

  auto history = GetMeetingStatus(*store_, "m1");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->at("status").size(), 3u);
}

TEST_F(MeetingAdminTest, UnknownMeetingIsNotFound) {
  for (auto failure :
       {DisableMeeting(*store_, "nope", {}).error(), EnableMeeting(*store_, "nope", {}).error()}) {
    EXPECT_EQ(failure.kind, MeetingError::kNotFound);
    EXPECT_EQ(failure.message, "no meeting 'nope' in the store");
  }
  EXPECT_FALSE(GetMeetingOverview(*store_, "nope"));
  EXPECT_FALSE(GetMeetingStatus(*store_, "nope"));
  EXPECT_FALSE(DeleteMeeting(*store_, "nope"));
}

TEST_F(MeetingAdminTest, DeleteRemovesTheMeeting) {
  ASSERT_TRUE(DeleteMeeting(*store_, "m1"));
  EXPECT_TRUE(ListMeetingOverviews(*store_)->empty());
}

TEST_F(MeetingAdminTest, JsonShape) {
  auto overview = GetMeetingOverview(*store_, "m1");
  ASSERT_TRUE(overview);
  const nlohmann::json json = MeetingOverviewJson(*overview);
  EXPECT_EQ(json["id"], "m1");
  EXPECT_EQ(json["meetingName"], "Eins");
  EXPECT_TRUE(json["startsAt"].is_null());
  EXPECT_EQ(json["status"]["code"], 200);
  EXPECT_EQ(json["status"]["time"], "1970-01-01T00:00:01Z");
  EXPECT_EQ(json["document"]["meetingName"], "Eins");
}

}  // namespace
}  // namespace schedulight
