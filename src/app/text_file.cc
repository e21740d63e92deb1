#include "app/text_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace schedulight {

namespace fs = std::filesystem;

std::expected<std::optional<std::string>, std::string> ReadTextFileIfExists(
    const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    if (error) return std::unexpected(fmt::format("{}: {}", path, error.message()));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("{}: cannot read", path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::expected<void, std::string> ReplaceTextFile(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".schedulight-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return std::unexpected(fmt::format("{}: cannot write", temporary));
  }
  std::error_code error;
  if (fs::exists(path, error)) {
    fs::permissions(temporary, fs::status(path, error).permissions(), error);
  }
  fs::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return std::unexpected(fmt::format("{}: cannot replace: {}", path, error.message()));
  }
  return {};
}

}  // namespace schedulight
