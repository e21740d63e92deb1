#pragma once
// Writes XML the way bbb-web's FreeMarker templates come out after
// <#compress>: no declaration, no indentation, one element per line, and the
// five XML special characters escaped (& < > " ').

#include <cstdint>
#include <string>
#include <string_view>

namespace schedulight::sim {

class XmlWriter {
 public:
  XmlWriter& Open(std::string_view name);
  XmlWriter& Close(std::string_view name);
  // Distinct names, so a string literal never turns into a bool.
  XmlWriter& Text(std::string_view name, std::string_view text);
  XmlWriter& Bool(std::string_view name, bool value);
  XmlWriter& Number(std::string_view name, std::int64_t value);
  // <name/>, as getMeetings writes an empty meetings list.
  XmlWriter& Empty(std::string_view name);
  // Appends text as it is (already XML).
  XmlWriter& Raw(std::string_view xml);

  const std::string& str() const { return xml_; }

 private:
  std::string xml_;
};

std::string EscapeXml(std::string_view text);

// A complete FAILED answer: returncode, messageKey, message.
std::string FailedXml(std::string_view message_key, std::string_view message);

}  // namespace schedulight::sim
