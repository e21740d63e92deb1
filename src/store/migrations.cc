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
      {2,
       "meeting revisions and claims; servers in use cannot be deleted",
       {
           "ALTER TABLE meetings ADD COLUMN revision BIGINT NOT NULL DEFAULT 1",
           "ALTER TABLE meetings ADD COLUMN claimed_by TEXT",
           "ALTER TABLE meetings ADD COLUMN claim_until BIGINT",
           // The lanes' claim and next-due queries go by server, then due time.
           "CREATE INDEX meetings_due_by_server ON meetings (server_id, next_due_at)",
           "CREATE INDEX meetings_by_claim ON meetings (claimed_by)",
           // A foreign key from meetings to servers, as triggers: SQLite cannot
           // add one to an existing table, and stores from before may hold
           // meetings whose server is gone (the triggers leave those rows be).
           // The PostgreSQL store declares a real FOREIGN KEY.
           "CREATE TRIGGER servers_in_use BEFORE DELETE ON servers"
           " WHEN EXISTS (SELECT 1 FROM meetings WHERE server_id = OLD.id)"
           " BEGIN SELECT RAISE(ABORT, 'server in use by meetings'); END",
           "CREATE TRIGGER meetings_need_server BEFORE INSERT ON meetings"
           " WHEN NOT EXISTS (SELECT 1 FROM servers WHERE id = NEW.server_id)"
           " BEGIN SELECT RAISE(ABORT, 'meeting names a server that is not stored'); END",
           "CREATE TRIGGER meetings_keep_server BEFORE UPDATE OF server_id ON meetings"
           " WHEN NEW.server_id <> OLD.server_id"
           " AND NOT EXISTS (SELECT 1 FROM servers WHERE id = NEW.server_id)"
           " BEGIN SELECT RAISE(ABORT, 'meeting names a server that is not stored'); END",
       }},
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
      {5,
       "status repeats: how often in a row a step reached its latest code, and when last",
       {
           "ALTER TABLE meeting_status ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1",
           "ALTER TABLE meeting_status ADD COLUMN last_at BIGINT",
       }},
      {6,
       "due meetings in (next_due_at, id) order straight from the index",
       {
           // ClaimDueMeetings orders by next_due_at, then id. Without id in the
           // index, every claim sorted all meetings sharing one due time (all
           // of a fresh apply of 100,000: ~45 ms a claim); with it, a claim
           // reads only the rows it takes.
           "DROP INDEX meetings_due_by_server",
           "CREATE INDEX meetings_due_by_server ON meetings (server_id, next_due_at, id)",
           "DROP INDEX meetings_by_next_due",
           "CREATE INDEX meetings_by_next_due ON meetings (next_due_at, id)",
       }},
  };
  return kMigrations;
}

}  // namespace schedulight
