#include "store/migrations.h"

namespace schedulight {

const std::vector<Migration>& StoreMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "servers, meetings, status history, commands, mails",
       {
           "CREATE TABLE servers ("
           " id TEXT PRIMARY KEY,"
           " document TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",

           "CREATE TABLE meetings ("
           " id TEXT PRIMARY KEY,"
           " server_id TEXT NOT NULL,"
           " document TEXT NOT NULL,"
           " starts_at BIGINT,"
           " next_due_at BIGINT,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX meetings_by_next_due ON meetings (next_due_at)",

           "CREATE TABLE meeting_status ("
           " meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
           " step TEXT NOT NULL,"
           " seq BIGINT NOT NULL,"
           " code INTEGER NOT NULL,"
           " message TEXT NOT NULL,"
           " recorded_at BIGINT NOT NULL,"
           " PRIMARY KEY (meeting_id, step, seq))",

           "CREATE TABLE commands ("
           " id TEXT PRIMARY KEY,"
           " server_id TEXT NOT NULL,"
           " document TEXT NOT NULL,"
           " state TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX commands_by_state ON commands (state, created_at)",

           "CREATE TABLE command_results ("
           " command_id TEXT NOT NULL REFERENCES commands (id) ON DELETE CASCADE,"
           " position INTEGER NOT NULL,"
           " element TEXT NOT NULL,"
           " ok INTEGER NOT NULL,"
           " message TEXT NOT NULL,"
           " PRIMARY KEY (command_id, position))",

           "CREATE TABLE mails ("
           " id INTEGER PRIMARY KEY,"
           " meeting_id TEXT,"
           " kind TEXT NOT NULL,"
           " recipient TEXT NOT NULL,"
           " message TEXT NOT NULL,"
           " state TEXT NOT NULL,"
           " attempts INTEGER NOT NULL,"
           " last_error TEXT NOT NULL,"
           " next_attempt_at BIGINT,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX mails_by_state ON mails (state, next_attempt_at)",
       }},
      // 2 and 3 belong to the meeting and command claims.
      {4,
       "mail claims: claimed_by, claim_until; next_attempt_at is only the backoff",
       {
           "ALTER TABLE mails ADD COLUMN claimed_by TEXT",
           "ALTER TABLE mails ADD COLUMN claim_until BIGINT",
           // The claim query: queued, due, and free or ended.
           "DROP INDEX mails_by_state",
           "CREATE INDEX mails_claimable ON mails (state, next_attempt_at, claim_until)",
           // Renewing and releasing a worker's claims.
           "CREATE INDEX mails_by_claimer ON mails (claimed_by) WHERE claimed_by IS NOT NULL",
       }},
  };
  return kMigrations;
}

}  // namespace schedulight
