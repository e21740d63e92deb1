#pragma once
// Executes one-shot commands (SPEC 4.1: create_user, delete_user, create_room,
// delete_room, rename_room, share_room, unshare_room) against the Greenlight
// of the server they name. Every element of a command's `data` runs on its
// own and gets its own result (ok, or an error message), so one bad element
// never stops the others. Used by `schedulight command run` (now) and by the
// command worker (queued commands); both record the results in the store.

#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/share_mail.h"
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

// Runs every element of command against directory; recordings is asked only
// by delete_room and delete_user, mails only by share_room and unshare_room
// (for each user whose access changed; its note ends the element's message).
// One result per element, in order.
std::vector<CommandElementResult> ExecuteCommand(const Command& command,
                                                 GreenlightDirectory& directory,
                                                 RecordingEraser& recordings, ShareMailer& mails);

class CommandRunner {
 public:
  using DirectoryOpener = std::function<DirectoryResult<std::unique_ptr<GreenlightDirectory>>(
      const GreenlightAccess& access)>;
  using EraserMaker =
      std::function<std::expected<std::unique_ptr<RecordingEraser>, std::string>(const Server&)>;

  // templates renders the share notifications (TemplateSet::Load of the app
  // config's dirs) and must outlive the runner. By default directories come
  // from OpenGreenlightDirectory and erasers from MakeBbbRecordingEraser;
  // tests pass their own.
  CommandRunner(Store& store, const AppConfig& config, const TemplateSet& templates,
                DirectoryOpener open_directory = {}, EraserMaker make_eraser = {});

  // Executes command now against the server it names, which must be in the
  // store, and stores the command with its results (state done, or failed
  // when any element failed) and, in the same transaction, the notification
  // mails it queues. Returns what was stored; the store error when even that
  // failed.
  std::expected<StoredCommand, StoreError> Run(const Command& command, UtcTime now);

  // The command worker's step: runs every queued command in the order they
  // were queued, storing each one's results. Returns how many ran.
  std::expected<int, StoreError> RunQueued(UtcTime now);

 private:
  struct Execution {
    std::vector<CommandElementResult> results;
    std::vector<StoredMail> mails;
  };
  Execution Execute(const Command& command, UtcTime now);
  Execution FailAll(const Command& command, const std::string& message);

  Store& store_;
  const AppConfig& config_;
  const TemplateSet& templates_;
  DirectoryOpener open_directory_;
  EraserMaker make_eraser_;
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
