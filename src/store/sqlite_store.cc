#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "core/json_input.h"
#include "core/utf8_text.h"
#include "store/migrations.h"

namespace schedulight {
namespace {

std::int64_t NowUnix() {
  return ToUnixSeconds(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

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

// Commits on Commit(), rolls back otherwise.
class ImmediateTransaction {
 public:
  explicit ImmediateTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~ImmediateTransaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {
        // The connection is unusable; the next BEGIN reports it.
      }
    }
  }
  void Commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  SQLite::Database& db_;
  bool done_ = false;
};

class SqliteSession final : public StoreSession {
 public:
  explicit SqliteSession(SQLite::Database& db) : db_(db) {}

  std::vector<StoredServer> ListServers() override {
    SQLite::Statement query(db_, "SELECT id, document, updated_at FROM servers ORDER BY id");
    std::vector<StoredServer> servers;
    while (query.executeStep()) servers.push_back(ReadServer(query));
    return servers;
  }

  std::optional<StoredServer> FindServer(const std::string& id) override {
    SQLite::Statement query(db_, "SELECT id, document, updated_at FROM servers WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return ReadServer(query);
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
  }

  bool DeleteServer(const std::string& id) override {
    SQLite::Statement remove(db_, "DELETE FROM servers WHERE id = ?");
    remove.bind(1, id);
    return remove.exec() > 0;
  }

  std::vector<StoredMeeting> ListMeetings() override {
    SQLite::Statement query(db_, std::string(kMeetingColumns) + " FROM meetings ORDER BY id");
    std::vector<StoredMeeting> meetings;
    while (query.executeStep()) meetings.push_back(ReadMeeting(query));
    return meetings;
  }

  std::optional<StoredMeeting> FindMeeting(const std::string& id) override {
    SQLite::Statement query(db_, std::string(kMeetingColumns) + " FROM meetings WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return ReadMeeting(query);
  }

  void PutMeeting(const StoredMeeting& meeting) override {
    SQLite::Statement upsert(
        db_,
        "INSERT INTO meetings (id, server_id, document, starts_at, next_due_at, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET server_id = excluded.server_id,"
        " document = excluded.document, starts_at = excluded.starts_at,"
        " next_due_at = excluded.next_due_at, updated_at = excluded.updated_at");
    upsert.bind(1, meeting.id);
    upsert.bind(2, meeting.server_id);
    upsert.bind(3, meeting.document.dump());
    BindOptionalTime(upsert, 4, meeting.starts_at);
    BindOptionalTime(upsert, 5, meeting.next_due_at);
    upsert.bind(6, static_cast<std::int64_t>(NowUnix()));
    upsert.bind(7, static_cast<std::int64_t>(UpdatedAt(meeting.updated_at)));
    upsert.exec();
  }

  bool DeleteMeeting(const std::string& id) override {
    SQLite::Statement remove(db_, "DELETE FROM meetings WHERE id = ?");
    remove.bind(1, id);
    return remove.exec() > 0;
  }

  std::vector<StoredMeeting> DueMeetings(UtcTime now, std::size_t limit) override {
    SQLite::Statement query(db_, std::string(kMeetingColumns) +
                                     " FROM meetings WHERE next_due_at <= ?"
                                     " ORDER BY next_due_at, id LIMIT ?");
    query.bind(1, static_cast<std::int64_t>(ToUnixSeconds(now)));
    query.bind(2, static_cast<std::int64_t>(limit));
    std::vector<StoredMeeting> meetings;
    while (query.executeStep()) meetings.push_back(ReadMeeting(query));
    return meetings;
  }

  std::optional<UtcTime> NextMeetingDue() override {
    SQLite::Statement query(db_, "SELECT MIN(next_due_at) FROM meetings");
    if (!query.executeStep()) return std::nullopt;
    return OptionalTime(query.getColumn(0));
  }

  bool SetMeetingNextDue(const std::string& id, const nlohmann::json& document,
                         std::optional<UtcTime> next_due) override {
    SQLite::Statement update(db_,
                             "UPDATE meetings SET next_due_at = ? WHERE id = ? AND document = ?");
    BindOptionalTime(update, 1, next_due);
    update.bind(2, id);
    update.bind(3, document.dump());
    return update.exec() > 0;
  }

  StatusHistory MeetingStatus(const std::string& meeting_id) override {
    SQLite::Statement query(db_,
                            "SELECT step, recorded_at, code, message FROM meeting_status"
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
    SQLite::Statement query(db_,
                            "SELECT recorded_at, code, message FROM meeting_status"
                            " WHERE meeting_id = ? AND step = ? ORDER BY seq DESC LIMIT 1");
    query.bind(1, meeting_id);
    query.bind(2, step);
    if (!query.executeStep()) return std::nullopt;
    return ReadStatusEntry(query, 0);
  }

  bool RecordStatus(const std::string& meeting_id, const std::string& step,
                    const StatusEntry& entry) override {
    auto latest = LatestStatus(meeting_id, step);
    if (latest && latest->code == entry.code) return false;
    SQLite::Statement insert(
        db_,
        "INSERT INTO meeting_status (meeting_id, step, seq, code, message, recorded_at)"
        " SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM meeting_status"
        " WHERE meeting_id = ? AND step = ?");
    insert.bind(1, meeting_id);
    insert.bind(2, step);
    insert.bind(3, entry.code);
    insert.bind(4, entry.message);
    insert.bind(5, static_cast<std::int64_t>(ToUnixSeconds(entry.time)));
    insert.bind(6, meeting_id);
    insert.bind(7, step);
    insert.exec();
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
        db_, std::string(kCommandColumns) + " FROM commands ORDER BY created_at, id");
    std::vector<StoredCommand> commands;
    while (query.executeStep()) commands.push_back(ReadCommand(query));
    for (auto& command : commands) command.results = CommandResults(command.id);
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
        "INSERT INTO commands (id, server_id, document, state, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET server_id = excluded.server_id,"
        " document = excluded.document, state = excluded.state,"
        " created_at = excluded.created_at, updated_at = excluded.updated_at");
    const std::int64_t now = NowUnix();
    upsert.bind(1, command.id);
    upsert.bind(2, command.server_id);
    upsert.bind(3, command.document.dump());
    upsert.bind(4, ToString(command.state));
    upsert.bind(5, command.created_at == UtcTime{}
                       ? now
                       : static_cast<std::int64_t>(ToUnixSeconds(command.created_at)));
    upsert.bind(6, static_cast<std::int64_t>(UpdatedAt(command.updated_at)));
    upsert.exec();
    SQLite::Statement clear(db_, "DELETE FROM command_results WHERE command_id = ?");
    clear.bind(1, command.id);
    clear.exec();
    int position = 0;
    for (const auto& result : command.results) {
      SQLite::Statement insert(db_,
                               "INSERT INTO command_results (command_id, position, element, ok,"
                               " message) VALUES (?, ?, ?, ?, ?)");
      insert.bind(1, command.id);
      insert.bind(2, position++);
      insert.bind(3, result.element);
      insert.bind(4, result.ok ? 1 : 0);
      insert.bind(5, result.message);
      insert.exec();
    }
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
    return update.exec() > 0;
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
    renewed += RenewMailClaims(worker, until);
    return renewed;
  }

 private:
  static constexpr const char* kMeetingColumns =
      "SELECT id, server_id, document, starts_at, next_due_at, updated_at";
  static constexpr const char* kCommandColumns =
      "SELECT id, server_id, document, state, created_at, updated_at";

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

  static std::int64_t UpdatedAt(UtcTime given) {
    return given == UtcTime{} ? NowUnix() : ToUnixSeconds(given);
  }

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
    return meeting;
  }

  static StatusEntry ReadStatusEntry(SQLite::Statement& query, int first) {
    return {FromUnixSeconds(query.getColumn(first).getInt64()), query.getColumn(first + 1).getInt(),
            query.getColumn(first + 2).getString()};
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
    return command;
  }

  std::vector<CommandElementResult> CommandResults(const std::string& command_id) {
    SQLite::Statement query(db_,
                            "SELECT element, ok, message FROM command_results"
                            " WHERE command_id = ? ORDER BY position");
    query.bind(1, command_id);
    std::vector<CommandElementResult> results;
    while (query.executeStep()) {
      results.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt() != 0,
                         query.getColumn(2).getString()});
    }
    return results;
  }

  SQLite::Database& db_;
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

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteStore::~SqliteStore() = default;

std::expected<std::unique_ptr<SqliteStore>, StoreError> SqliteStore::Open(const std::string& path) {
  return Open(path, StoreMigrations());
}

std::expected<std::unique_ptr<SqliteStore>, StoreError> SqliteStore::Open(
    const std::string& path, const std::vector<Migration>& migrations) {
  try {
    auto db =
        std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // SQLite opens a file it may not write read-only without a word, and the
    // first write would fail much later: refuse it now.
    if (sqlite3_db_readonly(db->getHandle(), "main") == 1) {
      throw std::runtime_error("the file is read-only for this user (uid " +
                               std::to_string(::geteuid()) +
                               "): make it writable, or run scheduLight as its owner");
    }
    db->setBusyTimeout(10000);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA foreign_keys = ON");
    std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
    store->Migrate(migrations);
    return store;
  } catch (const std::exception& e) {
    return std::unexpected(StoreError{"cannot open the SQLite store '" + path + "': " + e.what()});
  }
}

void SqliteStore::Migrate(const std::vector<Migration>& migrations) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction transaction(*db_);
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
    record.bind(3, static_cast<std::int64_t>(NowUnix()));
    record.exec();
  }
  transaction.Commit();
}

int SqliteStore::SchemaVersion() {
  std::lock_guard lock(mutex_);
  return db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
}

std::expected<void, StoreError> SqliteStore::Transact(
    const std::function<void(StoreSession&)>& work) {
  std::lock_guard lock(mutex_);
  try {
    const auto changes = sqlite3_total_changes64(db_->getHandle());
    ImmediateTransaction transaction(*db_);
    SqliteSession session(*db_);
    work(session);
    transaction.Commit();
    if (sqlite3_total_changes64(db_->getHandle()) != changes) health_.Wrote();
    return {};
  } catch (const SQLite::Exception& e) {
    if (IsStoreFault(e.getErrorCode())) health_.Failed(sqlite3_errstr(e.getErrorCode() & 0xff));
    return std::unexpected(StoreError{e.what()});
  } catch (const std::exception& e) {
    return std::unexpected(StoreError{e.what()});
  }
}

}  // namespace schedulight
