#pragma once
// One libpqxx connection to a Greenlight database, used by the v2 and v3
// directories. It owns the connection, opens it lazily, reopens it after it
// dropped (a restarted PostgreSQL, an idle timeout), and turns libpqxx's
// exceptions into DirectoryError values at this boundary.

#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "greenlight/directory.h"

namespace schedulight {

// Thrown inside a unit of work to stop it with a domain error (not found,
// conflict, invalid): PgConnection::Transact rolls back and returns it.
struct DirectoryFailure {
  DirectoryError error;
};

[[noreturn]] inline void Fail(DirectoryError::Kind kind, std::string message) {
  throw DirectoryFailure{{kind, std::move(message)}};
}

class PgConnection {
 public:
  // url is a postgresql:// URL or key=value string; it may hold a password,
  // which never appears in messages.
  explicit PgConnection(std::string url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs work inside one transaction and commits when it returns. When the
  // connection turns out to be broken before the commit (so nothing was
  // applied), it is reopened and work runs once more: work must therefore
  // assign its results, not append to them. A connection lost during the
  // commit itself is reported, not retried (the outcome is unknown).
  DirectoryResult<void> Transact(const std::function<void(pqxx::transaction_base&)>& work);

 private:
  void Connect();

  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace schedulight
