#pragma once
// The embedded store: one SQLite file (WAL mode). Writes go through one
// connection guarded by mutex_, every transaction BEGIN IMMEDIATE so two
// processes sharing the file queue up instead of failing half-way; reads
// (Read) go through kReadConnections read-only connections, each used by one
// read at a time, so they neither wait for nor block a write. A transaction that fails on the
// database's side (full disk, I/O error, read-only, busy) is recorded in the
// store's health (store_health.h); one that commits a change clears it.

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/migrations.h"
#include "store/store.h"

namespace SQLite {
class Database;
}

namespace schedulight {

class StatementCache;  // prepared statements of one connection (sqlite_store.cc)

class SqliteStore final : public Store {
 public:
  // Read connections: more than the cores, so a reader preempted mid-read
  // holds up no other read; each costs a file handle and its page cache.
  static constexpr std::size_t kReadConnections = 4;

  // path: a file name, or ":memory:". Applies the missing migrations
  // (StoreMigrations(), or another list in tests of the migration mechanism).
  static std::expected<std::unique_ptr<SqliteStore>, StoreError> Open(
      const std::string& path, Clock clock = SystemClock(),
      const std::vector<Migration>& migrations = StoreMigrations());
  static std::expected<std::unique_ptr<SqliteStore>, StoreError> Open(
      const std::string& path, const std::vector<Migration>& migrations) {
    return Open(path, SystemClock(), migrations);
  }
  ~SqliteStore() override;

  std::expected<void, StoreError> Transact(const std::function<void(StoreSession&)>& work) override;
  std::expected<void, StoreError> Read(const std::function<void(StoreSession&)>& work) override;
  int SchemaVersion() override;
  StoreHealth Health() const override { return health_.Snapshot(); }
  ChangeFeed& Changes() override { return changes_; }

 private:
  struct Reader;
  SqliteStore(std::unique_ptr<SQLite::Database> db, Clock clock);
  void Migrate(const std::vector<Migration>& migrations);

  std::mutex mutex_;  // one write transaction at a time on db_
  std::unique_ptr<SQLite::Database> db_;
  Clock clock_;
  // Declared after db_: its statements are finalized before it closes.
  std::unique_ptr<StatementCache> statements_;    // db_'s, under mutex_
  std::vector<std::unique_ptr<Reader>> readers_;  // none for ":memory:" (reads use db_)
  std::mutex readers_mutex_;                      // guards free_readers_
  std::condition_variable readers_free_;          // one was handed back
  std::vector<Reader*> free_readers_;             // each used by one Read at a time
  StoreHealthTracker health_;                     // thread-safe itself
  ChangeFeed changes_;                            // thread-safe itself
};

}  // namespace schedulight
