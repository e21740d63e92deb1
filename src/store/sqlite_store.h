#pragma once
// The embedded store: one SQLite file (WAL mode), one connection guarded by a
// mutex, every transaction BEGIN IMMEDIATE so two processes sharing the file
// queue up instead of failing half-way. A transaction that fails on the
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
  // path: a file name, or ":memory:". Applies the missing StoreMigrations().
  static std::expected<std::unique_ptr<SqliteStore>, StoreError> Open(const std::string& path);
  // The same with another list (tests of the migration mechanism).
  static std::expected<std::unique_ptr<SqliteStore>, StoreError> Open(
      const std::string& path, const std::vector<Migration>& migrations);
  ~SqliteStore() override;

  std::expected<void, StoreError> Transact(const std::function<void(StoreSession&)>& work) override;
  int SchemaVersion() override;
  StoreHealth Health() const override { return health_.Snapshot(); }

 private:
  explicit SqliteStore(std::unique_ptr<SQLite::Database> db);
  void Migrate(const std::vector<Migration>& migrations);

  std::mutex mutex_;  // one transaction at a time on the connection
  std::unique_ptr<SQLite::Database> db_;
  StoreHealthTracker health_;  // thread-safe itself
};

}  // namespace schedulight
