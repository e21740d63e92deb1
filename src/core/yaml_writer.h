#pragma once
// Writes JSON values as block-style YAML (yaml-cpp's emitter) that ParseYaml
// reads back as exactly the same value: text that would read as something
// else (true, 0042 is fine, 1234, null, "a: b") is quoted, everything else is
// written plain, UTF-8 as it is. Pure: no I/O.

#include <nlohmann/json.hpp>
#include <string>

namespace schedulight {

// "key:\n  field: value\n" for one mapping entry, each line indented by
// `indent` spaces, nested levels by `step` more (at least 2).
std::string YamlMappingEntry(const std::string& key, const nlohmann::json& value,
                             std::size_t indent, std::size_t step);

}  // namespace schedulight
