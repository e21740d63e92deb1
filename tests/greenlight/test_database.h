#pragma once
// Fresh Greenlight databases for the tests, in the PostgreSQL that
// scripts/test.sh starts (SCHEDULIGHT_TEST_PG_URL). Each version's schema
// (tests/fixtures/greenlight/v<N>-schema.sql, copies of the shared Greenlight
// schemas) is loaded once into a template database; every test then gets a
// new database copied from it. Without PostgreSQL the tests fail, loudly.

#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace schedulight::testing {

// The server's URL, or nullopt with *why filled in when the environment lacks it.
std::optional<std::string> TestServerUrl(std::string* why);

// url with its database name replaced by database (and a query string kept).
std::string WithDatabase(const std::string& url, const std::string& database);

// Drops and recreates the test database for version (2 or 3) from the
// version's template, creating the template first if this process has not.
// Returns the new database's URL; throws with a clear message on failure.
std::string FreshGreenlightDatabase(int version);

// A direct connection for checking what the directory wrote.
class Inspector {
 public:
  explicit Inspector(const std::string& url) : connection_(url) {}

  // The single value of a query, as text; nullopt for NULL.
  template <typename... Args>
  std::optional<std::string> Value(const std::string& sql, Args&&... args) {
    pqxx::nontransaction t(connection_);
    const pqxx::row row = t.exec_params1(sql, std::forward<Args>(args)...);
    if (row[0].is_null()) return std::nullopt;
    return row[0].as<std::string>();
  }

  template <typename... Args>
  long Count(const std::string& sql, Args&&... args) {
    return std::stol(Value(sql, std::forward<Args>(args)...).value_or("0"));
  }

  // Runs statements (no parameters) outside a transaction.
  void Execute(const std::string& sql) {
    pqxx::nontransaction t(connection_);
    t.exec(sql);
  }

 private:
  pqxx::connection connection_;
};

}  // namespace schedulight::testing
