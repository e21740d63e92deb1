#include "cli/usage_hints.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>

namespace schedulight {
namespace {

// The global options that take a value (main.cc).
bool TakesValue(const std::string& arg) {
  return arg == "-c" || arg == "--config" || arg == "--log-level";
}

// args from the first one that is not a global option.
std::vector<std::string> AfterGlobalOptions(const std::vector<std::string>& args) {
  std::size_t i = 0;
  while (i < args.size()) {
    if (TakesValue(args[i])) {
      i += 2;
    } else if (args[i].starts_with("--config=") || args[i].starts_with("--log-level=")) {
      ++i;
    } else {
      break;
    }
  }
  return {args.begin() + static_cast<std::ptrdiff_t>(std::min(i, args.size())), args.end()};
}

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The original's flags that took a value, and what they are called now.
const std::map<std::string, std::string>& OriginalValueFlags() {
  static const std::map<std::string, std::string> flags = {
      {"-f", ""},     {"-l", ""},        {"-s", "-s"}, {"-S", "--store"},
      {"-b", "--by"}, {"-e", "--email"}, {"-p", ""}};
  return flags;
}

std::string Quoted(const std::string& text) {
  if (!text.empty() && text.find_first_of(" \t'\"\\$`") == std::string::npos) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::optional<std::string> OriginalFlagHint(const std::vector<std::string>& all) {
  const std::vector<std::string> args = AfterGlobalOptions(all);
  if (args.empty()) return std::nullopt;
  const std::string& first = args.front();
  if (first != "-m" && !OriginalValueFlags().contains(first)) return std::nullopt;
  // The original's options with their values, as given.
  std::map<std::string, std::string> given;
  bool running = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-m") {
      running = true;
    } else if (OriginalValueFlags().contains(args[i])) {
      given[args[i]] = i + 1 < args.size() ? args[i + 1] : "";
      ++i;
    }
  }
  auto option = [&](const char* flag) {
    auto found = given.find(flag);
    if (found == given.end()) return std::string();
    return " " + OriginalValueFlags().at(flag) + " " + Quoted(found->second);
  };
  std::string now;
  std::string was = first;
  if (given.contains("-l")) {
    was = "-l";
    now = "schedulight rooms links " + Quoted(given["-l"]) + option("-b") + option("-e") +
          option("-s");
  } else if (given.contains("-f")) {
    was = "-f";
    now = "schedulight meetings find " + Quoted(given["-f"]) + option("-S") + option("-s");
  } else if (running) {
    was = "-m";
    now = "schedulight meetings running" + option("-s");
  } else if (given.contains("-p")) {
    return fmt::format(
        "-p is now the app config's `defaults.preOpenMinutes` (or a meeting's preOpenMinutes); "
        "see docs/configuration.md");
  } else {
    return fmt::format(
        "{} belongs to the original command line: -m is now `schedulight meetings running`, "
        "-f TITLE `schedulight meetings find TITLE`, -l QUERY `schedulight rooms links QUERY`; "
        "options follow the command (`schedulight --help`)",
        first);
  }
  return fmt::format(
      "{} is now `{}` (the original's flags became commands; `schedulight "
      "--help` lists them)",
      was, now);
}

std::optional<std::string> UnknownCommandHint(CLI::App& app, const std::vector<std::string>& all) {
  CLI::App* current = &app;
  std::string path = "schedulight";
  for (const std::string& word : AfterGlobalOptions(all)) {
    if (word.starts_with("-")) return std::nullopt;  // options: CLI11's own message
    const std::vector<CLI::App*> commands = current->get_subcommands({});
    if (commands.empty()) return std::nullopt;  // a command's own arguments
    CLI::App* named = nullptr;
    const std::string* closest = nullptr;
    std::size_t best = 3;  // suggest only names at most two edits away
    for (CLI::App* command : commands) {
      if (command->get_name() == word) named = command;
      const std::size_t distance = EditDistance(word, command->get_name());
      if (distance < best || (command->get_name().starts_with(word) && best > 1)) {
        best = command->get_name().starts_with(word) ? 1 : distance;
        closest = &command->get_name();
      }
    }
    if (named != nullptr) {
      current = named;
      path += " " + word;
      continue;
    }
    if (closest != nullptr) {
      return fmt::format("unknown command '{}' — did you mean '{}'? (`{} {}`)", word, *closest,
                         path, *closest);
    }
    return fmt::format("unknown command '{}'; `{} --help` lists the commands", word, path);
  }
  return std::nullopt;
}

}  // namespace schedulight
