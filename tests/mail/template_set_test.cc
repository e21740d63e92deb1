#include "mail/template_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mail/builtin_templates.h"

namespace schedulight {
namespace {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("schedulight-templates-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  void Write(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative) << text;
  }

 private:
  std::filesystem::path path_;
};

TEST(TemplateSetTest, EveryKindIsBuiltInForEveryLanguage) {
  const TemplateSet set = TemplateSet::BuiltIn();
  for (const auto& language : TemplateSet::BuiltinLanguages()) {
    for (const auto& kind : TemplateSet::Kinds()) {
      auto found = set.Find(kind, language);
      ASSERT_TRUE(found) << found.error();
      EXPECT_EQ((*found)->origin, "built-in " + language + "/" + kind + ".mustache");
      EXPECT_FALSE((*found)->subject.empty()) << kind;
      EXPECT_NE((*found)->body.find("<html"), std::string::npos) << kind;
    }
  }
}

TEST(TemplateSetTest, EveryBuiltInFileParses) {
  EXPECT_EQ(BuiltinTemplateFiles().size(),
            TemplateSet::Kinds().size() * TemplateSet::BuiltinLanguages().size());
  for (const auto& file : BuiltinTemplateFiles()) {
    EXPECT_TRUE(ParseTemplateFile(file.text, "x", std::string(file.path))) << file.path;
  }
}

TEST(TemplateSetTest, UnknownLanguageFallsBackToEnglish) {
  const TemplateSet set = TemplateSet::BuiltIn();
  auto found = set.Find("roomShared", "fr");
  ASSERT_TRUE(found);
  EXPECT_EQ((*found)->origin, "built-in en/roomShared.mustache");
}

TEST(TemplateSetTest, RefusesNamesThatAreNotPlainFileNames) {
  const TemplateSet set = TemplateSet::BuiltIn();
  for (const char* name : {"../etc/passwd", "/etc/passwd", "en/roomShared", "..", ".hidden",
                           "a/../../b", "", "room\nShared"}) {
    auto found = set.Find(name, "en");
    EXPECT_FALSE(found) << name;
    if (!found) {
      EXPECT_NE(found.error().find("not a template name"), std::string::npos) << name;
    }
  }
}

TEST(TemplateSetTest, DirectoriesComeBeforeTheBuiltInSet) {
  TempDir dir;
  dir.Write("de/meetingOwnerInfo.mustache", "Subject: Eigene {{meeting.name}}\n\n<p>de</p>\n");
  dir.Write("special.mustache", "Subject: Special\n<p>special</p>\n");
  dir.Write("notes.txt", "not a template");
  auto set = TemplateSet::Load({(dir.path() / "missing").string(), dir.path().string()});
  ASSERT_TRUE(set) << set.error();

  auto own = set->Find("meetingOwnerInfo", "de");
  ASSERT_TRUE(own);
  EXPECT_EQ(own.value()->subject, "Eigene {{meeting.name}}");
  EXPECT_EQ(own.value()->body, "<p>de</p>\n");
  // English still comes from the built-in set.
  EXPECT_EQ(set->Find("meetingOwnerInfo", "en").value()->origin,
            "built-in en/meetingOwnerInfo.mustache");
  // A meeting's own template, with or without the extension.
  EXPECT_EQ(set->Find("special.mustache", "en").value()->subject, "Special");
  EXPECT_EQ(set->Find("special", "de").value()->body, "<p>special</p>\n");
  EXPECT_FALSE(set->Find("notes", "en"));
  EXPECT_FALSE(set->Find("notes.txt", "en"));
}

TEST(TemplateSetTest, FilesOutsideTheDirectoriesCannotBeReached) {
  TempDir dir;
  dir.Write("inside/t.mustache", "Subject: inside\n<p></p>\n");
  dir.Write("outside.mustache", "Subject: outside\n<p></p>\n");
  auto set = TemplateSet::Load({(dir.path() / "inside").string()});
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->Find("t", "en"));
  EXPECT_FALSE(set->Find("../outside", "en"));
  EXPECT_FALSE(set->Find((dir.path() / "outside.mustache").string(), "en"));
  EXPECT_FALSE(set->Find("outside", "en"));
}

TEST(TemplateSetTest, AFileWithoutSubjectLineIsAnError) {
  TempDir dir;
  dir.Write("broken.mustache", "<p>no subject</p>\n");
  auto set = TemplateSet::Load({dir.path().string()});
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().find("broken.mustache"), std::string::npos);
  EXPECT_NE(set.error().find("Subject:"), std::string::npos);
}

TEST(TemplateSetTest, ParseTemplateFileHandlesCrlfAndCase) {
  auto parsed = ParseTemplateFile("subject:   Hi {{x}}\r\n\r\n<p>b</p>\r\n", "n", "o");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, "Hi {{x}}");
  EXPECT_EQ(parsed->body, "<p>b</p>\r\n");
}

}  // namespace
}  // namespace schedulight
