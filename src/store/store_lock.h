#pragma once
// One daemon per part and store: `schedulight run` and `schedulight demo`
// hold an exclusive flock(2) on STORE.PART.lock (the store file's name, the
// part, ".lock": state.db.meetings.lock) for every part they run (api,
// meetings, commands, mail), for as long as they run. A second daemon running
// the same part on the same store is refused at start, naming the store, the
// part and the pid of the daemon that holds it: two meeting engines or two
// mail workers on one store would both act on every due item (duplicate
// mails, users and rooms). Different parts in different processes are fine
// (the `schedulight@PART` systemd units). The kernel drops the lock when the
// process ends, however it ends (SIGKILL, a crash), so a lock is never stale;
// the file itself stays and is harmless.
//
// CLI commands (`apply`, `meeting list`, ...) do not take the lock: they share
// the store with a running daemon, their transactions queue up with its own.
// Stores without a file (sqlite::memory:) need no lock.

#include <expected>
#include <string>
#include <vector>

namespace schedulight {

class StoreLock {
 public:
  // Takes the lock of part for the store URL, or says who holds it.
  static std::expected<StoreLock, std::string> Acquire(const std::string& store_url,
                                                       const std::string& part);
  // The locks of every part in parts (all or none).
  static std::expected<std::vector<StoreLock>, std::string> AcquireParts(
      const std::string& store_url, const std::vector<std::string>& parts);

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
