#pragma once
// Executes one-shot commands (SPEC 4.1: create_user, delete_user, create_room,
// delete_room, rename_room, share_room, unshare_room) against the Greenlight
// of the server they name. Every element of a command's `data` runs on its
// own and gets its own result (ok, or an error message), so one bad element
// never stops the others. Used by `schedulight command run` (now) and by the
// command worker (queued commands); both record the results in the store,
// each under a claim on the command (CommandRunner below).

#include <expected>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "admin/share_mail.h"
#include "config/app_config.h"
#include "core/clock.h"
#include "core/command.h"
#include "core/server.h"
#include "greenlight/directory.h"
#include "mail/template_set.h"
#include "store/store.h"

namespace schedulight {

// Deletes the recordings of a room's BBB meeting, as Greenlight does when a
// room is deleted (getRecordings + deleteRecordings). An interface so tests
// (and servers without a reachable BBB) can supply their own.
class RecordingEraser {
 public:
  virtual ~RecordingEraser() = default;
  // Deletes every recording of the BBB meeting; returns how many there were.
  virtual std::expected<int, std::string> DeleteRecordingsOf(const std::string& meeting_id) = 0;
};

// A RecordingEraser that calls the server's BBB API (BBB_URL, BBB_SECRET,
// checksumAlgorithm; secrets may be env:/file: references).
std::expected<std::unique_ptr<RecordingEraser>, std::string> MakeBbbRecordingEraser(
    const Server& server);

// Runs element index of command against directory; recordings is asked
// only by delete_room and delete_user, mails only by share_room and
// unshare_room (for each user whose access changed; its note ends the
// element's message). The result names the element by its key.
CommandElementResult ExecuteElement(const Command& command, std::size_t index,
                                    GreenlightDirectory& directory, RecordingEraser& recordings,
                                    ShareMailer& mails);

// Runs commands element by element under a claim (store/claim.h), so that
// one command is run by one process at a time and nothing stays `running`
// when its process dies. Each element's result is recorded, with the mails
// it queued, right after the element ran (which also renews the claim); a
// command that is stopped or whose process dies is taken up later at its
// first element without a result, so a finished element is never run again.
// A kill can repeat only the element that was running.
class CommandRunner {
 public:
  using DirectoryOpener = std::function<DirectoryResult<std::unique_ptr<GreenlightDirectory>>(
      const GreenlightAccess& access)>;
  using EraserMaker =
      std::function<std::expected<std::unique_ptr<RecordingEraser>, std::string>(const Server&)>;

  // templates renders the share notifications (TemplateSet::Load of the app
  // config's dirs) and must outlive the runner. By default directories come
  // from OpenGreenlightDirectory, erasers from MakeBbbRecordingEraser and
  // the time from SystemClock(); tests pass their own.
  CommandRunner(Store& store, const AppConfig& config, const TemplateSet& templates,
                DirectoryOpener open_directory = {}, EraserMaker make_eraser = {},
                Clock clock = {});

  // Runs command now (`schedulight command run`) against the server it
  // names, which must be in the store: stores it as running under worker's
  // claim (replacing a stored command of that id, results cleared), runs
  // every element and stores the final state (done, or failed when any
  // element failed). Returns what was stored. A StoreError of kind kConflict
  // when another process holds the command's claim (nothing was run) or took
  // it over while this one ran (it runs the rest); another kind when the
  // store failed.
  std::expected<StoredCommand, StoreError> Run(const Command& command, const WorkerId& worker);

  // The command worker's step: claims the next command due (queued, or
  // running under a claim that ended because its process died), runs its
  // elements that have no result yet, finishes it, and goes on until no
  // command is due or stop is requested. Stop is checked between elements:
  // the command in hand is then handed back, queued in its place with the
  // results so far. Returns how many commands it finished (done or failed).
  std::expected<int, StoreError> RunQueued(const WorkerId& worker, std::stop_token stop = {});

 private:
  struct Target;  // what a command's elements run against
  enum class Outcome { kFinished, kReleased, kLost };

  // Runs the elements of claimed (held under worker's claim) that have no
  // result yet, then finishes it; hands it back when stop is requested.
  std::expected<Outcome, StoreError> RunClaimed(StoredCommand& claimed, const Command& command,
                                                const WorkerId& worker, std::stop_token stop);
  // The next element's result is stored; false when the claim was lost.
  std::expected<bool, StoreError> Record(StoredCommand& claimed, const WorkerId& worker,
                                         CommandElementResult result,
                                         std::vector<StoredMail> mails);
  std::expected<Outcome, StoreError> Finish(StoredCommand& claimed, const WorkerId& worker);
  std::expected<Outcome, StoreError> Release(const StoredCommand& claimed, const WorkerId& worker);
  // Fails every element without a result with message, and finishes.
  std::expected<Outcome, StoreError> FailRest(StoredCommand& claimed, const Command& command,
                                              const WorkerId& worker, const std::string& message);
  // A stored command whose document no longer validates fails as a whole.
  std::expected<Outcome, StoreError> FailInvalid(StoredCommand& claimed, const WorkerId& worker,
                                                 const FieldErrors& errors);
  std::expected<std::unique_ptr<Target>, std::string> OpenTarget(const Command& command);

  Store& store_;
  const AppConfig& config_;
  const TemplateSet& templates_;
  DirectoryOpener open_directory_;
  EraserMaker make_eraser_;
  Clock clock_;
};

// The commands of a data file's text (its `commands:`; servers and meetings
// are not applied: `schedulight apply` does that, and commands run against
// the servers already in the store). source names the text in messages:
// "source:line:column: path: problem". warnings gets what is ignored.
std::expected<std::vector<Command>, std::vector<std::string>> ReadCommands(
    const std::string& text, const std::string& source, const AppConfig& config, Store& store,
    std::vector<std::string>& warnings);

// {"id", "command", "server", "state", "results": [{"element", "ok", "message"}, ...]}
nlohmann::json StoredCommandJson(const StoredCommand& command);

}  // namespace schedulight
