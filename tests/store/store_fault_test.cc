// The store under faults: a read-only file, a full disk, a second daemon's lock.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "store/store.h"
#include "store/store_lock.h"
#include "support/small_disk.h"

namespace schedulight {
namespace {

std::string TestName() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

std::filesystem::path TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("schedulight-store-fault-" + std::to_string(::getpid()) + "-" + TestName());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

StoredServer Server(const std::string& id) { return {id, {{"id", id}}, FromUnixSeconds(0)}; }

std::expected<void, StoreError> PutServer(Store& store, const std::string& id) {
  return store.Transact([&](StoreSession& session) { session.PutServer(Server(id)); });
}

// Opens url as the user uid in a child process (root may write any file,
// so a read-only file is only read-only for somebody else); returns the error or "".
std::string OpenErrorAs(uid_t uid, const std::string& url) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return "no pipe";
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    if (uid != ::geteuid() && (::setgid(65534) != 0 || ::setuid(uid) != 0)) ::_exit(3);
    auto store = OpenStore(url);
    const std::string error = store ? "" : store.error().message;
    if (::write(pipe_fds[1], error.data(), error.size()) < 0) ::_exit(4);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string error;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0;) error.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "child failed";
  return error;
}

TEST(StoreFaultTest, AReadOnlyStoreFileInAWritableDirectoryIsRefusedAtOpen) {
  const auto dir = TempDir();
  const std::string file = (dir / "state.db").string();
  ASSERT_TRUE(OpenStore("sqlite:" + file));                        // created, then closed
  std::filesystem::permissions(dir, std::filesystem::perms::all);  // a writable directory
  ASSERT_EQ(::chmod(file.c_str(), 0444), 0);
  const uid_t uid = ::geteuid() == 0 ? 65534 : ::geteuid();  // root: as nobody
  const std::string error = OpenErrorAs(uid, "sqlite:" + file);
  EXPECT_NE(error.find("cannot open the SQLite store '" + file + "': the file is read-only"),
            std::string::npos)
      << error;
  std::filesystem::remove_all(dir);
}

TEST(StoreFaultTest, AFullDiskMakesTheStoreUnhealthyUntilAWriteWorksAgain) {
  testing::SmallDisk disk(TestName());
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  auto opened = OpenStore("sqlite:" + (disk.path() / "state.db").string());
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  ASSERT_TRUE(PutServer(store, "before"));
  EXPECT_TRUE(store.Health().healthy);

  disk.Fill();
  auto failed = PutServer(store, "full");
  ASSERT_FALSE(failed);
  StoreHealth health = store.Health();
  EXPECT_FALSE(health.healthy);
  EXPECT_EQ(health.problem, "database or disk is full");
  EXPECT_EQ(health.write_errors, 1u);
  // Reads still work on a full disk; they prove nothing about writes.
  ASSERT_TRUE(store.Transact([](StoreSession& session) { session.ListServers(); }));
  EXPECT_FALSE(store.Health().healthy);

  disk.Free();
  ASSERT_TRUE(PutServer(store, "after"));
  health = store.Health();
  EXPECT_TRUE(health.healthy);
  EXPECT_EQ(health.problem, "");
  EXPECT_EQ(health.write_errors, 1u);
  std::size_t servers = 0;
  ASSERT_TRUE(
      store.Transact([&](StoreSession& session) { servers = session.ListServers().size(); }));
  EXPECT_EQ(servers, 2u);  // before and after; nothing of "full"
}

TEST(StoreFaultTest, AnErrorOfTheWorkIsNotAStoreFault) {
  auto opened = OpenStore("sqlite::memory:");
  ASSERT_TRUE(opened);
  auto failed =
      (*opened)->Transact([](StoreSession&) { throw std::runtime_error("invalid document"); });
  ASSERT_FALSE(failed);
  EXPECT_TRUE((*opened)->Health().healthy);
  EXPECT_EQ((*opened)->Health().write_errors, 0u);
}

TEST(StoreLockTest, ASecondLockOnTheSamePartIsRefusedNamingTheHolder) {
  const auto dir = TempDir();
  const std::string file = (dir / "state.db").string();
  auto first = StoreLock::Acquire("sqlite:" + file, "meetings");
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(first->path(), file + ".meetings.lock");
  // flock locks belong to an open file: a second open conflicts even in one process.
  auto second = StoreLock::Acquire("sqlite:" + file, "meetings");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(),
            "the store '" + file + "' is in use by another schedulight daemon (pid " +
                std::to_string(::getpid()) + ") running its 'meetings' part, " + "which holds '" +
                file + ".meetings.lock': stop it first, or give this daemon its own store");
  // Another part of the same store is free (one systemd unit per part).
  EXPECT_TRUE(StoreLock::Acquire("sqlite:" + file, "mail"));
  // All or none: a set with a taken part is refused.
  EXPECT_FALSE(StoreLock::AcquireParts("sqlite:" + file, {"api", "meetings"}));
  EXPECT_TRUE(StoreLock::Acquire("sqlite:" + file, "api"));
  first = std::unexpected("released");  // closes the lock file
  EXPECT_TRUE(StoreLock::Acquire("sqlite:" + file, "meetings"));
  // Nothing to lock without a file.
  auto memory = StoreLock::Acquire("sqlite::memory:", "meetings");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->path(), "");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace schedulight
