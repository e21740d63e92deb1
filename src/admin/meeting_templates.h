#pragma once
// A meeting may name its own mail templates (meetingOwnerInfoTemplate,
// meetingInvitationInfoTemplate, ...: the original's keys). Each name must
// select a template that exists, checked when the meeting is stored (apply,
// the API), not first when its mail is due: the admin hears of a typo or of
// the original's Jinja file names (`….j2`) at once, with the field named.

#include <functional>
#include <string>

#include "core/field_error.h"
#include "core/meeting.h"
#include "mail/template_set.h"

namespace schedulight {

// The template set, loaded only when a meeting names a template (most do
// not, so storing them reads no template directory).
using TemplateSetSource = std::function<const TemplateSet*(std::string& error)>;

// Appends an error at `<path>.<kind>Template` for each template the meeting
// names that does not exist in its language (the meeting's `language`, else
// default_language). path: the meeting's path in the document ("meetings.m1",
// or "" for an API body).
void CheckMeetingTemplates(const Meeting& meeting, const std::string& path,
                           const std::string& default_language, const TemplateSetSource& templates,
                           FieldErrors& errors);

// A TemplateSetSource that loads the directories once, on first use.
TemplateSetSource LoadTemplatesOnce(std::vector<std::string> directories);

}  // namespace schedulight
