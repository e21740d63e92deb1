#pragma once
// The mail templates scheduLight can use, loaded once at start-up.
//
// A template is a mustache file whose first line is "Subject: ..." and whose
// remaining lines are the HTML body (docs/mail.md has the variable model).
// Templates come from two places, searched in this order:
//   1. the directories of the app config's `templates` list; in each, first
//      <dir>/<language>/<name>.mustache, then <dir>/<name>.mustache;
//   2. the built-in set compiled into the binary (templates/<language>/ in
//      the source tree), in the mail's language, then in English.
// Every *.mustache file is read when the set is loaded; a lookup is a map
// search by name and never touches the file system. So a per-meeting
// template name (the original's meetingOwnerInfoTemplate, ...) can only
// select a file that is inside a template directory: names with a slash,
// "..", or a leading dot are refused before any lookup.

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace schedulight {

struct MailTemplate {
  std::string name;     // file name without ".mustache": "meetingOwnerInfo"
  std::string origin;   // "built-in en/meetingOwnerInfo.mustache" or the file path
  std::string subject;  // mustache text of the Subject: line
  std::string body;     // mustache text of the HTML body
};

// Splits a template file into its subject and body. The first line must be
// "Subject: ..."; one blank line after it is dropped. origin names the file
// in the error message.
std::expected<MailTemplate, std::string> ParseTemplateFile(std::string_view text,
                                                           const std::string& name,
                                                           const std::string& origin);

class TemplateSet {
 public:
  // The template kinds scheduLight sends, each built in for every language.
  static const std::vector<std::string>& Kinds();
  // Languages with a built-in set; "en" is the fallback.
  static const std::vector<std::string>& BuiltinLanguages();

  // Only the built-in set.
  static TemplateSet BuiltIn();

  // Reads the template files of dirs (a missing directory is skipped, an
  // unreadable one or a malformed template file is an error) on top of the
  // built-in set.
  static std::expected<TemplateSet, std::string> Load(const std::vector<std::string>& dirs);

  // The template called name (with or without ".mustache") for language;
  // the pointer lives as long as this set.
  // Errors: an unsafe name, or no such template anywhere.
  std::expected<const MailTemplate*, std::string> Find(std::string_view name,
                                                       std::string_view language) const;

 private:
  // One source of templates: keys are "<language>/<name>" and "<name>".
  struct Layer {
    std::string description;
    std::map<std::string, MailTemplate, std::less<>> templates;
  };
  std::vector<Layer> layers_;  // search order; the built-in layer is last
};

}  // namespace schedulight
