#pragma once
// Printing helpers shared by the subcommands: aligned text tables for people,
// indented JSON for scripts (`--json`, a stable format).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace schedulight {

void PrintJson(const nlohmann::json& value);

// Prints rows under a header with columns padded to their widest cell
// (measured in UTF-8 code points, so umlauts do not shift the columns).
void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

}  // namespace schedulight
