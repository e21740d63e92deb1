#pragma once
// The store's schema as an ordered list of migrations. A migration is never
// edited once released: change the schema by appending a new one. The SQL is
// kept to what both SQLite and PostgreSQL accept (BIGINT unix times, TEXT
// JSON documents), so the PostgreSQL store can run the same list.

#include <string>
#include <vector>

namespace schedulight {

struct Migration {
  int version;
  std::string description;
  std::vector<std::string> statements;
};

const std::vector<Migration>& StoreMigrations();

}  // namespace schedulight
