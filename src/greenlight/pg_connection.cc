#include "greenlight/pg_connection.h"

#include <poll.h>

#include <pqxx/pqxx>

#include "core/server.h"

namespace schedulight {
namespace {

// libpq puts DETAIL lines (which may quote the offending values, e.g. a
// password digest in a unique violation) after the first line; keep only the
// primary message.
std::string PrimaryMessage(const char* what) {
  std::string message(what);
  if (auto end = message.find('\n'); end != std::string::npos) message.resize(end);
  return message;
}

// Whether an idle connection has input waiting. We never LISTEN, so input
// between transactions means the server is closing the connection
// (terminated backend, shutdown, idle timeout) or sent something unexpected:
// either way a fresh connection is the safe choice. Noticing this before
// libpqxx does also avoids a PGresult that libpqxx 6.4 leaks when a statement
// fails on a dead connection.
bool HasInputWhileIdle(const pqxx::connection& connection) {
  const int socket = connection.sock();
  if (socket < 0) return true;
  pollfd descriptor{.fd = socket, .events = POLLIN, .revents = 0};
  return poll(&descriptor, 1, 0) != 0;
}

}  // namespace

PgConnection::PgConnection(std::string url) : url_(std::move(url)) {}

PgConnection::~PgConnection() = default;

void PgConnection::Connect() {
  connection_.reset();
  connection_ = std::make_unique<pqxx::connection>(url_);
}

DirectoryResult<void> PgConnection::Transact(
    const std::function<void(pqxx::transaction_base&)>& work) {
  using Kind = DirectoryError::Kind;
  const std::string where = "Greenlight database " + RedactDatabaseUrl(url_);
  for (int attempt = 0;; ++attempt) {
    try {
      if (!connection_ || !connection_->is_open() || HasInputWhileIdle(*connection_)) Connect();
      pqxx::work transaction(*connection_);
      work(transaction);
      transaction.commit();
      return {};
    } catch (const DirectoryFailure& failure) {
      return std::unexpected(failure.error);
    } catch (const pqxx::in_doubt_error& e) {
      connection_.reset();
      return std::unexpected(DirectoryError{
          Kind::kDatabase, where +
                               ": connection lost while committing; the change may or may "
                               "not have been applied: " +
                               PrimaryMessage(e.what())});
    } catch (const pqxx::broken_connection& e) {
      connection_.reset();
      if (attempt == 0) continue;  // nothing was committed: reconnect and run again
      return std::unexpected(
          DirectoryError{Kind::kDatabase, where + ": cannot connect: " + PrimaryMessage(e.what())});
    } catch (const pqxx::sql_error& e) {
      return std::unexpected(DirectoryError{
          Kind::kDatabase,
          where + ": " + PrimaryMessage(e.what()) + " (SQLSTATE " + e.sqlstate() + ")"});
    } catch (const std::exception& e) {
      return std::unexpected(
          DirectoryError{Kind::kDatabase, where + ": " + PrimaryMessage(e.what())});
    }
  }
}

}  // namespace schedulight
