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
      // Version 2 belongs to the meetings' claims and revisions; versions are
      // applied by number missing, not by the highest one (sqlite_store.cc).
      {3,
       "commands: claims (claimed_by, claim_until) and a queue order across applies",
       {
           "ALTER TABLE commands ADD COLUMN claimed_by TEXT",
           "ALTER TABLE commands ADD COLUMN claim_until BIGINT",
           // The queuing transaction's wall-clock microseconds * 1000 + the
           // command's position in that transaction (store.h, PutCommand).
           "ALTER TABLE commands ADD COLUMN queue_order BIGINT NOT NULL DEFAULT 0",
           // Commands queued before keep their order: whole seconds, then id.
           "UPDATE commands SET queue_order = created_at * 1000000000",
           // ClaimNextCommand and NextCommandDue look only at these rows.
           "CREATE INDEX commands_to_claim ON commands (queue_order, id)"
           " WHERE state IN ('queued', 'running')",
       }},
  };
  return kMigrations;
}

}  // namespace schedulight
