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
  std::vector<CommandElementResult> results;
  UtcTime created_at{};
  UtcTime updated_at{};
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

  virtual std::vector<StoredCommand> ListCommands() = 0;
  virtual std::optional<StoredCommand> FindCommand(const std::string& id) = 0;
  virtual void PutCommand(const StoredCommand& command) = 0;  // insert or replace, results too

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
