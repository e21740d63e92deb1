#pragma once
// The state store: everything scheduLight must remember across restarts.
// One interface, two implementations (SQLite now, PostgreSQL later). All
// changes happen inside Transact(), which commits when the callback returns
// and rolls back when it throws, so a half-applied change is never visible.

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/start_date.h"
#include "core/status.h"
#include "store/claim.h"
#include "store/store_health.h"

namespace schedulight {

struct StoredServer {
  std::string id;
  nlohmann::json document;  // as given, secrets included: redact before showing
  UtcTime updated_at{};
};

struct StoredMeeting {
  std::string id;
  std::string server_id;
  nlohmann::json document;
  std::optional<UtcTime> starts_at;    // startDate resolved to UTC
  std::optional<UtcTime> next_due_at;  // when the scheduler should look at it next
  UtcTime updated_at{};
};

enum class CommandState { kQueued, kRunning, kDone, kFailed };
std::string ToString(CommandState state);
std::optional<CommandState> CommandStateFromString(const std::string& text);

struct CommandElementResult {
  std::string element;  // the key under `data`
  bool ok = false;
  std::string message;
};

struct StoredCommand {
  std::string id;
  std::string server_id;
  nlohmann::json document;
  CommandState state = CommandState::kQueued;
  std::vector<CommandElementResult> results;  // one per element done so far, in element order
  UtcTime created_at{};
  UtcTime updated_at{};
  // Who runs it (claim.h): set by the store, read-only for callers. Empty
  // when nobody does; a running command whose claim_until has passed is free.
  std::string claimed_by;
  std::optional<UtcTime> claim_until;
};

enum class MailState { kQueued, kSent, kFailed };
std::string ToString(MailState state);
std::optional<MailState> MailStateFromString(const std::string& text);

struct StoredMail {
  std::int64_t id = 0;  // assigned by the store
  std::optional<std::string> meeting_id;
  std::string kind;        // template name: meetingOwnerInfo, roomShared, ...
  std::string recipient;   // mail address
  nlohmann::json message;  // what the mail worker needs to render and send it
  MailState state = MailState::kQueued;
  int attempts = 0;
  std::string last_error;
  std::optional<UtcTime> next_attempt_at;
  UtcTime created_at{};
  UtcTime updated_at{};
};

// What went wrong, so callers can retry what is retryable.
enum class StoreErrorKind {
  kOther,       // a bug, a damaged row, anything else: do not retry blindly
  kBusy,        // the database is locked or unavailable for now: retry later
  kConflict,    // the work's claim or revision is gone: stop, the work is planned again
  kConstraint,  // the change breaks a rule of the store (e.g. a server still in use)
};

struct StoreError {
  std::string message;
  StoreErrorKind kind = StoreErrorKind::kOther;
};

// The operations available inside a transaction. Methods throw on database
// errors; Store::Transact turns that into a StoreError and rolls back.
class StoreSession {
 public:
  virtual ~StoreSession() = default;

  virtual std::vector<StoredServer> ListServers() = 0;
  virtual std::optional<StoredServer> FindServer(const std::string& id) = 0;
  virtual void PutServer(const StoredServer& server) = 0;  // insert or replace
  virtual bool DeleteServer(const std::string& id) = 0;

  virtual std::vector<StoredMeeting> ListMeetings() = 0;
  virtual std::optional<StoredMeeting> FindMeeting(const std::string& id) = 0;
  virtual void PutMeeting(const StoredMeeting& meeting) = 0;  // keeps its status history
  virtual bool DeleteMeeting(const std::string& id) = 0;      // and its status history
  // Meetings whose next_due_at is at or before now, earliest first.
  virtual std::vector<StoredMeeting> DueMeetings(UtcTime now, std::size_t limit) = 0;
  // The earliest next_due_at of all meetings; none when no meeting is due ever.
  virtual std::optional<UtcTime> NextMeetingDue() = 0;
  // Sets next_due_at, unless the meeting's document is no longer `document`
  // (it was changed while being processed: then it stays due as the change left it).
  virtual bool SetMeetingNextDue(const std::string& id, const nlohmann::json& document,
                                 std::optional<UtcTime> next_due) = 0;

  virtual StatusHistory MeetingStatus(const std::string& meeting_id) = 0;
  // The newest entry of a step, if any.
  virtual std::optional<StatusEntry> LatestStatus(const std::string& meeting_id,
                                                  const std::string& step) = 0;
  // Appends an entry unless the step's latest code is the same. Returns whether it appended.
  virtual bool RecordStatus(const std::string& meeting_id, const std::string& step,
                            const StatusEntry& entry) = 0;
  // Deletes one step's history, or all of them when step is empty.
  virtual int ClearStatus(const std::string& meeting_id, const std::string& step) = 0;

  // --- commands ---------------------------------------------------------------
  // Every command with its results, in queue order (two queries, whatever the count).
  virtual std::vector<StoredCommand> ListCommands() = 0;
  virtual std::optional<StoredCommand> FindCommand(const std::string& id) = 0;
  // Insert or replace, results too; ends any claim on it (a worker running it
  // then finds its claim lost and writes nothing more). A command put as
  // queued goes to the end of the queue: after every command queued by an
  // earlier transaction, and after those this transaction queued before it.
  virtual void PutCommand(const StoredCommand& command) = 0;
  // How many commands are in each state; every state is present.
  virtual std::map<CommandState, int> CountCommandsByState() = 0;
  // When ClaimNextCommand can next return a command: the epoch when one is
  // claimable now, else one second after the earliest claim on a running
  // command ends; none when no command is queued or running.
  virtual std::optional<UtcTime> NextCommandDue() = 0;

  // Command claims (claim.h). Only the claim's holder writes a command's
  // state and results until it finishes or releases it; each method below
  // that writes for a holder checks the claim in the same statement and
  // returns false, writing nothing, when the claim was lost (the command was
  // re-queued, or its claim ended and another worker took it).
  //
  // The first command in queue order that is queued, or running under a
  // claim that ended before now (its worker died or hung), now marked
  // running under worker's claim until now + lease; with its results.
  virtual std::optional<StoredCommand> ClaimNextCommand(UtcTime now, const WorkerId& worker,
                                                        std::chrono::seconds lease) = 0;
  // Stores command (insert or replace: results cleared, created_at kept,
  // queued last) as running under worker's claim until now + lease, to run
  // it at once. False, and nothing written, when another worker's claim on
  // it has not ended.
  virtual bool StartCommandNow(const StoredCommand& command, UtcTime now, const WorkerId& worker,
                               std::chrono::seconds lease) = 0;
  // Records the result of one more element at position (0 = first element)
  // and extends worker's claim to claim_until.
  virtual bool RecordCommandResult(const std::string& id, const WorkerId& worker,
                                   std::size_t position, const CommandElementResult& result,
                                   UtcTime claim_until) = 0;
  // Writes command's state (done or failed), results and updated_at, and ends the claim.
  virtual bool FinishCommand(const StoredCommand& command, const WorkerId& worker) = 0;
  // Hands a command back unfinished: queued again in its place, claim ended,
  // results replaced by results (the elements done), so that the next run
  // does only the others.
  virtual bool ReleaseCommand(const std::string& id, const WorkerId& worker,
                              const std::vector<CommandElementResult>& results) = 0;

  virtual std::int64_t AddMail(const StoredMail& mail) = 0;
  virtual std::vector<StoredMail> ListMails(std::optional<MailState> state) = 0;
  virtual std::optional<StoredMail> FindMail(std::int64_t id) = 0;
  // Queued mails whose next_attempt_at is unset or not after now, the longest
  // waiting first; at most limit of them.
  virtual std::vector<StoredMail> DueMails(UtcTime now, std::size_t limit) = 0;
  // When the earliest queued mail is due (the epoch for one due at once).
  virtual std::optional<UtcTime> NextMailAttempt() = 0;
  // Writes a mail's state, attempts, last_error and next_attempt_at.
  // Returns whether the mail exists.
  virtual bool UpdateMail(const StoredMail& mail) = 0;
  virtual bool DeleteMail(std::int64_t id) = 0;
  // Deletes every mail in state; returns how many.
  virtual int PurgeMails(MailState state) = 0;

  // --- claims (claim.h) -------------------------------------------------------
  // Extends every claim worker holds (meetings, commands, mails) to until.
  // Returns how many claims it extended.
  virtual int RenewClaims(const WorkerId& worker, UtcTime until) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs work in one transaction. A StoreError (or any exception) rolls back.
  virtual std::expected<void, StoreError> Transact(
      const std::function<void(StoreSession&)>& work) = 0;

  // The schema version the store is at after opening (migrations applied).
  virtual int SchemaVersion() = 0;

  // Whether writes work, as the transactions so far found (store_health.h). Thread-safe.
  virtual StoreHealth Health() const = 0;
};

// The file of a "sqlite:PATH" URL; none for sqlite::memory: or another kind of store.
std::optional<std::string> SqliteStorePath(const std::string& url);

// Opens the store named by url: "sqlite:PATH" (PATH relative to the working
// directory; ":memory:" for a throw-away store). Applies pending migrations.
// A store file this user cannot write is refused here, not at the first write.
std::expected<std::unique_ptr<Store>, StoreError> OpenStore(const std::string& url);

}  // namespace schedulight
