// Checksums, query encoding and URL building against the vectors in the BBB docs.

#include "bbb/checksum.h"

#include <gtest/gtest.h>

#include "bbb/api_url.h"
#include "bbb/query.h"

namespace schedulight {
namespace {

constexpr const char* kDocSecret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";

TEST(Checksum, MatchesTheDocumentedVectors) {
  const std::string query =
      "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha1, "create", query, kDocSecret),
            "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17");
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha256, "create", query, kDocSecret),
            "da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e");
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha384, "create", query, kDocSecret),
            "891ac633df39d0a1b4f8d597f3e190833216c4b29c4fb51ea3ca72757eeb958d6e7b49a845cf29f5c60"
            "19c7d29d029d1");
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha512, "create", query, kDocSecret),
            "de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4b120f92c0a8a58d7512cb"
            "77821884951a3b01245f3435dbbef49fff3cc3988b4");
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha1, "getMeetings", "", kDocSecret),
            "2027baa7771026e9e93392f55031535d1444c41f");
  EXPECT_EQ(
      ApiChecksum(ChecksumAlgorithm::kSha1, "join",
                  "fullName=User&meetingID=My+Meeting&password=password&redirect=true", kDocSecret),
      "d7fdddda59b530a5acb56e77d5683c4324ceac4f");
}

TEST(Checksum, CoversTheEncodedQuery) {
  QueryParams params = {{"meetingID", "ue-1"}, {"name", "Übung & Test"}};
  const std::string query = BuildQuery(params);
  EXPECT_EQ(query, "meetingID=ue-1&name=%C3%9Cbung+%26+Test");
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha1, "create", query, kDocSecret),
            "cc9aa6683368897cd3ca6c59593ab4b4a9e29ca8");
  EXPECT_EQ(ApiChecksum(ChecksumAlgorithm::kSha256, "create", query, kDocSecret),
            "b05377a8da81e30086cfc99220ce2f9636d36d73cff9975e4ac5b12e46ede130");
}

TEST(Checksum, AlgorithmNamesAndLengths) {
  EXPECT_EQ(ParseChecksumAlgorithm("SHA256"), ChecksumAlgorithm::kSha256);
  EXPECT_EQ(ParseChecksumAlgorithm("md5"), std::nullopt);
  for (auto algorithm : {ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256,
                         ChecksumAlgorithm::kSha384, ChecksumAlgorithm::kSha512}) {
    EXPECT_EQ(ParseChecksumAlgorithm(ToString(algorithm)), algorithm);
    EXPECT_EQ(ChecksumAlgorithmForLength(HexDigest(algorithm, "x").size()), algorithm);
  }
  EXPECT_EQ(ChecksumAlgorithmForLength(32), std::nullopt);
}

TEST(Checksum, ComparesCaseInsensitively) {
  EXPECT_TRUE(ChecksumsEqual("abcdef", "ABCDEF"));
  EXPECT_FALSE(ChecksumsEqual("abcdef", "abcdee"));
  EXPECT_FALSE(ChecksumsEqual("abc", "abcd"));
}

TEST(Query, EncodesLikeFormUrlEncoding) {
  EXPECT_EQ(FormEncode("a b+c&d=e/f?g~h_i.j-k*"), "a+b%2Bc%26d%3De%2Ff%3Fg~h_i.j-k%2A");
  EXPECT_EQ(FormEncode("ä"), "%C3%A4");
  EXPECT_EQ(BuildQuery({}), "");
  EXPECT_EQ(BuildQuery({{"userdata-bbb_auto_join_audio", "true"}}),
            "userdata-bbb_auto_join_audio=true");
}

TEST(Query, DecodesWhatItEncodes) {
  const std::string text = "Übung & Test + 100% ~ \"quoted\"";
  EXPECT_EQ(FormDecode(FormEncode(text)), text);
  EXPECT_EQ(FormDecode("a%2"), "a%2");  // malformed escapes stay
  QueryParams parsed = ParseQuery("a=1&b=x+y&&c&d=%26");
  ASSERT_EQ(parsed.size(), 4u);
  EXPECT_EQ(parsed[1], (std::pair<std::string, std::string>{"b", "x y"}));
  EXPECT_EQ(parsed[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(parsed[3], (std::pair<std::string, std::string>{"d", "&"}));
}

TEST(ApiUrl, AcceptsEveryWayAdminsWriteBbbUrl) {
  const std::string expected = "https://bbb.example.org/bigbluebutton/api/";
  for (const char* written :
       {"https://bbb.example.org", "https://bbb.example.org/",
        "https://bbb.example.org/bigbluebutton", "https://bbb.example.org/bigbluebutton/",
        "https://bbb.example.org/bigbluebutton/api", "https://bbb.example.org/bigbluebutton/api/",
        " https://bbb.example.org/bigbluebutton/api//\n"}) {
    auto base = NormalizeApiBaseUrl(written);
    ASSERT_TRUE(base) << written << ": " << base.error();
    EXPECT_EQ(*base, expected) << written;
  }
  EXPECT_EQ(NormalizeApiBaseUrl("http://127.0.0.1:8090/lb/api").value(),
            "http://127.0.0.1:8090/lb/api/");
  EXPECT_EQ(NormalizeApiBaseUrl("HTTPS://Bbb.Example.org:8443/BigBlueButton/API").value(),
            "HTTPS://Bbb.Example.org:8443/BigBlueButton/API/");
}

TEST(ApiUrl, RejectsUnusableUrls) {
  EXPECT_FALSE(NormalizeApiBaseUrl("bbb.example.org"));
  EXPECT_FALSE(NormalizeApiBaseUrl("ftp://bbb.example.org"));
  EXPECT_FALSE(NormalizeApiBaseUrl("https:///bigbluebutton"));
  EXPECT_FALSE(NormalizeApiBaseUrl("https://bbb.example.org/api?x=1"));
}

TEST(ApiUrl, SignsTheQueryAsSent) {
  EXPECT_EQ(
      SignedApiUrl("https://h/bigbluebutton/api/", "getMeetings", {}, kDocSecret,
                   ChecksumAlgorithm::kSha1),
      "https://h/bigbluebutton/api/getMeetings?checksum=2027baa7771026e9e93392f55031535d1444c41f");
  EXPECT_EQ(SignedApiUrl("https://h/bigbluebutton/api/", "create",
                         {{"meetingID", "ue-1"}, {"name", "Übung & Test"}}, kDocSecret,
                         ChecksumAlgorithm::kSha1),
            "https://h/bigbluebutton/api/create?meetingID=ue-1&name=%C3%9Cbung+%26+Test"
            "&checksum=cc9aa6683368897cd3ca6c59593ab4b4a9e29ca8");
}

}  // namespace
}  // namespace schedulight
