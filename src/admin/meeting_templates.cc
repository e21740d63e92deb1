#include "admin/meeting_templates.h"

#include <memory>
#include <optional>

namespace schedulight {

void CheckMeetingTemplates(const Meeting& meeting, const std::string& path,
                           const std::string& default_language, const TemplateSetSource& templates,
                           FieldErrors& errors) {
  const nlohmann::json& document = meeting.document;
  for (const std::string& kind : TemplateSet::Kinds()) {
    const std::string key = kind + "Template";
    const auto named = document.find(key);
    if (named == document.end() || !named->is_string()) continue;
    const std::string field = path.empty() ? key : path + "." + key;
    std::string load_error;
    const TemplateSet* set = templates(load_error);
    if (set == nullptr) {
      errors.push_back({field, "cannot check the template: " + load_error});
      continue;
    }
    const std::string name = named->get<std::string>();
    const std::string language = document.value("language", default_language);
    if (auto found = set->Find(name, language); !found) {
      std::string hint;
      if (name.ends_with(".j2") || name.ends_with(".jinja")) {
        hint = "; scheduLight's templates are mustache files, named without extension (e.g. '" +
               kind + "', or a file " + kind +
               ".mustache in a `templates` directory, see docs/mail.md)";
      }
      errors.push_back({field, found.error() + hint});
    }
  }
}

TemplateSetSource LoadTemplatesOnce(std::vector<std::string> directories) {
  struct Loaded {
    std::vector<std::string> directories;
    std::optional<std::expected<TemplateSet, std::string>> set;
  };
  auto loaded = std::make_shared<Loaded>(Loaded{std::move(directories), std::nullopt});
  return [loaded](std::string& error) -> const TemplateSet* {
    if (!loaded->set) loaded->set = TemplateSet::Load(loaded->directories);
    if (!*loaded->set) {
      error = loaded->set->error();
      return nullptr;
    }
    return &**loaded->set;
  };
}

}  // namespace schedulight
