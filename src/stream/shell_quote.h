#pragma once
// Quoting for the remote side of a live-stream command (SPEC 4.7). scheduLight
// runs no local shell, but the streamer host's sshd hands the command string
// to a shell there, so every value put into it is single-quoted.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schedulight {

// 'value' with every ' written as '\'' so a POSIX shell reads value verbatim.
std::string ShellQuote(std::string_view value);

// NAME='value' NAME2='value2' ...; names must be [A-Z_][A-Z0-9_]*.
std::string ShellAssignments(const std::vector<std::pair<std::string, std::string>>& variables);

}  // namespace schedulight
