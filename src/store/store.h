#pragma once
// The state store: everything scheduLight must remember across restarts.
// One interface, two implementations (SQLite now, PostgreSQL later). All
// changes happen inside Transact(), which commits when the callback returns
// and rolls back when it throws, so a half-applied change is never visible.
//
// Ownership of work (claim.h): a meeting, command or mail is worked on by
// the one worker that claimed it, and that worker's finishing writes commit
// only while it still holds the claim. Meetings also carry a revision that
// every external write bumps (a new document, enable/disable, a status edit
// through the API or CLI); a meeting pass commits only while the revision it
// started on is unchanged, so an admin's last word always wins.
//
// Wake-ups (change_feed.h): after a commit, the store notifies the topics the
// transaction's writes concern; the claim bookkeeping of the workers
// themselves notifies nobody.

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/start_date.h"
#include "core/status.h"
#include "store/change_feed.h"
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
  std::optional<UtcTime> starts_at;    // startDate resolved to UTC, pinned when stored
  std::optional<UtcTime> next_due_at;  // when the scheduler should look at it next
  UtcTime updated_at{};
  // Read-only for writers (PutMeeting ignores them): set by the store.
  std::int64_t revision = 0;              // bumped by every external write
  std::optional<std::string> claimed_by;  // the worker holding the meeting, if any
  std::optional<UtcTime> claim_until;     // when that claim ends unless renewed
};

// What a meeting pass holds: the claim, and the revision it started on.
struct MeetingClaim {
  std::string meeting_id;
  WorkerId worker;
  std::int64_t revision = 0;
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
  std::optional<UtcTime> next_attempt_at;  // not before (backoff); unset: at once
  UtcTime created_at{};
  UtcTime updated_at{};
  // The claim (claim.h), as read; written only by the claim methods below.
  std::optional<std::string> claimed_by;  // the worker sending it; none: free
  std::optional<UtcTime> claim_until;     // the claim ends then unless renewed
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

// Thrown inside Transact by a store operation that refuses on purpose (a
// lost claim, a server still in use); Transact rolls back and returns it as a
// StoreError of that kind.
class StoreRefusal : public std::runtime_error {
 public:
  StoreRefusal(StoreErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

// The operations available inside a transaction. Methods throw on database
// errors; Store::Transact turns that into a StoreError and rolls back.
class StoreSession {
 public:
  virtual ~StoreSession() = default;

  virtual std::vector<StoredServer> ListServers() = 0;
  virtual std::optional<StoredServer> FindServer(const std::string& id) = 0;
  virtual void PutServer(const StoredServer& server) = 0;  // insert or replace
  // Refuses (StoreRefusal kConstraint, naming some of them) while meetings use the server.
  virtual bool DeleteServer(const std::string& id) = 0;
  // Ids of the meetings stored for a server, sorted; at most limit.
  virtual std::vector<std::string> MeetingsOfServer(const std::string& server_id,
                                                    std::size_t limit) = 0;

  virtual std::vector<StoredMeeting> ListMeetings() = 0;
  // The ids of every stored meeting, sorted: no document is read or parsed.
  virtual std::vector<std::string> MeetingIds() = 0;
  virtual std::optional<StoredMeeting> FindMeeting(const std::string& id) = 0;
  // Insert or replace, keeping the status history and any claim; bumps the
  // revision. The server must be stored (StoreRefusal kConstraint otherwise).
  virtual void PutMeeting(const StoredMeeting& meeting) = 0;
  virtual bool DeleteMeeting(const std::string& id) = 0;  // and its status history
  // An external change that is not a new document (enable/disable, a status
  // edit): bumps the revision and, when due_at is given, sets next_due_at.
  // Returns whether the meeting exists.
  virtual bool TouchMeeting(const std::string& id, std::optional<UtcTime> due_at) = 0;

  // --- the engine's meeting work (claim.h) --------------------------------------
  // Claims up to limit meetings that are due at now (next_due_at <= now) and
  // free (not claimed, or the claim ended), earliest first; only the server's
  // when server_id is given. Each comes back with the revision it was claimed at.
  virtual std::vector<StoredMeeting> ClaimDueMeetings(
      UtcTime now, const WorkerId& worker, std::chrono::seconds lease, std::size_t limit,
      const std::optional<std::string>& server_id) = 0;
  // When the next meeting becomes claimable (the earliest next_due_at of a
  // free meeting, or the end of a claim); only the server's when given. None:
  // no meeting will ever be due without a change.
  virtual std::optional<UtcTime> NextMeetingDue(const std::optional<std::string>& server_id) = 0;
  // Whether claim is still held and the meeting's revision unchanged.
  virtual bool HoldsMeeting(const MeetingClaim& claim) = 0;
  // Records a step's status for a pass, only while claim holds; otherwise
  // throws StoreRefusal kConflict, which rolls back the whole transaction (a
  // mail queued with it is not queued either). A new code is appended (see
  // RecordStatus); the same code again is a repeat: the latest entry's
  // attempts grows by one and last_at becomes entry.time (time and message
  // stay those of the first time). Returns whether it appended.
  virtual bool RecordPassStatus(const MeetingClaim& claim, const std::string& step,
                                const StatusEntry& entry) = 0;
  // Ends a pass: writes next_due_at and ends the claim, while claim holds.
  // When the revision changed meanwhile, only ends the claim and leaves
  // next_due_at as the change set it; returns false then (and when the claim
  // was lost).
  virtual bool FinishMeetingPass(const MeetingClaim& claim, std::optional<UtcTime> next_due) = 0;
  // Ends the claim without touching next_due_at (a pass that stopped): the
  // meeting stays due. Returns whether the worker held it.
  virtual bool ReleaseMeeting(const MeetingClaim& claim) = 0;
  // Ends every meeting claim, whoever holds it; returns how many. Only for a
  // daemon that knows no other worker can hold one (it holds the store's
  // meetings lock, store_lock.h): a predecessor killed mid-pass then hands
  // over at once instead of after its lease.
  virtual int ReleaseAllMeetingClaims() = 0;

  virtual StatusHistory MeetingStatus(const std::string& meeting_id) = 0;
  // The newest entry of a step, if any.
  virtual std::optional<StatusEntry> LatestStatus(const std::string& meeting_id,
                                                  const std::string& step) = 0;
  // Appends an entry unless the step's latest code is the same. Returns
  // whether it appended. For admin edits; a pass uses RecordPassStatus.
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
  // Queues a failed command again (an admin's retry): state queued, at the
  // end of the queue, no claim; the results of the elements that succeeded
  // are kept (in element order) and those of the failed ones dropped, so the
  // next run does only the failed elements. False, writing nothing, unless
  // the command exists and is failed.
  virtual bool RequeueFailedCommand(const std::string& id) = 0;
  // Deletes a command and its results. Returns whether it existed. The
  // caller decides whether a running command may go (its holder then finds
  // its claim lost and writes nothing more).
  virtual bool DeleteCommand(const std::string& id) = 0;
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
  // waiting first; at most limit of them. Read only: claims are neither
  // looked at nor taken (for listing what is held while delivery is off).
  virtual std::vector<StoredMail> DueMails(UtcTime now, std::size_t limit) = 0;
  // When the earliest queued mail can be taken: its next_attempt_at (the
  // epoch for one due at once), or, while a claim on it has not been
  // finished or released, its claim_until if that is later. None when
  // nothing is queued.
  virtual std::optional<UtcTime> NextMailAttempt() = 0;
  // Writes a mail's state, attempts, last_error and next_attempt_at (the
  // administrative retry). Leaves its claim as it is. Returns whether the mail exists.
  virtual bool UpdateMail(const StoredMail& mail) = 0;
  virtual bool DeleteMail(std::int64_t id) = 0;
  // Deletes every mail in state; returns how many.
  virtual int PurgeMails(MailState state) = 0;

  // --- mail claims (claim.h) ---------------------------------------------------
  // Takes up to limit queued mails that are due (next_attempt_at unset or not
  // after now) and free (no claim, or one whose claim_until is not after
  // now), the longest waiting first (as DueMails), and marks them claimed by
  // worker until now + lease. Returns them as claimed, in that order. Two
  // workers never get the same mail while its claim lasts. (PostgreSQL: one
  // UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING.)
  virtual std::vector<StoredMail> ClaimDueMails(UtcTime now, const WorkerId& worker,
                                                std::chrono::seconds lease, std::size_t limit) = 0;
  // Records the outcome of an attempt (update's state, attempts, last_error,
  // next_attempt_at, updated_at) and ends the claim, only while worker still
  // holds the mail's claim (claimed_by = worker; an ended claim no one else
  // took still counts). Returns false, writing nothing, when the claim is
  // lost: taken over by another worker, released, or the mail deleted.
  virtual bool FinishMailAttempt(const StoredMail& update, const WorkerId& worker) = 0;
  // Hands back every mail worker holds a claim on (a stop, the end of a
  // pass): the claim ends, everything else (attempts, next_attempt_at) stays.
  // Returns how many.
  virtual int ReleaseMails(const WorkerId& worker) = 0;
  // Extends the claims worker holds on mails to until (RenewClaims without
  // the other kinds of work). Returns how many.
  virtual int RenewMailClaims(const WorkerId& worker, UtcTime until) = 0;

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

  // Runs work in a read transaction: a consistent view that does not take the
  // write lock, so it neither waits for nor blocks writers (on SQLite, a
  // second connection). work must not write.
  virtual std::expected<void, StoreError> Read(const std::function<void(StoreSession&)>& work) = 0;

  // Whether writes work, as the transactions so far found (store_health.h). Thread-safe.
  virtual StoreHealth Health() const = 0;

  // The topics committed writes notified (change_feed.h). Thread-safe.
  virtual ChangeFeed& Changes() = 0;
};

// The file of a "sqlite:PATH" URL; none for sqlite::memory: or another kind of store.
std::optional<std::string> SqliteStorePath(const std::string& url);

// Opens the store named by url: "sqlite:PATH" (":memory:" for a throw-away
// store; a relative PATH is taken as it is, relative to the working directory:
// the app config hands over absolute ones, config/store_location.h). Applies pending migrations.
// A store file this user cannot write is refused here, not at the first write.
// clock stamps created_at/updated_at where the caller gives no time.
std::expected<std::unique_ptr<Store>, StoreError> OpenStore(const std::string& url,
                                                            Clock clock = SystemClock());

}  // namespace schedulight
