#pragma once
// The embedded store: one SQLite file (WAL mode). Writes go through one
// connection guarded by mutex_, every transaction BEGIN IMMEDIATE so two
// processes sharing the file queue up instead of failing half-way; reads
// (Read) go through a second, read-only connection guarded by reader_mutex_,
// so they neither wait for nor block a write. A transaction that fails on the
// database's side (full disk, I/O error, read-only, busy) is recorded in the
// store's health (store_health.h); one that commits a change clears it.

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

class SqliteStore final : public Store {
 public:
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
  SqliteStore(std::unique_ptr<SQLite::Database> db, std::unique_ptr<SQLite::Database> reader,
              Clock clock);
  void Migrate(const std::vector<Migration>& migrations);

  std::mutex mutex_;  // one write transaction at a time on db_
  std::unique_ptr<SQLite::Database> db_;
  std::mutex reader_mutex_;                   // one read transaction at a time on reader_
  std::unique_ptr<SQLite::Database> reader_;  // null for ":memory:" (reads use db_)
  Clock clock_;
  StoreHealthTracker health_;  // thread-safe itself
  ChangeFeed changes_;         // thread-safe itself
};

}  // namespace schedulight
