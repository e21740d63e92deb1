#include "xml_writer.h"

namespace schedulight::sim {

std::string EscapeXml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  return escaped;
}

XmlWriter& XmlWriter::Open(std::string_view name) {
  xml_.append("<").append(name).append(">\n");
  return *this;
}

XmlWriter& XmlWriter::Close(std::string_view name) {
  xml_.append("</").append(name).append(">\n");
  return *this;
}

XmlWriter& XmlWriter::Text(std::string_view name, std::string_view text) {
  xml_.append("<").append(name).append(">");
  xml_ += EscapeXml(text);
  xml_.append("</").append(name).append(">\n");
  return *this;
}

XmlWriter& XmlWriter::Bool(std::string_view name, bool value) {
  return Text(name, value ? "true" : "false");
}

XmlWriter& XmlWriter::Number(std::string_view name, std::int64_t value) {
  return Text(name, std::to_string(value));
}

XmlWriter& XmlWriter::Empty(std::string_view name) {
  xml_.append("<").append(name).append("/>\n");
  return *this;
}

XmlWriter& XmlWriter::Raw(std::string_view xml) {
  xml_.append(xml);
  return *this;
}

std::string FailedXml(std::string_view message_key, std::string_view message) {
  XmlWriter xml;
  xml.Open("response")
      .Text("returncode", "FAILED")
      .Text("messageKey", message_key)
      .Text("message", message)
      .Close("response");
  return xml.str();
}

}  // namespace schedulight::sim
