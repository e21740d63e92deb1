#include "config/text_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace schedulight {

namespace fs = std::filesystem;

namespace {

std::string ErrnoText(int error) { return std::generic_category().message(error); }

std::string TooLarge(std::size_t max_bytes) {
  if (max_bytes % (1 << 20) == 0) {
    return fmt::format("is larger than {} MiB, the most scheduLight reads from a file",
                       max_bytes >> 20);
  }
  return fmt::format("is larger than {} bytes, the most scheduLight reads from a file", max_bytes);
}

// Reads fd to its end, or fails once more than max_bytes arrived.
std::expected<std::string, std::string> ReadBounded(int fd, std::size_t max_bytes) {
  std::string text;
  char chunk[65536];
  while (true) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return std::unexpected(ErrnoText(errno));
    if (got == 0) return text;
    if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
      return std::unexpected(TooLarge(max_bytes));
    }
    text.append(chunk, static_cast<std::size_t>(got));
  }
}

}  // namespace

std::expected<std::string, std::string> ReadInputFile(const std::string& path,
                                                      std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(ErrnoText(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) return std::unexpected(ErrnoText(errno));
  if (S_ISDIR(info.st_mode)) return std::unexpected("is a directory, not a file");
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    return std::unexpected(TooLarge(max_bytes));
  }
  return ReadBounded(fd, max_bytes);
}

std::expected<std::string, std::string> ReadStandardInput(std::size_t max_bytes) {
  return ReadBounded(STDIN_FILENO, max_bytes);
}

std::expected<std::optional<std::string>, std::string> ReadTextFileIfExists(
    const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    if (error) return std::unexpected(fmt::format("{}: {}", path, error.message()));
    return std::nullopt;
  }
  auto text = ReadInputFile(path);
  if (!text) return std::unexpected(fmt::format("{}: cannot read: {}", path, text.error()));
  return std::move(*text);
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
