#pragma once
// Renders a MailTemplate with a variable model (a JSON object, see
// template_model.h and docs/mail.md) into the three texts a mail needs.
//
// Escaping: the template is rendered by mstch with HTML escaping of every
// {{value}}, so user-supplied values (names, meeting titles, descriptions)
// cannot add markup to the HTML body. The subject is rendered the same way
// and then unescaped and stripped of control characters (CR, LF, ...), so it
// shows the value as typed and can never start a new header line. The
// plain-text part is generated from the HTML (html_text.h).

#include <expected>
#include <nlohmann/json.hpp>
#include <string>

#include "mail/template_set.h"

namespace schedulight {

struct RenderedMail {
  std::string subject;  // one line, UTF-8, no control characters
  std::string html;
  std::string text;
};

std::expected<RenderedMail, std::string> RenderMail(const MailTemplate& mail_template,
                                                    const nlohmann::json& model);

// Replaces every control character (CR and LF included) by a space and trims
// the result: what a header value may hold.
std::string SanitizeHeaderText(std::string_view text);

}  // namespace schedulight
