#include "stream/shell_quote.h"

namespace schedulight {

std::string ShellQuote(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

std::string ShellAssignments(const std::vector<std::pair<std::string, std::string>>& variables) {
  std::string text;
  for (const auto& [name, value] : variables) {
    if (!text.empty()) text += ' ';
    text += name + "=" + ShellQuote(value);
  }
  return text;
}

}  // namespace schedulight
