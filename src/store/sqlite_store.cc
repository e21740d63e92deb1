#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>

#include "core/json_input.h"
#include "core/utf8_text.h"
#include "store/migrations.h"

namespace schedulight {
namespace {

std::optional<UtcTime> OptionalTime(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return FromUnixSeconds(column.getInt64());
}

void BindOptionalTime(SQLite::Statement& statement, int index, const std::optional<UtcTime>& time) {
  if (time) {
    statement.bind(index, static_cast<std::int64_t>(ToUnixSeconds(*time)));
  } else {
    statement.bind(index);  // NULL
  }
}

// Bounded like every outside input: a damaged row is an error of this read
// (Transact turns the exception into a StoreError), never a stack overflow later.
nlohmann::json ParseDocument(const SQLite::Column& column) {
  auto document = ParseJsonInput(column.getString(), kStoredJsonMaxDepth);
  if (!document) {
    throw std::runtime_error("stored document is not valid JSON: " + document.error().message +
                             " (at byte " + std::to_string(document.error().offset) + ")");
  }
  return std::move(*document);
}

// A meeting's or server's document, for readers that must go on when one row
// is damaged (listings, the scheduler): text that is not JSON within the
// limits comes back as a JSON string holding that text, which every validator
// refuses as "must be a mapping of fields", so the row is listed as invalid
// and skipped by the engine instead of failing every other row with it. A
// later write stores the text back unchanged.
nlohmann::json ParseDocumentOrText(const SQLite::Column& column) {
  const std::string text = column.getString();
  auto document = ParseJsonInput(text, kStoredJsonMaxDepth);
  if (document) return std::move(*document);
  if (IsUtf8(text)) return text;
  return "unreadable stored document (not UTF-8, " + std::to_string(text.size()) + " bytes)";
}

}  // namespace

// The prepared statements of one connection, kept across transactions:
// preparing (parsing the SQL) was a fifth of a GET /meetings/{id}. Used under
// the connection's mutex only. A statement is lent out (Lease) reset and
// without bindings and is reset again when the lease ends, so none keeps a
// read open after its use; asked for while lent out (a nested use of the same
// SQL), a fresh one is prepared for that use.
class StatementCache {
 public:
  class Lease {
   public:
    Lease(SQLite::Statement& statement, bool* in_use) : statement_(&statement), in_use_(in_use) {}
    Lease(std::unique_ptr<SQLite::Statement> own) : own_(std::move(own)), statement_(own_.get()) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (in_use_ == nullptr) return;
      try {
        statement_->reset();
        statement_->clearBindings();
      } catch (...) {
        // reset reports the last step's error again; the statement is reusable anyway.
      }
      *in_use_ = false;
    }
    SQLite::Statement& operator*() const { return *statement_; }
    SQLite::Statement* operator->() const { return statement_; }

   private:
    std::unique_ptr<SQLite::Statement> own_;
    SQLite::Statement* statement_;
    bool* in_use_ = nullptr;
  };

  explicit StatementCache(SQLite::Database& db) : db_(db) {}

  Lease Get(const std::string& sql) {
    auto [entry, added] = statements_.try_emplace(sql);
    if (added) entry->second.statement = std::make_unique<SQLite::Statement>(db_, sql);
    if (entry->second.in_use) return Lease(std::make_unique<SQLite::Statement>(db_, sql));
    entry->second.in_use = true;
    return Lease(*entry->second.statement, &entry->second.in_use);
  }

  // Runs a statement that returns no rows (BEGIN, COMMIT, ...).
  void Run(const std::string& sql) { Get(sql)->exec(); }

 private:
  struct Entry {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
  };
  SQLite::Database& db_;
  std::map<std::string, Entry, std::less<>> statements_;
};

namespace {

// Commits on Commit(), rolls back otherwise.
class ImmediateTransaction {
 public:
  explicit ImmediateTransaction(StatementCache& statements) : statements_(statements) {
    statements_.Run("BEGIN IMMEDIATE");
  }
  ~ImmediateTransaction() {
    if (!done_) {
      try {
        statements_.Run("ROLLBACK");
      } catch (...) {
        // The connection is unusable; the next BEGIN reports it.
      }
    }
  }
  void Commit() {
    statements_.Run("COMMIT");
    done_ = true;
  }

 private:
  StatementCache& statements_;
  bool done_ = false;
};

// The topics a transaction's writes concern, notified after it commits.
using TouchedTopics = std::array<bool, kChangeTopics>;

class SqliteSession final : public StoreSession {
 public:
  SqliteSession(SQLite::Database& db, StatementCache& statements, const Clock& clock,
                TouchedTopics& touched)
      : db_(db), statements_(statements), clock_(clock), touched_(touched) {}

  std::vector<StoredServer> ListServers() override {
    SQLite::Statement query(db_, "SELECT id, document, updated_at FROM servers ORDER BY id");
    std::vector<StoredServer> servers;
    while (query.executeStep()) servers.push_back(ReadServer(query));
    return servers;
  }

  std::optional<StoredServer> FindServer(const std::string& id) override {
    auto query = statements_.Get("SELECT id, document, updated_at FROM servers WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) return std::nullopt;
    return ReadServer(*query);
  }

  void PutServer(const StoredServer& server) override {
    SQLite::Statement upsert(db_,
                             "INSERT INTO servers (id, document, created_at, updated_at)"
                             " VALUES (?, ?, ?, ?)"
                             " ON CONFLICT (id) DO UPDATE SET document = excluded.document,"
                             " updated_at = excluded.updated_at");
    upsert.bind(1, server.id);
    upsert.bind(2, server.document.dump());
    upsert.bind(3, static_cast<std::int64_t>(NowUnix()));
    upsert.bind(4, static_cast<std::int64_t>(UpdatedAt(server.updated_at)));
    upsert.exec();
    TouchAll();  // meetings, commands and mails of the server may act differently now
  }

  bool DeleteServer(const std::string& id) override {
    if (auto users = MeetingsOfServer(id, 6); !users.empty()) {
      std::string names;
      for (std::size_t i = 0; i < users.size() && i < 5; ++i) names += (i ? ", " : "") + users[i];
      if (users.size() > 5) names += ", ...";
      throw StoreRefusal(StoreErrorKind::kConstraint, "server '" + id +
                                                          "' is still used by meetings: " + names +
                                                          " (delete or move those meetings first)");
    }
    SQLite::Statement remove(db_, "DELETE FROM servers WHERE id = ?");
    remove.bind(1, id);
    const bool removed = remove.exec() > 0;
    if (removed) TouchAll();
    return removed;
  }

  std::vector<std::string> MeetingsOfServer(const std::string& server_id,
                                            std::size_t limit) override {
    SQLite::Statement query(db_, "SELECT id FROM meetings WHERE server_id = ? ORDER BY id LIMIT ?");
    query.bind(1, server_id);
    query.bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::string> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    return ids;
  }

  std::vector<StoredMeeting> ListMeetings() override {
    SQLite::Statement query(db_, std::string(kMeetingColumns) + " FROM meetings ORDER BY id");
    std::vector<StoredMeeting> meetings;
    while (query.executeStep()) meetings.push_back(ReadMeeting(query));
    return meetings;
  }

  std::vector<std::string> MeetingIds() override {
    auto query = statements_.Get("SELECT id FROM meetings ORDER BY id");
    std::vector<std::string> ids;
    while (query->executeStep()) ids.push_back(query->getColumn(0).getString());
    return ids;
  }

  std::optional<StoredMeeting> FindMeeting(const std::string& id) override {
    auto query = statements_.Get(std::string(kMeetingColumns) + " FROM meetings WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) return std::nullopt;
    return ReadMeeting(*query);
  }

  void PutMeeting(const StoredMeeting& meeting) override {
    auto upsert = statements_.Get(
        "INSERT INTO meetings (id, server_id, document, starts_at, next_due_at, created_at,"
        " updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
        " ON CONFLICT (id) DO UPDATE SET server_id = excluded.server_id,"
        " document = excluded.document, starts_at = excluded.starts_at,"
        " next_due_at = excluded.next_due_at, updated_at = excluded.updated_at,"
        " revision = meetings.revision + 1");
    upsert->bind(1, meeting.id);
    upsert->bind(2, meeting.server_id);
    upsert->bind(3, meeting.document.dump());
    BindOptionalTime(*upsert, 4, meeting.starts_at);
    BindOptionalTime(*upsert, 5, meeting.next_due_at);
    upsert->bind(6, NowUnix());
    upsert->bind(7, static_cast<std::int64_t>(UpdatedAt(meeting.updated_at)));
    try {
      upsert->exec();
    } catch (const SQLite::Exception& e) {
      if ((e.getErrorCode() & 0xff) != SQLITE_CONSTRAINT) throw;
      throw StoreRefusal(StoreErrorKind::kConstraint, "meeting '" + meeting.id + "': no server '" +
                                                          meeting.server_id + "' in the store");
    }
    Touch(ChangeTopic::kMeetings);
  }

  bool DeleteMeeting(const std::string& id) override {
    SQLite::Statement remove(db_, "DELETE FROM meetings WHERE id = ?");
    remove.bind(1, id);
    const bool removed = remove.exec() > 0;
    if (removed) Touch(ChangeTopic::kMeetings);
    return removed;
  }

  bool TouchMeeting(const std::string& id, std::optional<UtcTime> due_at) override {
    SQLite::Statement update(db_,
                             "UPDATE meetings SET revision = revision + 1, updated_at = ?,"
                             " next_due_at = CASE WHEN ? THEN ? ELSE next_due_at END"
                             " WHERE id = ?");
    update.bind(1, NowUnix());
    update.bind(2, due_at ? 1 : 0);
    BindOptionalTime(update, 3, due_at);
    update.bind(4, id);
    const bool touched = update.exec() > 0;
    if (touched) Touch(ChangeTopic::kMeetings);
    return touched;
  }

  std::vector<StoredMeeting> ClaimDueMeetings(
      UtcTime now, const WorkerId& worker, std::chrono::seconds lease, std::size_t limit,
      const std::optional<std::string>& server_id) override {
    const std::string free_and_due =
        " next_due_at <= ?1 AND (claimed_by IS NULL OR claim_until < ?1)"
        " ORDER BY next_due_at, id LIMIT ?2";
    SQLite::Statement query(db_, std::string(kMeetingColumns) + " FROM meetings WHERE" +
                                     (server_id ? " server_id = ?3 AND" : "") + free_and_due);
    query.bind(1, static_cast<std::int64_t>(ToUnixSeconds(now)));
    query.bind(2, static_cast<std::int64_t>(limit));
    if (server_id) query.bind(3, *server_id);
    std::vector<StoredMeeting> meetings;
    while (query.executeStep()) meetings.push_back(ReadMeeting(query));
    SQLite::Statement claim(db_,
                            "UPDATE meetings SET claimed_by = ?, claim_until = ? WHERE id = ?");
    for (auto& meeting : meetings) {
      meeting.claimed_by = worker.value;
      meeting.claim_until = now + lease;
      claim.bind(1, worker.value);
      claim.bind(2, static_cast<std::int64_t>(ToUnixSeconds(*meeting.claim_until)));
      claim.bind(3, meeting.id);
      claim.exec();
      claim.reset();
    }
    return meetings;
  }

  std::optional<UtcTime> NextMeetingDue(const std::optional<std::string>& server_id) override {
    const std::string by_server = server_id ? " AND server_id = ?" : "";
    SQLite::Statement free(db_,
                           "SELECT next_due_at FROM meetings WHERE next_due_at IS NOT NULL"
                           " AND claimed_by IS NULL" +
                               by_server + " ORDER BY next_due_at LIMIT 1");
    SQLite::Statement claimed(db_,
                              "SELECT MIN(MAX(next_due_at, claim_until)) FROM meetings"
                              " WHERE claimed_by IS NOT NULL AND next_due_at IS NOT NULL" +
                                  by_server);
    if (server_id) {
      free.bind(1, *server_id);
      claimed.bind(1, *server_id);
    }
    std::optional<UtcTime> next;
    if (free.executeStep()) next = OptionalTime(free.getColumn(0));
    if (claimed.executeStep()) {
      if (auto ends = OptionalTime(claimed.getColumn(0)); ends && (!next || *ends < *next)) {
        next = ends;
      }
    }
    return next;
  }

  bool HoldsMeeting(const MeetingClaim& claim) override {
    SQLite::Statement query(db_,
                            "SELECT 1 FROM meetings WHERE id = ? AND claimed_by = ?"
                            " AND revision = ?");
    query.bind(1, claim.meeting_id);
    query.bind(2, claim.worker.value);
    query.bind(3, static_cast<std::int64_t>(claim.revision));
    return query.executeStep();
  }

  bool RecordPassStatus(const MeetingClaim& claim, const std::string& step,
                        const StatusEntry& entry) override {
    if (!HoldsMeeting(claim)) {
      throw StoreRefusal(
          StoreErrorKind::kConflict,
          "meeting '" + claim.meeting_id + "' was changed or taken over while being processed");
    }
    if (RecordStatus(claim.meeting_id, step, entry)) return true;
    // A repeat: counted on the latest entry, which keeps its first time.
    SQLite::Statement repeat(
        db_,
        "UPDATE meeting_status SET attempts = attempts + 1, last_at = ?"
        " WHERE meeting_id = ? AND step = ? AND seq ="
        " (SELECT MAX(seq) FROM meeting_status WHERE meeting_id = ? AND step = ?)");
    repeat.bind(1, static_cast<std::int64_t>(ToUnixSeconds(entry.time)));
    repeat.bind(2, claim.meeting_id);
    repeat.bind(3, step);
    repeat.bind(4, claim.meeting_id);
    repeat.bind(5, step);
    repeat.exec();
    return false;
  }

  bool FinishMeetingPass(const MeetingClaim& claim, std::optional<UtcTime> next_due) override {
    SQLite::Statement finish(
        db_,
        "UPDATE meetings SET next_due_at = ?, claimed_by = NULL,"
        " claim_until = NULL WHERE id = ? AND claimed_by = ? AND revision = ?");
    BindOptionalTime(finish, 1, next_due);
    finish.bind(2, claim.meeting_id);
    finish.bind(3, claim.worker.value);
    finish.bind(4, static_cast<std::int64_t>(claim.revision));
    if (finish.exec() > 0) return true;
    ReleaseMeeting(claim);
    return false;
  }

  int ReleaseAllMeetingClaims() override {
    return db_.exec(
        "UPDATE meetings SET claimed_by = NULL, claim_until = NULL WHERE claimed_by IS NOT NULL");
  }

  bool ReleaseMeeting(const MeetingClaim& claim) override {
    SQLite::Statement release(db_,
                              "UPDATE meetings SET claimed_by = NULL, claim_until = NULL"
                              " WHERE id = ? AND claimed_by = ?");
    release.bind(1, claim.meeting_id);
    release.bind(2, claim.worker.value);
    return release.exec() > 0;
  }

  StatusHistory MeetingStatus(const std::string& meeting_id) override {
    SQLite::Statement query(
        db_,
        "SELECT step, recorded_at, code, message, attempts, last_at FROM meeting_status"
        " WHERE meeting_id = ? ORDER BY step, seq");
    query.bind(1, meeting_id);
    StatusHistory history;
    while (query.executeStep()) {
      history[query.getColumn(0).getString()].push_back(ReadStatusEntry(query, 1));
    }
    return history;
  }

  std::optional<StatusEntry> LatestStatus(const std::string& meeting_id,
                                          const std::string& step) override {
    auto query = statements_.Get(
        "SELECT recorded_at, code, message, attempts, last_at FROM meeting_status"
        " WHERE meeting_id = ? AND step = ? ORDER BY seq DESC LIMIT 1");
    query->bind(1, meeting_id);
    query->bind(2, step);
    if (!query->executeStep()) return std::nullopt;
    return ReadStatusEntry(*query, 0);
  }

  bool RecordStatus(const std::string& meeting_id, const std::string& step,
                    const StatusEntry& entry) override {
    auto latest = LatestStatus(meeting_id, step);
    if (latest && latest->code == entry.code) return false;
    auto insert = statements_.Get(
        "INSERT INTO meeting_status (meeting_id, step, seq, code, message, recorded_at)"
        " SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM meeting_status"
        " WHERE meeting_id = ? AND step = ?");
    insert->bind(1, meeting_id);
    insert->bind(2, step);
    insert->bind(3, entry.code);
    insert->bind(4, entry.message);
    insert->bind(5, static_cast<std::int64_t>(ToUnixSeconds(entry.time)));
    insert->bind(6, meeting_id);
    insert->bind(7, step);
    insert->exec();
    return true;
  }

  int ClearStatus(const std::string& meeting_id, const std::string& step) override {
    SQLite::Statement remove(
        db_, step.empty() ? "DELETE FROM meeting_status WHERE meeting_id = ?"
                          : "DELETE FROM meeting_status WHERE meeting_id = ? AND step = ?");
    remove.bind(1, meeting_id);
    if (!step.empty()) remove.bind(2, step);
    return remove.exec();
  }

  std::vector<StoredCommand> ListCommands() override {
    SQLite::Statement query(
        db_, std::string(kCommandColumns) + " FROM commands ORDER BY queue_order, id");
    std::vector<StoredCommand> commands;
    std::map<std::string, std::size_t> index;
    while (query.executeStep()) {
      commands.push_back(ReadCommand(query));
      index[commands.back().id] = commands.size() - 1;
    }
    SQLite::Statement results(db_,
                              "SELECT command_id, element, ok, message FROM command_results"
                              " ORDER BY command_id, position");
    while (results.executeStep()) {
      auto found = index.find(results.getColumn(0).getString());
      if (found != index.end()) commands[found->second].results.push_back(ReadResult(results, 1));
    }
    return commands;
  }

  std::optional<StoredCommand> FindCommand(const std::string& id) override {
    SQLite::Statement query(db_, std::string(kCommandColumns) + " FROM commands WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    StoredCommand command = ReadCommand(query);
    command.results = CommandResults(id);
    return command;
  }

  void PutCommand(const StoredCommand& command) override {
    SQLite::Statement upsert(
        db_,
        "INSERT INTO commands (id, server_id, document, state, created_at, updated_at,"
        " claimed_by, claim_until, queue_order) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)"
        " ON CONFLICT (id) DO UPDATE SET server_id = excluded.server_id,"
        " document = excluded.document, state = excluded.state,"
        " created_at = excluded.created_at, updated_at = excluded.updated_at,"
        " claimed_by = NULL, claim_until = NULL,"
        " queue_order = CASE WHEN excluded.state = 'queued' THEN excluded.queue_order"
        " ELSE commands.queue_order END");
    const std::int64_t now = NowUnix();
    upsert.bind(1, command.id);
    upsert.bind(2, command.server_id);
    upsert.bind(3, command.document.dump());
    upsert.bind(4, ToString(command.state));
    upsert.bind(5, command.created_at == UtcTime{}
                       ? now
                       : static_cast<std::int64_t>(ToUnixSeconds(command.created_at)));
    upsert.bind(6, static_cast<std::int64_t>(UpdatedAt(command.updated_at)));
    upsert.bind(7, NextQueueOrder());
    upsert.exec();
    ReplaceResults(command.id, command.results);
    Touch(ChangeTopic::kCommands);
  }

  std::map<CommandState, int> CountCommandsByState() override {
    std::map<CommandState, int> counts;
    for (auto state : {CommandState::kQueued, CommandState::kRunning, CommandState::kDone,
                       CommandState::kFailed}) {
      counts[state] = 0;
    }
    SQLite::Statement query(db_, "SELECT state, COUNT(*) FROM commands GROUP BY state");
    while (query.executeStep()) {
      auto state = CommandStateFromString(query.getColumn(0).getString());
      counts[state.value_or(CommandState::kFailed)] += query.getColumn(1).getInt();
    }
    return counts;
  }

  bool RequeueFailedCommand(const std::string& id) override {
    SQLite::Statement requeue(db_,
                              "UPDATE commands SET state = 'queued', claimed_by = NULL,"
                              " claim_until = NULL, updated_at = ?, queue_order = ?"
                              " WHERE id = ? AND state = 'failed'");
    requeue.bind(1, NowUnix());
    requeue.bind(2, NextQueueOrder());
    requeue.bind(3, id);
    if (requeue.exec() == 0) return false;
    std::vector<CommandElementResult> kept;
    for (auto& result : CommandResults(id)) {
      if (result.ok) kept.push_back(std::move(result));
    }
    ReplaceResults(id, kept);  // renumbered: the next run appends after them
    Touch(ChangeTopic::kCommands);
    return true;
  }

  bool DeleteCommand(const std::string& id) override {
    SQLite::Statement remove(db_, "DELETE FROM commands WHERE id = ?");
    remove.bind(1, id);
    if (remove.exec() == 0) return false;  // results go with it (ON DELETE CASCADE)
    Touch(ChangeTopic::kCommands);
    return true;
  }

  std::optional<UtcTime> NextCommandDue() override {
    SQLite::Statement query(db_,
                            "SELECT MIN(CASE WHEN claim_until IS NULL THEN 0"
                            " ELSE claim_until + 1 END) FROM commands"
                            " WHERE state IN ('queued', 'running')");
    if (!query.executeStep()) return std::nullopt;
    return OptionalTime(query.getColumn(0));
  }

  std::optional<StoredCommand> ClaimNextCommand(UtcTime now, const WorkerId& worker,
                                                std::chrono::seconds lease) override {
    // BEGIN IMMEDIATE holds the write lock: nobody claims between the SELECT
    // and the UPDATE (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED).
    SQLite::Statement next(db_,
                           "SELECT id FROM commands WHERE state IN ('queued', 'running')"
                           " AND (claim_until IS NULL OR claim_until < ?)"
                           " ORDER BY queue_order, id LIMIT 1");
    next.bind(1, static_cast<std::int64_t>(ToUnixSeconds(now)));
    if (!next.executeStep()) return std::nullopt;
    const std::string id = next.getColumn(0).getString();
    SQLite::Statement claim(db_,
                            "UPDATE commands SET state = 'running', claimed_by = ?,"
                            " claim_until = ?, updated_at = ? WHERE id = ?");
    claim.bind(1, worker.value);
    claim.bind(2, static_cast<std::int64_t>(ToUnixSeconds(now + lease)));
    claim.bind(3, static_cast<std::int64_t>(ToUnixSeconds(now)));
    claim.bind(4, id);
    claim.exec();
    return FindCommand(id);
  }

  bool StartCommandNow(const StoredCommand& command, UtcTime now, const WorkerId& worker,
                       std::chrono::seconds lease) override {
    SQLite::Statement held(db_,
                           "SELECT 1 FROM commands WHERE id = ? AND claimed_by <> ?"
                           " AND claim_until >= ?");
    held.bind(1, command.id);
    held.bind(2, worker.value);
    held.bind(3, static_cast<std::int64_t>(ToUnixSeconds(now)));
    if (held.executeStep()) return false;
    SQLite::Statement upsert(
        db_,
        "INSERT INTO commands (id, server_id, document, state, created_at, updated_at,"
        " claimed_by, claim_until, queue_order) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET server_id = excluded.server_id,"
        " document = excluded.document, state = excluded.state,"
        " updated_at = excluded.updated_at, claimed_by = excluded.claimed_by,"
        " claim_until = excluded.claim_until, queue_order = excluded.queue_order");
    const auto now_unix = static_cast<std::int64_t>(ToUnixSeconds(now));
    upsert.bind(1, command.id);
    upsert.bind(2, command.server_id);
    upsert.bind(3, command.document.dump());
    upsert.bind(4, command.created_at == UtcTime{}
                       ? now_unix
                       : static_cast<std::int64_t>(ToUnixSeconds(command.created_at)));
    upsert.bind(5, now_unix);
    upsert.bind(6, worker.value);
    upsert.bind(7, static_cast<std::int64_t>(ToUnixSeconds(now + lease)));
    upsert.bind(8, NextQueueOrder());
    upsert.exec();
    ReplaceResults(command.id, {});
    return true;
  }

  bool RecordCommandResult(const std::string& id, const WorkerId& worker, std::size_t position,
                           const CommandElementResult& result, UtcTime claim_until) override {
    SQLite::Statement renew(db_,
                            "UPDATE commands SET claim_until = ?, updated_at = ?"
                            " WHERE id = ? AND claimed_by = ? AND state = 'running'");
    renew.bind(1, static_cast<std::int64_t>(ToUnixSeconds(claim_until)));
    renew.bind(2, NowUnix());
    renew.bind(3, id);
    renew.bind(4, worker.value);
    if (renew.exec() == 0) return false;
    SQLite::Statement insert(
        db_,
        "INSERT INTO command_results (command_id, position, element, ok, message)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (command_id, position) DO UPDATE SET"
        " element = excluded.element, ok = excluded.ok, message = excluded.message");
    BindResult(insert, id, static_cast<std::int64_t>(position), result);
    insert.exec();
    return true;
  }

  bool FinishCommand(const StoredCommand& command, const WorkerId& worker) override {
    SQLite::Statement finish(db_,
                             "UPDATE commands SET state = ?, updated_at = ?, claimed_by = NULL,"
                             " claim_until = NULL"
                             " WHERE id = ? AND claimed_by = ? AND state = 'running'");
    finish.bind(1, ToString(command.state));
    finish.bind(2, static_cast<std::int64_t>(UpdatedAt(command.updated_at)));
    finish.bind(3, command.id);
    finish.bind(4, worker.value);
    if (finish.exec() == 0) return false;
    ReplaceResults(command.id, command.results);
    return true;
  }

  bool ReleaseCommand(const std::string& id, const WorkerId& worker,
                      const std::vector<CommandElementResult>& results) override {
    SQLite::Statement release(db_,
                              "UPDATE commands SET state = 'queued', updated_at = ?,"
                              " claimed_by = NULL, claim_until = NULL"
                              " WHERE id = ? AND claimed_by = ? AND state = 'running'");
    release.bind(1, NowUnix());
    release.bind(2, id);
    release.bind(3, worker.value);
    if (release.exec() == 0) return false;
    ReplaceResults(id, results);
    return true;
  }

  std::int64_t AddMail(const StoredMail& mail) override {
    SQLite::Statement insert(
        db_,
        "INSERT INTO mails (meeting_id, kind, recipient, message, state, attempts, last_error,"
        " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::int64_t now = NowUnix();
    if (mail.meeting_id) {
      insert.bind(1, *mail.meeting_id);
    } else {
      insert.bind(1);
    }
    insert.bind(2, mail.kind);
    insert.bind(3, mail.recipient);
    insert.bind(4, mail.message.dump());
    insert.bind(5, ToString(mail.state));
    insert.bind(6, mail.attempts);
    insert.bind(7, mail.last_error);
    BindOptionalTime(insert, 8, mail.next_attempt_at);
    insert.bind(9, now);
    insert.bind(10, now);
    insert.exec();
    Touch(ChangeTopic::kMails);
    return db_.getLastInsertRowid();
  }

  std::vector<StoredMail> ListMails(std::optional<MailState> state) override {
    SQLite::Statement query(
        db_, std::string(kMailColumns) + " FROM mails WHERE ? IS NULL OR state = ? ORDER BY id");
    if (state) {
      query.bind(1, ToString(*state));
      query.bind(2, ToString(*state));
    } else {
      query.bind(1);
      query.bind(2);
    }
    std::vector<StoredMail> mails;
    while (query.executeStep()) mails.push_back(ReadMail(query));
    return mails;
  }

  std::optional<StoredMail> FindMail(std::int64_t id) override {
    SQLite::Statement query(db_, std::string(kMailColumns) + " FROM mails WHERE id = ?");
    query.bind(1, static_cast<std::int64_t>(id));
    if (!query.executeStep()) return std::nullopt;
    return ReadMail(query);
  }

  std::vector<StoredMail> DueMails(UtcTime now, std::size_t limit) override {
    SQLite::Statement query(db_, std::string(kMailColumns) +
                                     " FROM mails WHERE state = 'queued'"
                                     " AND COALESCE(next_attempt_at, 0) <= ?"
                                     " ORDER BY COALESCE(next_attempt_at, 0), id LIMIT ?");
    query.bind(1, static_cast<std::int64_t>(ToUnixSeconds(now)));
    query.bind(2, static_cast<std::int64_t>(limit));
    std::vector<StoredMail> mails;
    while (query.executeStep()) mails.push_back(ReadMail(query));
    return mails;
  }

  std::optional<UtcTime> NextMailAttempt() override {
    // A claimed mail can be taken when its claim ends; SQLite's two-argument
    // MAX is PostgreSQL's GREATEST.
    SQLite::Statement query(
        db_,
        "SELECT MIN(MAX(COALESCE(next_attempt_at, 0),"
        " CASE WHEN claimed_by IS NULL THEN 0 ELSE COALESCE(claim_until, 0) END))"
        " FROM mails WHERE state = 'queued'");
    if (!query.executeStep()) return std::nullopt;
    return OptionalTime(query.getColumn(0));
  }

  std::vector<StoredMail> ClaimDueMails(UtcTime now, const WorkerId& worker,
                                        std::chrono::seconds lease, std::size_t limit) override {
    // BEGIN IMMEDIATE holds the write lock from the start of the transaction,
    // so no other connection selects between this SELECT and the UPDATEs.
    SQLite::Statement query(db_, std::string(kMailColumns) +
                                     " FROM mails WHERE state = 'queued'"
                                     " AND COALESCE(next_attempt_at, 0) <= ?"
                                     " AND (claimed_by IS NULL OR COALESCE(claim_until, 0) <= ?)"
                                     " ORDER BY COALESCE(next_attempt_at, 0), id LIMIT ?");
    const auto now_unix = static_cast<std::int64_t>(ToUnixSeconds(now));
    query.bind(1, now_unix);
    query.bind(2, now_unix);
    query.bind(3, static_cast<std::int64_t>(limit));
    std::vector<StoredMail> mails;
    while (query.executeStep()) mails.push_back(ReadMail(query));
    const UtcTime until = now + lease;
    SQLite::Statement claim(db_, "UPDATE mails SET claimed_by = ?, claim_until = ? WHERE id = ?");
    for (auto& mail : mails) {
      claim.bind(1, worker.value);
      claim.bind(2, static_cast<std::int64_t>(ToUnixSeconds(until)));
      claim.bind(3, static_cast<std::int64_t>(mail.id));
      claim.exec();
      claim.reset();
      mail.claimed_by = worker.value;
      mail.claim_until = until;
    }
    return mails;
  }

  bool FinishMailAttempt(const StoredMail& update, const WorkerId& worker) override {
    SQLite::Statement finish(db_,
                             "UPDATE mails SET state = ?, attempts = ?, last_error = ?,"
                             " next_attempt_at = ?, updated_at = ?, claimed_by = NULL,"
                             " claim_until = NULL WHERE id = ? AND claimed_by = ?");
    finish.bind(1, ToString(update.state));
    finish.bind(2, update.attempts);
    finish.bind(3, update.last_error);
    BindOptionalTime(finish, 4, update.next_attempt_at);
    finish.bind(5, static_cast<std::int64_t>(UpdatedAt(update.updated_at)));
    finish.bind(6, static_cast<std::int64_t>(update.id));
    finish.bind(7, worker.value);
    return finish.exec() > 0;
  }

  int ReleaseMails(const WorkerId& worker) override {
    SQLite::Statement release(
        db_, "UPDATE mails SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ?");
    release.bind(1, worker.value);
    return release.exec();
  }

  int RenewMailClaims(const WorkerId& worker, UtcTime until) override {
    SQLite::Statement renew(db_, "UPDATE mails SET claim_until = ? WHERE claimed_by = ?");
    renew.bind(1, static_cast<std::int64_t>(ToUnixSeconds(until)));
    renew.bind(2, worker.value);
    return renew.exec();
  }

  bool UpdateMail(const StoredMail& mail) override {
    SQLite::Statement update(db_,
                             "UPDATE mails SET state = ?, attempts = ?, last_error = ?,"
                             " next_attempt_at = ?, updated_at = ? WHERE id = ?");
    update.bind(1, ToString(mail.state));
    update.bind(2, mail.attempts);
    update.bind(3, mail.last_error);
    BindOptionalTime(update, 4, mail.next_attempt_at);
    update.bind(5, static_cast<std::int64_t>(UpdatedAt(mail.updated_at)));
    update.bind(6, static_cast<std::int64_t>(mail.id));
    const bool updated = update.exec() > 0;
    if (updated) Touch(ChangeTopic::kMails);
    return updated;
  }

  bool DeleteMail(std::int64_t id) override {
    SQLite::Statement remove(db_, "DELETE FROM mails WHERE id = ?");
    remove.bind(1, static_cast<std::int64_t>(id));
    return remove.exec() > 0;
  }

  int PurgeMails(MailState state) override {
    SQLite::Statement remove(db_, "DELETE FROM mails WHERE state = ?");
    remove.bind(1, ToString(state));
    return remove.exec();
  }

  int RenewClaims(const WorkerId& worker, UtcTime until) override {
    int renewed = 0;
    // One statement per kind of work; each kind adds its table here.
    SQLite::Statement meetings(db_, "UPDATE meetings SET claim_until = ? WHERE claimed_by = ?");
    meetings.bind(1, static_cast<std::int64_t>(ToUnixSeconds(until)));
    meetings.bind(2, worker.value);
    renewed += meetings.exec();
    SQLite::Statement commands(db_,
                               "UPDATE commands SET claim_until = ?"
                               " WHERE claimed_by = ? AND state = 'running'");
    commands.bind(1, static_cast<std::int64_t>(ToUnixSeconds(until)));
    commands.bind(2, worker.value);
    renewed += commands.exec();
    renewed += RenewMailClaims(worker, until);
    return renewed;
  }

 private:
  static constexpr const char* kMeetingColumns =
      "SELECT id, server_id, document, starts_at, next_due_at, updated_at, revision, claimed_by,"
      " claim_until";
  static constexpr const char* kCommandColumns =
      "SELECT id, server_id, document, state, created_at, updated_at, claimed_by, claim_until";

  static constexpr const char* kMailColumns =
      "SELECT id, meeting_id, kind, recipient, message, state, attempts, last_error,"
      " next_attempt_at, created_at, updated_at, claimed_by, claim_until";

  static StoredMail ReadMail(SQLite::Statement& query) {
    StoredMail mail;
    mail.id = query.getColumn(0).getInt64();
    if (!query.getColumn(1).isNull()) mail.meeting_id = query.getColumn(1).getString();
    mail.kind = query.getColumn(2).getString();
    mail.recipient = query.getColumn(3).getString();
    mail.message = ParseDocument(query.getColumn(4));
    mail.state = MailStateFromString(query.getColumn(5).getString()).value_or(MailState::kFailed);
    mail.attempts = query.getColumn(6).getInt();
    mail.last_error = query.getColumn(7).getString();
    mail.next_attempt_at = OptionalTime(query.getColumn(8));
    mail.created_at = FromUnixSeconds(query.getColumn(9).getInt64());
    mail.updated_at = FromUnixSeconds(query.getColumn(10).getInt64());
    if (!query.getColumn(11).isNull()) mail.claimed_by = query.getColumn(11).getString();
    mail.claim_until = OptionalTime(query.getColumn(12));
    return mail;
  }

  std::int64_t NowUnix() const { return ToUnixSeconds(clock_()); }

  std::int64_t UpdatedAt(UtcTime given) const {
    return given == UtcTime{} ? NowUnix() : ToUnixSeconds(given);
  }

  void Touch(ChangeTopic topic) { touched_[static_cast<std::size_t>(topic)] = true; }
  void TouchAll() { touched_.fill(true); }

  static StoredServer ReadServer(SQLite::Statement& query) {
    return {query.getColumn(0).getString(), ParseDocumentOrText(query.getColumn(1)),
            FromUnixSeconds(query.getColumn(2).getInt64())};
  }

  static StoredMeeting ReadMeeting(SQLite::Statement& query) {
    StoredMeeting meeting;
    meeting.id = query.getColumn(0).getString();
    meeting.server_id = query.getColumn(1).getString();
    meeting.document = ParseDocumentOrText(query.getColumn(2));
    meeting.starts_at = OptionalTime(query.getColumn(3));
    meeting.next_due_at = OptionalTime(query.getColumn(4));
    meeting.updated_at = FromUnixSeconds(query.getColumn(5).getInt64());
    meeting.revision = query.getColumn(6).getInt64();
    if (!query.getColumn(7).isNull()) meeting.claimed_by = query.getColumn(7).getString();
    meeting.claim_until = OptionalTime(query.getColumn(8));
    return meeting;
  }

  // Columns from `first` on: recorded_at, code, message, attempts, last_at.
  static StatusEntry ReadStatusEntry(SQLite::Statement& query, int first) {
    StatusEntry entry{FromUnixSeconds(query.getColumn(first).getInt64()),
                      query.getColumn(first + 1).getInt(), query.getColumn(first + 2).getString()};
    entry.attempts = query.getColumn(first + 3).getInt();
    entry.last_at = OptionalTime(query.getColumn(first + 4));
    return entry;
  }

  static StoredCommand ReadCommand(SQLite::Statement& query) {
    StoredCommand command;
    command.id = query.getColumn(0).getString();
    command.server_id = query.getColumn(1).getString();
    command.document = ParseDocument(query.getColumn(2));
    command.state =
        CommandStateFromString(query.getColumn(3).getString()).value_or(CommandState::kFailed);
    command.created_at = FromUnixSeconds(query.getColumn(4).getInt64());
    command.updated_at = FromUnixSeconds(query.getColumn(5).getInt64());
    if (!query.getColumn(6).isNull()) command.claimed_by = query.getColumn(6).getString();
    command.claim_until = OptionalTime(query.getColumn(7));
    return command;
  }

  // element, ok, message from column first on.
  static CommandElementResult ReadResult(SQLite::Statement& query, int first) {
    return {query.getColumn(first).getString(), query.getColumn(first + 1).getInt() != 0,
            query.getColumn(first + 2).getString()};
  }

  static void BindResult(SQLite::Statement& insert, const std::string& command_id,
                         std::int64_t position, const CommandElementResult& result) {
    insert.bind(1, command_id);
    insert.bind(2, position);
    insert.bind(3, result.element);
    insert.bind(4, result.ok ? 1 : 0);
    insert.bind(5, result.message);
  }

  std::vector<CommandElementResult> CommandResults(const std::string& command_id) {
    SQLite::Statement query(db_,
                            "SELECT element, ok, message FROM command_results"
                            " WHERE command_id = ? ORDER BY position");
    query.bind(1, command_id);
    std::vector<CommandElementResult> results;
    while (query.executeStep()) results.push_back(ReadResult(query, 0));
    return results;
  }

  void ReplaceResults(const std::string& command_id,
                      const std::vector<CommandElementResult>& results) {
    SQLite::Statement clear(db_, "DELETE FROM command_results WHERE command_id = ?");
    clear.bind(1, command_id);
    clear.exec();
    SQLite::Statement insert(db_,
                             "INSERT INTO command_results (command_id, position, element, ok,"
                             " message) VALUES (?, ?, ?, ?, ?)");
    std::int64_t position = 0;
    for (const auto& result : results) {
      BindResult(insert, command_id, position++, result);
      insert.exec();
      insert.reset();
    }
  }

  // The queue_order of the next command this transaction queues: the
  // wall-clock microseconds when it queued its first one, times 1000, plus
  // how many it queued before. A later transaction starts at least a
  // microsecond later, and writing a command takes far longer than the
  // nanosecond each position stands for, so its commands sort after these,
  // without reading what is stored (no MAX()+1: concurrent writers on
  // PostgreSQL cannot take the same numbers). A wall clock set back between
  // two queuings can put the later one first; nothing else depends on it.
  std::int64_t NextQueueOrder() {
    if (!queue_order_base_) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::system_clock::now().time_since_epoch());
      queue_order_base_ = static_cast<std::int64_t>(micros.count()) * 1000;
    }
    return *queue_order_base_ + queued_++;
  }

  SQLite::Database& db_;
  StatementCache& statements_;  // for the statements every request runs
  const Clock& clock_;
  TouchedTopics& touched_;
  std::optional<std::int64_t> queue_order_base_;  // set by the first NextQueueOrder
  std::int64_t queued_ = 0;
};

// Failures of the database itself rather than of the work: they make the store unhealthy.
bool IsStoreFault(int code) {
  switch (code & 0xff) {  // the primary result code
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

}  // namespace

// One read-only connection with its statements; used by one Read at a time.
struct SqliteStore::Reader {
  std::unique_ptr<SQLite::Database> db;
  std::unique_ptr<StatementCache> statements;  // declared after db: finalized before it closes
};

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db, Clock clock)
    : db_(std::move(db)),
      clock_(std::move(clock)),
      statements_(std::make_unique<StatementCache>(*db_)) {}
SqliteStore::~SqliteStore() = default;

namespace {

std::unique_ptr<SQLite::Database> OpenConnection(const std::string& path, int flags) {
  auto db = std::make_unique<SQLite::Database>(path, flags);
  db->setBusyTimeout(10000);
  return db;
}

}  // namespace

std::expected<std::unique_ptr<SqliteStore>, StoreError> SqliteStore::Open(
    const std::string& path, Clock clock, const std::vector<Migration>& migrations) {
  try {
    auto db = OpenConnection(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // SQLite opens a file it may not write read-only without a word, and the
    // first write would fail much later: refuse it now.
    if (sqlite3_db_readonly(db->getHandle(), "main") == 1) {
      throw std::runtime_error("the file is read-only for this user (uid " +
                               std::to_string(::geteuid()) +
                               "): make it writable, or run scheduLight as its owner");
    }
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA foreign_keys = ON");
    std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db), std::move(clock)));
    store->Migrate(migrations);
    // Reads get connections of their own (WAL: they see the last commit and
    // neither wait for nor block the writer), several, so that concurrent API
    // reads do not queue behind one connection's mutex (a thread preempted
    // while holding it stalled all the others for a time slice). ":memory:" is
    // one database per connection, so there reads share the writer's.
    if (path != ":memory:") {
      for (std::size_t i = 0; i < kReadConnections; ++i) {
        auto reader = std::make_unique<Reader>();
        reader->db = OpenConnection(path, SQLite::OPEN_READONLY);
        reader->db->exec("PRAGMA foreign_keys = ON");
        reader->statements = std::make_unique<StatementCache>(*reader->db);
        store->free_readers_.push_back(reader.get());
        store->readers_.push_back(std::move(reader));
      }
    }
    return store;
  } catch (const std::exception& e) {
    return std::unexpected(StoreError{"cannot open the SQLite store '" + path + "': " + e.what()});
  }
}

void SqliteStore::Migrate(const std::vector<Migration>& migrations) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction transaction(*statements_);
  db_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
      " description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  std::set<int> applied;
  SQLite::Statement recorded(*db_, "SELECT version FROM schema_migrations ORDER BY version");
  while (recorded.executeStep()) applied.insert(recorded.getColumn(0).getInt());
  std::set<int> known;
  for (const auto& migration : migrations) known.insert(migration.version);
  for (int version : applied) {
    if (known.contains(version)) continue;
    std::string versions;
    for (int v : known) versions += (versions.empty() ? "" : ", ") + std::to_string(v);
    throw std::runtime_error("the store has schema version " + std::to_string(version) +
                             ", newer than this program knows (it knows " + versions +
                             "): upgrade scheduLight");
  }
  // Every version not applied yet, also one below the newest applied (merged
  // in from another branch): versions need not be contiguous (migrations.h).
  for (const auto& migration : migrations) {
    if (applied.contains(migration.version)) continue;
    for (const auto& statement : migration.statements) db_->exec(statement);
    SQLite::Statement record(*db_,
                             "INSERT INTO schema_migrations (version, description, applied_at)"
                             " VALUES (?, ?, ?)");
    record.bind(1, migration.version);
    record.bind(2, migration.description);
    record.bind(3, static_cast<std::int64_t>(ToUnixSeconds(clock_())));
    record.exec();
  }
  transaction.Commit();
}

int SqliteStore::SchemaVersion() {
  std::lock_guard lock(mutex_);
  return db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
}

namespace {

StoreErrorKind KindOf(const SQLite::Exception& e) {
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreErrorKind::kBusy;
    case SQLITE_CONSTRAINT:
      return StoreErrorKind::kConstraint;
    default:
      return StoreErrorKind::kOther;
  }
}

}  // namespace

std::expected<void, StoreError> SqliteStore::Transact(
    const std::function<void(StoreSession&)>& work) {
  TouchedTopics touched{};
  {
    std::lock_guard lock(mutex_);
    try {
      const auto changes = sqlite3_total_changes64(db_->getHandle());
      ImmediateTransaction transaction(*statements_);
      SqliteSession session(*db_, *statements_, clock_, touched);
      work(session);
      transaction.Commit();
      if (sqlite3_total_changes64(db_->getHandle()) != changes) health_.Wrote();
    } catch (const SQLite::Exception& e) {
      if (IsStoreFault(e.getErrorCode())) health_.Failed(sqlite3_errstr(e.getErrorCode() & 0xff));
      return std::unexpected(StoreError{e.what(), KindOf(e)});
    } catch (const StoreRefusal& e) {
      return std::unexpected(StoreError{e.what(), e.kind()});
    } catch (const std::exception& e) {
      return std::unexpected(StoreError{e.what()});
    }
  }
  // After the commit and outside the lock: a woken worker may read at once.
  for (std::size_t topic = 0; topic < kChangeTopics; ++topic) {
    if (touched[topic]) changes_.Notify(static_cast<ChangeTopic>(topic));
  }
  return {};
}

std::expected<void, StoreError> SqliteStore::Read(const std::function<void(StoreSession&)>& work) {
  if (readers_.empty()) return Transact(work);
  // A free connection; none free: wait for the first one handed back (not for
  // a given one, whose holder may be preempted).
  Reader* reader = nullptr;
  {
    std::unique_lock lock(readers_mutex_);
    readers_free_.wait(lock, [this] { return !free_readers_.empty(); });
    reader = free_readers_.back();
    free_readers_.pop_back();
  }
  struct HandBack {
    SqliteStore& store;
    Reader* reader;
    ~HandBack() {
      {
        std::lock_guard lock(store.readers_mutex_);
        store.free_readers_.push_back(reader);
      }
      store.readers_free_.notify_one();
    }
  } hand_back{*this, reader};
  TouchedTopics touched{};
  try {
    reader->statements->Run("BEGIN");
    struct EndRead {
      StatementCache& statements;
      ~EndRead() {
        try {
          statements.Run("ROLLBACK");  // nothing to keep: a read transaction
        } catch (...) {
        }
      }
    } end{*reader->statements};
    SqliteSession session(*reader->db, *reader->statements, clock_, touched);
    work(session);
    return {};
  } catch (const SQLite::Exception& e) {
    return std::unexpected(StoreError{e.what(), KindOf(e)});
  } catch (const StoreRefusal& e) {
    return std::unexpected(StoreError{e.what(), e.kind()});
  } catch (const std::exception& e) {
    return std::unexpected(StoreError{e.what()});
  }
}

}  // namespace schedulight
