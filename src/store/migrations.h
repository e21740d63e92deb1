#pragma once
// The store's schema as an ordered list of migrations. A migration is never
// edited once released: change the schema by appending a new one. Versions
// need not be contiguous (work on different branches reserves numbers): a
// store records every version it applied and gets exactly the ones it lacks,
// in list order, so a store at 1 and 4 gets 2 and 3 once they exist. The SQL is
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
