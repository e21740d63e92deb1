#pragma once
// One daemon per store: `schedulight run` and `schedulight demo` hold an
// exclusive flock(2) on STORE.lock (the store file's name plus ".lock") for
// as long as they run. A second daemon on the same store is refused at start,
// naming the store and the pid of the daemon that holds it: two daemons on
// one store would both act on every due meeting (duplicate mails, users and
// rooms). The kernel drops the lock when the process ends, however it ends
// (SIGKILL, a crash), so a lock is never stale; the file itself stays and is
// harmless.
//
// CLI commands (`apply`, `meeting list`, ...) do not take the lock: they share
// the store with a running daemon, their transactions queue up with its own.
// Stores without a file (sqlite::memory:) need no lock.

#include <expected>
#include <string>

namespace schedulight {

class StoreLock {
 public:
  // Takes the lock for the store URL, or says who holds it.
  static std::expected<StoreLock, std::string> Acquire(const std::string& store_url);

  StoreLock(StoreLock&& other) noexcept;
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  ~StoreLock();

  const std::string& path() const { return path_; }  // the lock file; empty when none is needed

 private:
  StoreLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_ = -1;
  std::string path_;
};

}  // namespace schedulight
