#include "core/csv_import.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace schedulight {
namespace {

MeetingDefaults Vienna() { return {FindTimeZone("Europe/Vienna")}; }

CsvImport Parse(std::string_view text) { return ParseMeetingsCsv(text, Vienna()); }

std::vector<std::string> Messages(const CsvImport& parsed) {
  std::vector<std::string> messages;
  for (const auto& error : parsed.errors) messages.push_back(error.Located("people.csv"));
  return messages;
}

const char* kAnna =
    "Anna;Müller;Anna.Mueller@Example.org;geheim;2026-12-01 10:00;room.example.org;"
    "live.example.org;Vorlesung Mathematik;bbb2";

TEST(CsvImportTest, LineBecomesAMeetingAsTheOriginalBuiltIt) {
  CsvImport parsed = Parse(std::string(kAnna) + "\n");
  ASSERT_TRUE(parsed.errors.empty()) << Messages(parsed).front();
  ASSERT_EQ(parsed.meetings.size(), 1u);
  const CsvMeeting& imported = parsed.meetings[0];
  EXPECT_EQ(imported.line, 1);
  EXPECT_EQ(imported.meeting.id, "anna_mueller_example_org");
  EXPECT_EQ(imported.meeting.server_id, "bbb2");
  EXPECT_TRUE(imported.meeting.use_home_room);
  ASSERT_TRUE(imported.meeting.starts_at);
  EXPECT_EQ(FormatUtc(*imported.meeting.starts_at), "2026-12-01T09:00:00Z");
  const nlohmann::json expected = {{"meetingName", "Anna Müller"},
                                   {"useHomeRoom", true},
                                   {"owner",
                                    {{"email", "anna.mueller@example.org"},
                                     {"fullName", "Anna Müller"},
                                     {"password", "geheim"}}},
                                   {"server", "bbb2"},
                                   {"startDate", "2026-12-01 10:00"},
                                   {"meetingTitle", "Vorlesung Mathematik"},
                                   {"muteOnStart", true},
                                   {"liveStreaming",
                                    {{"streamerHost", "live.example.org"},
                                     {"targetUrl", "rtmp://live.example.org/stream/bbb"}}}};
  EXPECT_EQ(imported.meeting.document, expected);
}

TEST(CsvImportTest, EmptyOptionalFieldsAreLeftOut) {
  CsvImport parsed = Parse("Jörg;Weiß;joerg@example.org;;0000-00-00;;;;\n");
  ASSERT_TRUE(parsed.errors.empty()) << Messages(parsed).front();
  ASSERT_EQ(parsed.meetings.size(), 1u);
  const nlohmann::json& document = parsed.meetings[0].meeting.document;
  EXPECT_EQ(document["server"], "bbb");  // the original CLI's default server
  EXPECT_EQ(parsed.meetings[0].meeting.server_id, "bbb");
  EXPECT_FALSE(document.contains("startDate"));
  EXPECT_FALSE(parsed.meetings[0].meeting.starts_at);
  EXPECT_FALSE(document.contains("liveStreaming"));
  EXPECT_FALSE(document.contains("meetingTitle"));
  EXPECT_FALSE(document["owner"].contains("password"));
  EXPECT_EQ(document["owner"]["fullName"], "Jörg Weiß");
}

TEST(CsvImportTest, AnEmptyStartDateMeansNone) {
  CsvImport parsed = Parse("A;B;a@example.org;;;;;;\n");
  ASSERT_EQ(parsed.meetings.size(), 1u);
  EXPECT_FALSE(parsed.meetings[0].meeting.document.contains("startDate"));
}

TEST(CsvImportTest, OneNameAloneHasNoStrayBlank) {
  CsvImport parsed = Parse("Madonna;;m@example.org;;;;;;\n;Cher;c@example.org;;;;;;\n");
  ASSERT_EQ(parsed.meetings.size(), 2u);
  EXPECT_EQ(parsed.meetings[0].meeting.name, "Madonna");
  EXPECT_EQ(parsed.meetings[1].meeting.name, "Cher");
}

TEST(CsvImportTest, MeetingIdComesFromTheAddress) {
  EXPECT_EQ(CsvMeetingId(" V.N@Domain.Invalid "), "v_n_domain_invalid");
  EXPECT_EQ(CsvMeetingId("first.last+tag@uni-klu.ac.at"), "first_last+tag_uni-klu_ac_at");
}

TEST(CsvImportTest, TheOriginalExampleLineIsRead) {
  CsvImport parsed = Parse(
      "Vorname;Nachname;v.n@domain.invalid;PassWord;2020-06-30 00:00;room.invalid;"
      "live.url.invalid;the title;server\n");
  ASSERT_TRUE(parsed.errors.empty()) << Messages(parsed).front();
  ASSERT_EQ(parsed.meetings.size(), 1u);
  EXPECT_EQ(parsed.meetings[0].meeting.id, "v_n_domain_invalid");
  EXPECT_EQ(parsed.meetings[0].meeting.server_id, "server");
}

TEST(CsvImportTest, BomCrlfBlankLinesAndBlanksAroundFields) {
  CsvImport parsed = Parse(
      "\xEF\xBB\xBF"
      " Anna ; Müller ;  anna@example.org\t; pw ; 2026-12-01 10:00 ; ; live.example.org ; "
      "Titel ; bbb \r\n"
      "\r\n"
      "   \r\n"
      "Ömer;Çelik;oemer@example.org;;0000-00-00;;;;\r\n");
  ASSERT_TRUE(parsed.errors.empty()) << Messages(parsed).front();
  ASSERT_EQ(parsed.meetings.size(), 2u);
  const nlohmann::json& anna = parsed.meetings[0].meeting.document;
  EXPECT_EQ(anna["meetingName"], "Anna Müller");
  EXPECT_EQ(anna["owner"]["email"], "anna@example.org");
  EXPECT_EQ(anna["owner"]["password"], "pw");
  EXPECT_EQ(anna["meetingTitle"], "Titel");
  EXPECT_EQ(anna["server"], "bbb");
  EXPECT_EQ(anna["liveStreaming"]["streamerHost"], "live.example.org");
  EXPECT_EQ(parsed.meetings[1].line, 4);
  EXPECT_EQ(parsed.meetings[1].meeting.name, "Ömer Çelik");
  EXPECT_FALSE(parsed.has_header);
}

TEST(CsvImportTest, HeaderLineIsSkippedOnlyWhenItNamesTheColumns) {
  CsvImport parsed = Parse(
      "\xEF\xBB\xBFgivenname;surname;email;password;startdate;room_url;live_url;title;"
      "server\r\nA;B;a@example.org;;;;;;\r\n");
  EXPECT_TRUE(parsed.has_header);
  EXPECT_TRUE(parsed.errors.empty());
  ASSERT_EQ(parsed.meetings.size(), 1u);
  EXPECT_EQ(parsed.meetings[0].line, 2);

  // Any other first line is data, and here bad data.
  CsvImport other = Parse("Vorname;Nachname;E-Mail;Passwort;Start;Raum;Live;Titel;Server\n");
  EXPECT_FALSE(other.has_header);
  EXPECT_EQ(other.BadLines(), std::vector<int>{1});
  EXPECT_EQ(Messages(other).front(), "people.csv:1: email 'e-mail' is not a mail address");

  // The header counts only as the first line.
  CsvImport later = Parse(
      "A;B;a@example.org;;;;;;\ngivenname;surname;email;password;startdate;room_url;live_url;"
      "title;server\n");
  EXPECT_EQ(later.BadLines(), std::vector<int>{2});
}

TEST(CsvImportTest, BadLinesAreReportedWithTheirColumn) {
  CsvImport parsed = Parse(
      "Anna;Müller;anna@example.org;;2026-12-01 10:00;;;;\n"
      "B;C;not-an-address;;;;;;\n"
      "D;E;d@example.org;;2026-02-30 10:00;;;;\n"
      "F;G;f@example.org;;;;http://live.example.org;;\n"
      ";;h@example.org;;;;;;\n"
      "I;J;;;;;;;\n"
      "too;few;fields\n"
      "K;L;k@example.org;;2026-03-29 02:30;;;;\n"
      "M;N;m@example.org;;tomorrow;;;;\n");
  ASSERT_EQ(parsed.meetings.size(), 1u);
  EXPECT_EQ(parsed.meetings[0].meeting.id, "anna_example_org");
  const std::vector<std::string> messages = Messages(parsed);
  ASSERT_EQ(messages.size(), 8u);
  EXPECT_EQ(messages[0], "people.csv:2: email 'not-an-address' is not a mail address");
  EXPECT_EQ(messages[1],
            "people.csv:3: startdate '2026-02-30 10:00' is not a valid calendar date and time");
  EXPECT_EQ(messages[2],
            "people.csv:4: live_url 'http://live.example.org' is not a host name (write it "
            "without http://)");
  EXPECT_EQ(messages[3], "people.csv:5: givenname and surname are both empty");
  EXPECT_EQ(messages[4], "people.csv:6: email is empty");
  EXPECT_EQ(messages[5],
            "people.csv:7: has 3 fields, expected 9: "
            "givenname;surname;email;password;startdate;room_url;live_url;title;server");
  EXPECT_TRUE(messages[6].starts_with("people.csv:8: startdate '2026-03-29 02:30' "))
      << messages[6];
  EXPECT_TRUE(messages[7].starts_with("people.csv:9: startdate 'tomorrow' ")) << messages[7];
  EXPECT_EQ(parsed.BadLines(), (std::vector<int>{2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(CsvImportTest, ALineWithSeveralProblemsNamesThemAll) {
  CsvImport parsed = Parse(";;nope;;2026-13-01 10:00;;http://x;;\n");
  const std::vector<std::string> messages = Messages(parsed);
  EXPECT_EQ(parsed.BadLines(), std::vector<int>{1});
  EXPECT_EQ(messages.size(), 4u);
  EXPECT_NE(std::ranges::find(messages, "people.csv:1: email 'nope' is not a mail address"),
            messages.end());
  EXPECT_NE(std::ranges::find(messages, "people.csv:1: givenname and surname are both empty"),
            messages.end());
}

TEST(CsvImportTest, AnAddressThatMakesNoUsableIdIsAnEmailError) {
  CsvImport parsed = Parse("A;B;_a@example.org;;;;;;\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_TRUE(parsed.errors[0].message.starts_with("email: id '_a_example_org' must start"))
      << parsed.errors[0].message;
}

TEST(CsvImportTest, DuplicateIdIsAnErrorOnTheLaterLine) {
  CsvImport parsed = Parse(
      "A;B;anna@example.org;;;;;;\n"
      "C;D;anna.example@org.at;;;;;;\n"
      "E;F; Anna@Example.org ;;;;;;\n"
      "G;H;anna@example.org.at;;;;;;\n");
  ASSERT_EQ(parsed.meetings.size(), 2u);
  EXPECT_EQ(parsed.meetings[0].line, 1);
  EXPECT_EQ(parsed.meetings[1].line, 2);
  EXPECT_EQ(Messages(parsed), (std::vector<std::string>{
                                  "people.csv:3: email 'anna@example.org' gives the meeting id "
                                  "'anna_example_org' of line 1",
                                  "people.csv:4: email 'anna@example.org.at' gives the meeting id "
                                  "'anna_example_org_at' of line 2"}));
}

TEST(CsvImportTest, TextThatIsNotUtf8IsNamed) {
  // "Müller" in Latin-1, as a spreadsheet may save it.
  CsvImport parsed = Parse("Anna;M\xFCller;anna@example.org;;;;;;\nB;C;b@example.org;;;;;;\n");
  EXPECT_EQ(Messages(parsed),
            std::vector<std::string>{
                "people.csv:1: is not UTF-8 text at byte 7 (0xFC); save the file as UTF-8"});
  ASSERT_EQ(parsed.meetings.size(), 1u);
  EXPECT_EQ(parsed.meetings[0].line, 2);
}

TEST(CsvImportTest, EmptyTextHasNothing) {
  for (const char* text : {"", "\xEF\xBB\xBF", "\n\n", "\r\n  \r\n"}) {
    CsvImport parsed = Parse(text);
    EXPECT_TRUE(parsed.meetings.empty());
    EXPECT_TRUE(parsed.errors.empty());
  }
}

TEST(CsvImportTest, LastLineWithoutNewlineIsRead) {
  CsvImport parsed = Parse("A;B;a@example.org;;;;;;\nC;D;c@example.org;;;;;;");
  ASSERT_EQ(parsed.meetings.size(), 2u);
  EXPECT_EQ(parsed.meetings[1].line, 2);
}

TEST(CsvImportTest, AVeryLongLineIsRefusedWholeAndTheRestIsRead) {
  const std::string huge(1 << 20, 'x');  // a 1 MB field
  CsvImport parsed = Parse("A;B;a@example.org;;;;;" + huge + ";\nC;D;c@example.org;;;;;;\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 1);
  EXPECT_EQ(parsed.errors[0].message, "is longer than 65536 bytes");
  ASSERT_EQ(parsed.meetings.size(), 1u);
  EXPECT_EQ(parsed.meetings[0].line, 2);
  // Without any newline at all, too.
  CsvImport one = Parse(std::string(10 << 20, ';'));
  ASSERT_EQ(one.errors.size(), 1u);
  EXPECT_EQ(one.errors[0].message, "is longer than 65536 bytes");
}

TEST(CsvImportTest, ControlCharactersAreNamedWithTheirColumn) {
  CsvImport parsed =
      Parse(std::string("A;B\0C;a@example.org;;;;;;\n", 26) + "D;E;d@example.org;;;;;ti\x01tle;\n");
  EXPECT_EQ(Messages(parsed),
            (std::vector<std::string>{
                "people.csv:1: has the control character 0x00 at byte 4 of the line",
                "people.csv:2: has the control character 0x01 at byte 25 of the line"}));
  EXPECT_TRUE(parsed.meetings.empty());
  // A tab is a blank.
  EXPECT_TRUE(Parse("A;B;\ta@example.org\t;;;;;;\n").errors.empty());
}

TEST(CsvImportTest, OverlongFormsAndSurrogatesAreNotUtf8) {
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
    CsvImport parsed = Parse(std::string("A;B") + bad + ";a@example.org;;;;;;\n");
    ASSERT_EQ(parsed.errors.size(), 1u) << bad;
    EXPECT_TRUE(parsed.errors[0].message.starts_with("is not UTF-8 text at byte 4 ")) << bad;
  }
}

}  // namespace
}  // namespace schedulight
