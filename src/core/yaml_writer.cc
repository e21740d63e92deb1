#include "core/yaml_writer.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

#include "core/yaml_document.h"

namespace schedulight {
namespace {

// Plain when ParseYaml reads the plain text back as this very string.
void EmitText(YAML::Emitter& out, const std::string& text) {
  auto read_back = ParseYaml(text);
  const bool plain = read_back && read_back->value.is_string() && read_back->value == text;
  if (plain) {
    out << text;
  } else {
    out << YAML::DoubleQuoted << text;
  }
}

void Emit(YAML::Emitter& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        EmitText(out, key);
        out << YAML::Value;
        Emit(out, item);
      }
      out << YAML::EndMap;
      return;
    case nlohmann::json::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& item : value) Emit(out, item);
      out << YAML::EndSeq;
      return;
    case nlohmann::json::value_t::string:
      EmitText(out, value.get<std::string>());
      return;
    case nlohmann::json::value_t::boolean:
      out << YAML::TrueFalseBool << value.get<bool>();
      return;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      out << YAML::Null;
      return;
    default:  // numbers: JSON's text is YAML's
      out << value.dump();
      return;
  }
}

}  // namespace

std::string YamlMappingEntry(const std::string& key, const nlohmann::json& value,
                             std::size_t indent, std::size_t step) {
  YAML::Emitter out;
  out.SetIndent(std::max<std::size_t>(step, 2));
  out << YAML::BeginMap << YAML::Key;
  EmitText(out, key);
  out << YAML::Value;
  Emit(out, value);
  out << YAML::EndMap;

  const std::string pad(indent, ' ');
  std::string text;
  std::istringstream lines(out.c_str());
  for (std::string line; std::getline(lines, line);) text += pad + line + "\n";
  return text;
}

}  // namespace schedulight
