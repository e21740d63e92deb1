// bbb-sim's answers against the real ones in tests/fixtures/bbb: the same
// elements in the same order, the same messageKeys (and messages, where the
// fixture carries bbb-web's current wording). Values differ by nature (IDs,
// times), so the comparison looks at element paths; the children of
// <metadata> and <customdata> are data, not structure, and are skipped.

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "bbb/api_url.h"
#include "sim_server.h"

namespace schedulight {
namespace {

using sim::SimBbb;

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(SCHEDULIGHT_FIXTURES_DIR) / name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void CollectPaths(pugi::xml_node node, const std::string& prefix, std::vector<std::string>& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string path = prefix + "/" + child.name();
    out.push_back(path);
    const std::string name = child.name();
    if (name != "metadata" && name != "customdata") CollectPaths(child, path, out);
  }
}

// Every element as its path from the root, in document order.
std::vector<std::string> ElementPaths(const std::string& xml, pugi::xml_node* root = nullptr) {
  static pugi::xml_document document;  // keeps root valid for the caller
  EXPECT_TRUE(document.load_string(xml.c_str())) << xml;
  std::vector<std::string> paths;
  CollectPaths(document, "", paths);
  if (root) *root = document.child("response");
  return paths;
}

std::string Child(const std::string& xml, const char* name) {
  pugi::xml_document document;
  document.load_string(xml.c_str());
  return document.child("response").child_value(name);
}

// The structure of the first <name> element under parent, as paths below it.
std::vector<std::string> FirstElementPaths(const std::string& xml, const char* parent,
                                           const char* name) {
  pugi::xml_document document;
  document.load_string(xml.c_str());
  std::vector<std::string> paths;
  CollectPaths(document.child("response").child(parent).child(name), "", paths);
  return paths;
}

void ExpectSameShape(const std::string& simulated, const std::string& fixture_name,
                     bool same_message = true) {
  const std::string fixture = ReadFixture(fixture_name);
  EXPECT_EQ(ElementPaths(simulated), ElementPaths(fixture)) << fixture_name << "\n" << simulated;
  EXPECT_EQ(Child(simulated, "returncode"), Child(fixture, "returncode")) << fixture_name;
  EXPECT_EQ(Child(simulated, "messageKey"), Child(fixture, "messageKey")) << fixture_name;
  if (same_message) {
    EXPECT_EQ(Child(simulated, "message"), Child(fixture, "message")) << fixture_name;
  }
}

class SimFixturesTest : public ::testing::Test {
 protected:
  std::string Call(const std::string& call, const QueryParams& params) {
    return bbb_.Call(call, params).body;
  }
  void CreateMeeting(const std::string& id, QueryParams extra = {}) {
    QueryParams params = {
        {"meetingID", id}, {"name", "Meeting " + id}, {"attendeePW", "ap"}, {"moderatorPW", "mp"}};
    params.insert(params.end(), extra.begin(), extra.end());
    ASSERT_EQ(Child(Call("create", params), "returncode"), "SUCCESS");
  }

  SimBbb bbb_{{.seed = 7}};
};

TEST_F(SimFixturesTest, Create) {
  ExpectSameShape(Call("create", {{"meetingID", "m1"}, {"name", "Meeting"}}), "create-success.xml");
  ExpectSameShape(Call("create", {{"meetingID", "m1"}, {"name", "Meeting"}}),
                  "create-duplicateWarning.xml");
  ExpectSameShape(Call("create", {{"meetingID", "m1"}, {"name", "Meeting"}, {"attendeePW", "xy"}}),
                  "create-idNotUnique.xml");
}

TEST_F(SimFixturesTest, MissingMeetingIdHasTheSameKey) {
  // The fixture carries the pre-2.4 message; the simulator speaks 2.4+.
  ExpectSameShape(Call("getMeetingInfo", {}), "missingParamMeetingID.xml", false);
}

TEST_F(SimFixturesTest, JoinWithoutRedirect) {
  CreateMeeting("m1");
  ExpectSameShape(
      Call("join",
           {{"fullName", "A"}, {"meetingID", "m1"}, {"password", "ap"}, {"redirect", "false"}}),
      "join-success-redirect-false.xml");
}

TEST_F(SimFixturesTest, End) {
  CreateMeeting("m1");
  ExpectSameShape(Call("end", {{"meetingID", "m1"}, {"password", "mp"}}), "end-success.xml");
  ExpectSameShape(Call("end", {{"meetingID", "m1"}}), "end-notFound.xml");
}

TEST_F(SimFixturesTest, IsMeetingRunning) {
  CreateMeeting("m1");
  ExpectSameShape(Call("isMeetingRunning", {{"meetingID", "m1"}}), "isMeetingRunning-false.xml");
  ASSERT_TRUE(bbb_.AddAttendee("m1", "A", "MODERATOR", std::nullopt));
  ExpectSameShape(Call("isMeetingRunning", {{"meetingID", "m1"}}), "isMeetingRunning-true.xml");
  ExpectSameShape(Call("isMeetingRunning", {{"meetingID", "unknown"}}),
                  "isMeetingRunning-false.xml");
}

TEST_F(SimFixturesTest, GetMeetingInfo) {
  ExpectSameShape(Call("getMeetingInfo", {{"meetingID", "nope"}}), "getMeetingInfo-notFound.xml");
  CreateMeeting("m1", {{"meta_bbb-origin", "greenlight"}});
  ASSERT_EQ(Child(Call("join", {{"fullName", "Anton"},
                                {"meetingID", "m1"},
                                {"role", "MODERATOR"},
                                {"userdata-bbb_auto_join_audio", "true"},
                                {"redirect", "false"}}),
                  "returncode"),
            "SUCCESS");
  ExpectSameShape(Call("getMeetingInfo", {{"meetingID", "m1"}}),
                  "getMeetingInfo-running-metadata-docs-3.0.xml");
}

TEST_F(SimFixturesTest, GetMeetings) {
  ExpectSameShape(Call("getMeetings", {}), "getMeetings-none.xml");
  CreateMeeting("Dreammall-Entwicklung");
  ASSERT_TRUE(bbb_.AddAttendee("Dreammall-Entwicklung", "Peter", "MODERATOR", std::nullopt));
  ExpectSameShape(Call("getMeetings", {}), "getMeetings-one-running.xml");
}

TEST_F(SimFixturesTest, GetRecordings) {
  ExpectSameShape(Call("getRecordings", {}), "getRecordings-none.xml");
  CreateMeeting("m1", {{"record", "true"}});
  ASSERT_TRUE(bbb_.AddAttendee("m1", "A", "MODERATOR", std::nullopt));
  ASSERT_TRUE(bbb_.EndMeeting("m1"));
  const std::string simulated = Call("getRecordings", {{"meetingID", "m1"}});
  const std::string fixture = ReadFixture("getRecordings-two-docs.xml");
  // Same fields per recording, in the same order (the simulator has one
  // presentation format without preview images).
  auto recording_fields = [](const std::string& xml) {
    std::vector<std::string> fields;
    for (const auto& path : FirstElementPaths(xml, "recordings", "recording")) {
      if (path.find('/', 1) == std::string::npos) fields.push_back(path);
    }
    return fields;
  };
  EXPECT_EQ(recording_fields(simulated), recording_fields(fixture)) << simulated;
  auto format_fields = [](const std::string& xml) {
    pugi::xml_document document;
    document.load_string(xml.c_str());
    std::vector<std::string> fields;
    for (pugi::xml_node field : document.child("response")
                                    .child("recordings")
                                    .child("recording")
                                    .child("playback")
                                    .child("format")
                                    .children()) {
      fields.push_back(field.name());
    }
    return fields;
  };
  EXPECT_EQ(format_fields(simulated), format_fields(fixture));
}

TEST_F(SimFixturesTest, PublishAndDeleteRecordings) {
  CreateMeeting("m1", {{"record", "true"}});
  ASSERT_TRUE(bbb_.AddAttendee("m1", "A", "MODERATOR", std::nullopt));
  auto record_id = bbb_.AddRecording("m1");
  ASSERT_TRUE(record_id);
  ExpectSameShape(Call("publishRecordings", {{"recordID", *record_id}, {"publish", "true"}}),
                  "publishRecordings-success.xml");
  ExpectSameShape(Call("deleteRecordings", {{"recordID", *record_id}}),
                  "deleteRecordings-success.xml");
  ExpectSameShape(Call("deleteRecordings", {{"recordID", "nope"}}),
                  "deleteRecordings-notFound.xml");
}

TEST_F(SimFixturesTest, ApiVersionStartsLikeTheRealOne) {
  std::vector<std::string> simulated = ElementPaths(bbb_.Version().body);
  std::vector<std::string> real = ElementPaths(ReadFixture("apiVersion-3.0.xml"));
  ASSERT_LE(simulated.size(), real.size());
  real.resize(simulated.size());  // 3.0 adds plugin SDK and graphql URLs after these
  EXPECT_EQ(simulated, real);
}

TEST(SimFixturesOverHttp, ChecksumErrorLikeBbbWeb) {
  sim::SimServer server({.secret = "secret"});
  ASSERT_TRUE(server.Start());
  httplib::Client http(server.base_url());
  http.set_url_encode(false);
  auto response = http.Get("/bigbluebutton/api/getMeetings?checksum=" + std::string(40, 'a'));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);  // API errors are HTTP 200
  ExpectSameShape(response->body, "checksumError.xml");
  const std::string signed_path =
      SignedApiUrl("/bigbluebutton/api/", "getMeetings", {}, "secret", ChecksumAlgorithm::kSha1);
  auto accepted = http.Get(signed_path);
  ASSERT_TRUE(accepted);
  ExpectSameShape(accepted->body, "getMeetings-none.xml");
}

}  // namespace
}  // namespace schedulight
