#include "mail/template_set.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/meeting.h"
#include "core/text_scan.h"
#include "mail/builtin_templates.h"

namespace schedulight {
namespace {

constexpr std::string_view kExtension = ".mustache";

std::string_view StripExtension(std::string_view name) {
  if (name.ends_with(kExtension)) name.remove_suffix(kExtension.size());
  return name;
}

bool IsLanguageDirectory(const std::string& name) { return IsLanguageDirectoryName(name); }

std::expected<std::string, std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read mail template " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Adds every *.mustache file directly inside dir, keyed "<prefix><name>".
std::expected<void, std::string> AddDirectory(
    const std::filesystem::path& dir, const std::string& prefix,
    std::map<std::string, MailTemplate, std::less<>>& out) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error)
    return std::unexpected("cannot list template directory " + dir.string() + ": " +
                           error.message());
  for (const auto& entry : it) {
    const std::string file_name = entry.path().filename().string();
    if (!file_name.ends_with(kExtension) || !entry.is_regular_file(error)) continue;
    const std::string name(StripExtension(file_name));
    if (!IsSafeTemplateName(name)) continue;  // could never be looked up
    auto text = ReadFile(entry.path());
    if (!text) return std::unexpected(text.error());
    auto parsed = ParseTemplateFile(*text, name, entry.path().string());
    if (!parsed) return std::unexpected(parsed.error());
    out[prefix + name] = std::move(*parsed);
  }
  return {};
}

}  // namespace

std::expected<MailTemplate, std::string> ParseTemplateFile(std::string_view text,
                                                           const std::string& name,
                                                           const std::string& origin) {
  const std::size_t end_of_line = text.find('\n');
  std::string_view first = text.substr(0, end_of_line);
  if (first.ends_with('\r')) first.remove_suffix(1);
  constexpr std::string_view kSubject = "Subject:";
  if (first.size() < kSubject.size() ||
      !std::equal(kSubject.begin(), kSubject.end(), first.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return std::unexpected("mail template " + origin +
                           " does not start with a 'Subject: ...' line");
  }
  first.remove_prefix(kSubject.size());
  while (!first.empty() && (first.front() == ' ' || first.front() == '\t')) first.remove_prefix(1);
  std::string_view body = end_of_line == std::string_view::npos ? "" : text.substr(end_of_line + 1);
  if (body.starts_with("\r\n")) {
    body.remove_prefix(2);
  } else if (body.starts_with('\n')) {
    body.remove_prefix(1);
  }
  return MailTemplate{name, origin, std::string(first), std::string(body)};
}

const std::vector<std::string>& TemplateSet::Kinds() {
  static const std::vector<std::string> kKinds = {"meetingOwnerInfo",
                                                  "meetingOwnerStarted",
                                                  "meetingOwnerReminder",
                                                  "meetingInvitationInfo",
                                                  "meetingModeratorInfo",
                                                  "meetingShareInfo",
                                                  "roomShared",
                                                  "roomUnshared",
                                                  "roomLinks"};
  return kKinds;
}

const std::vector<std::string>& TemplateSet::BuiltinLanguages() {
  static const std::vector<std::string> kLanguages = {"en", "de"};
  return kLanguages;
}

TemplateSet TemplateSet::BuiltIn() {
  Layer layer{"built-in", {}};
  for (const auto& file : BuiltinTemplateFiles()) {
    // path is "<language>/<name>.mustache"; built-in files are checked by the tests.
    const std::string key(StripExtension(file.path));
    const std::string name = key.substr(key.find('/') + 1);
    auto parsed = ParseTemplateFile(file.text, name, "built-in " + std::string(file.path));
    if (parsed) layer.templates[key] = std::move(*parsed);
  }
  TemplateSet set;
  set.layers_.push_back(std::move(layer));
  return set;
}

std::expected<TemplateSet, std::string> TemplateSet::Load(const std::vector<std::string>& dirs) {
  TemplateSet set;
  for (const auto& dir_name : dirs) {
    const std::filesystem::path dir(dir_name);
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) continue;
    Layer layer{dir_name, {}};
    if (auto added = AddDirectory(dir, "", layer.templates); !added) {
      return std::unexpected(added.error());
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      const std::string language = entry.path().filename().string();
      if (!IsLanguageDirectory(language) || !entry.is_directory(error)) continue;
      if (auto added = AddDirectory(entry.path(), language + "/", layer.templates); !added) {
        return std::unexpected(added.error());
      }
    }
    if (error)
      return std::unexpected("cannot list template directory " + dir_name + ": " + error.message());
    set.layers_.push_back(std::move(layer));
  }
  set.layers_.push_back(std::move(BuiltIn().layers_.front()));
  return set;
}

std::expected<const MailTemplate*, std::string> TemplateSet::Find(std::string_view name,
                                                                  std::string_view language) const {
  const std::string bare(StripExtension(name));
  if (!IsSafeTemplateName(bare)) {
    return std::unexpected("'" + std::string(name) +
                           "' is not a template name (a plain file name inside a template "
                           "directory is required)");
  }
  const std::string localized = std::string(language) + "/" + bare;
  const std::string english = "en/" + bare;
  for (const auto& layer : layers_) {
    for (const std::string* key : {&localized, &bare, &english}) {
      // The English fallback applies to the built-in set only: a template
      // directory's en/ file must not shadow a built-in file in the mail's language.
      if (key == &english && &layer != &layers_.back()) continue;
      if (auto found = layer.templates.find(*key); found != layer.templates.end()) {
        return &found->second;
      }
    }
  }
  return std::unexpected("no mail template '" + bare + "' for language '" + std::string(language) +
                         "' in the template directories or the built-in set");
}

}  // namespace schedulight
