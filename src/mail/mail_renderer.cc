#include "mail/mail_renderer.h"

#include <mstch/mstch.hpp>

#include "mail/html_text.h"

namespace schedulight {
namespace {

// JSON values as mstch nodes. Objects become maps so dotted names
// ({{meeting.name}}) resolve; null becomes an empty (false) value.
mstch::node ToNode(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mstch::map map;
      for (const auto& [key, item] : value.items()) map.emplace(key, ToNode(item));
      return map;
    }
    case nlohmann::json::value_t::array: {
      mstch::array array;
      for (const auto& item : value) array.push_back(ToNode(item));
      return array;
    }
    case nlohmann::json::value_t::string:
      return value.get<std::string>();
    case nlohmann::json::value_t::boolean:
      return value.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: {
      const auto number = value.get<long long>();
      if (number >= INT32_MIN && number <= INT32_MAX) return static_cast<int>(number);
      return std::to_string(number);
    }
    case nlohmann::json::value_t::number_float:
      return value.get<double>();
    default:
      return std::string();  // null, binary, discarded: empty and false in sections
  }
}

}  // namespace

std::string SanitizeHeaderText(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    clean += (byte < 0x20 || byte == 0x7F) ? ' ' : c;
  }
  const std::size_t first = clean.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return clean.substr(first, clean.find_last_not_of(' ') - first + 1);
}

std::expected<RenderedMail, std::string> RenderMail(const MailTemplate& mail_template,
                                                    const nlohmann::json& model) {
  try {
    const mstch::node root = ToNode(model);
    RenderedMail mail;
    mail.subject =
        SanitizeHeaderText(DecodeHtmlEntities(mstch::render(mail_template.subject, root)));
    mail.html = mstch::render(mail_template.body, root);
    mail.text = HtmlToText(mail.html);
    return mail;
  } catch (const std::exception& e) {
    return std::unexpected("cannot render mail template " + mail_template.origin + ": " + e.what());
  }
}

}  // namespace schedulight
