#pragma once
// The schema check done at connect: every table and column the code reads or
// writes must exist. Extra columns and tables are fine (newer Greenlight
// releases add some; the original's exact-column-list check rejected them).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "greenlight/directory.h"

namespace schedulight {

struct RequiredTable {
  std::string table;
  std::vector<std::string> columns;
};

// The tables and columns a Greenlight 2.x / 3.x directory uses.
const std::vector<RequiredTable>& GreenlightV2Columns();
const std::vector<RequiredTable>& GreenlightV3Columns();

// "table.column" for every required column that the database's current schema
// lacks, in the order of required. Empty when all are there.
std::vector<std::string> MissingColumns(pqxx::transaction_base& transaction,
                                        const std::vector<RequiredTable>& required);

// The kSchema error text for missing columns of a Greenlight `version` database.
std::string DescribeMissingColumns(int version, const std::vector<std::string>& missing);

}  // namespace schedulight
