#include "store/store_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "store/store.h"

namespace schedulight {
namespace {

// The pid the holder wrote into the lock file, or "" when unreadable.
std::string HolderPid(int fd) {
  char text[32] = {};
  const ssize_t read = ::pread(fd, text, sizeof(text) - 1, 0);
  if (read <= 0) return "";
  std::string pid(text, static_cast<std::size_t>(read));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  for (char c : pid) {
    if (c < '0' || c > '9') return "";
  }
  return pid;
}

}  // namespace

std::expected<StoreLock, std::string> StoreLock::Acquire(const std::string& store_url,
                                                         const std::string& part) {
  const auto store = SqliteStorePath(store_url);
  if (!store) return StoreLock(-1, "");
  const std::string path = *store + "." + part + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  // Left by a daemon of another user: a read-only descriptor locks as well (no pid then).
  if (fd < 0 && errno == EACCES) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected("cannot create the store's lock file '" + path +
                           "': " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string pid = HolderPid(fd);
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return std::unexpected("the store '" + *store + "' is in use by another schedulight daemon" +
                             (pid.empty() ? "" : " (pid " + pid + ")") + " running its '" + part +
                             "' part, which holds '" + path +
                             "': stop it first, or give this daemon its own store");
    }
    return std::unexpected("cannot lock '" + path + "': " + std::strerror(error));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the pid; a refused daemon then just names no pid.
  }
  return StoreLock(fd, path);
}

std::expected<std::vector<StoreLock>, std::string> StoreLock::AcquireParts(
    const std::string& store_url, const std::vector<std::string>& parts) {
  std::vector<StoreLock> locks;
  for (const auto& part : parts) {
    auto lock = Acquire(store_url, part);
    if (!lock) return std::unexpected(lock.error());  // the locks taken so far are released
    locks.push_back(std::move(*lock));
  }
  return locks;
}

StoreLock::StoreLock(StoreLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

StoreLock& StoreLock::operator=(StoreLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor drops the flock
}

}  // namespace schedulight
