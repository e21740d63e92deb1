#pragma once
// Hints for command lines CLI11 cannot parse: the original slCli.py's flags
// (`-m`, `-f TITLE`, `-l QUERY`, ...) mapped to the commands that replaced
// them, and a mistyped command with the closest real one ("unknown command
// 'lst' — did you mean 'list'?"). args are argv without argv[0].

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace schedulight {

// When the first argument after the global options is one of the original's
// flags: what to type now, e.g. "-m is now `schedulight meetings running`".
std::optional<std::string> OriginalFlagHint(const std::vector<std::string>& args);

// The first word that names no command where one is expected, with the
// closest command, e.g. "unknown command 'lst' — did you mean 'list'?".
std::optional<std::string> UnknownCommandHint(CLI::App& app, const std::vector<std::string>& args);

}  // namespace schedulight
