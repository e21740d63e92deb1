#pragma once
// The store's schema as an ordered list of migrations. A migration is never
// edited once released: change the schema by appending a new one. Versions
// need not be contiguous (work on different branches reserves numbers): a
// store records every version it applied and gets exactly the ones it lacks,
// in list order, so a store at 1 and 4 gets 2 and 3 once they exist. The SQL is
// kept to what both SQLite and PostgreSQL accept (BIGINT unix times, TEXT
// JSON documents), so the PostgreSQL store can run the same list.
//
// A store applies, in list order, every migration whose version it has not
// recorded yet (not only those above its highest one), so a version that
// lands in the list after a higher one (work merged from two lines of
// development) is still applied to stores that already have the higher one.
// Migrations must therefore not depend on a version above their own.

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
