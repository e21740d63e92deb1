#include "admin/command_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "bbb/bbb_client.h"
#include "core/data_file.h"
#include "core/yaml_document.h"

namespace schedulight {
namespace {

class BbbRecordingEraser final : public RecordingEraser {
 public:
  explicit BbbRecordingEraser(BbbClient client) : client_(std::move(client)) {}

  std::expected<int, std::string> DeleteRecordingsOf(const std::string& meeting_id) override {
    auto recordings = client_.GetRecordings({.meeting_ids = {meeting_id}, .states = {"any"}});
    if (!recordings) return std::unexpected("getRecordings: " + recordings.error().message);
    std::vector<std::string> ids;
    for (const auto& recording : *recordings) ids.push_back(recording.record_id);
    if (ids.empty()) return 0;
    auto deleted = client_.DeleteRecordings(ids);
    if (!deleted) return std::unexpected("deleteRecordings: " + deleted.error().message);
    if (!*deleted) return std::unexpected("deleteRecordings: BBB deleted nothing");
    return static_cast<int>(ids.size());
  }

 private:
  BbbClient client_;
};

// Makes the real eraser only when a command first needs one, so commands that
// never touch recordings work while BBB is down.
class LazyEraser final : public RecordingEraser {
 public:
  LazyEraser(const Server& server, const CommandRunner::EraserMaker& make)
      : server_(server), make_(make) {}

  std::expected<int, std::string> DeleteRecordingsOf(const std::string& meeting_id) override {
    if (!eraser_) {
      auto made = make_(server_);
      if (!made) return std::unexpected(made.error());
      eraser_ = std::move(*made);
    }
    return eraser_->DeleteRecordingsOf(meeting_id);
  }

 private:
  const Server& server_;
  const CommandRunner::EraserMaker& make_;
  std::unique_ptr<RecordingEraser> eraser_;
};

// What an element runs against.
struct ElementContext {
  GreenlightDirectory& directory;
  RecordingEraser& recordings;
  ShareMailer& mails;
};

CommandElementResult Ok(std::string message) { return {.ok = true, .message = std::move(message)}; }
CommandElementResult Failed(std::string message) {
  return {.ok = false, .message = std::move(message)};
}

std::string Plural(std::size_t count, const char* one, const char* many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// Deletes the recordings of each meeting; the first failure stops it.
std::expected<int, std::string> EraseRecordings(RecordingEraser& recordings,
                                                const std::vector<std::string>& meeting_ids) {
  int total = 0;
  for (const auto& meeting_id : meeting_ids) {
    auto erased = recordings.DeleteRecordingsOf(meeting_id);
    if (!erased) return erased;
    total += *erased;
  }
  return total;
}

CommandElementResult RunElement(const CreateUser& element, const ElementContext& context) {
  GreenlightDirectory& directory = context.directory;
  auto user = directory.CreateUser({.email = element.email,
                                    .name = element.full_name,
                                    .provider = element.provider,
                                    .role = element.role,
                                    .password = element.password});
  if (!user) return Failed(user.error().message);
  return Ok(fmt::format("created user {} (provider {}, role {})", user->email, user->provider,
                        element.role));
}

CommandElementResult RunElement(const DeleteUser& element, const ElementContext& context) {
  GreenlightDirectory& directory = context.directory;
  RecordingEraser& recordings = context.recordings;
  // Recordings first, as Greenlight does: when BBB fails, nothing is lost yet.
  auto rooms = directory.RoomsBy("owner_email", element.email);
  if (!rooms) return Failed(rooms.error().message);
  std::vector<std::string> meeting_ids;
  for (const auto& room : *rooms) meeting_ids.push_back(room.meeting_id);
  auto erased = EraseRecordings(recordings, meeting_ids);
  if (!erased) return Failed("recordings not deleted on BBB, user kept: " + erased.error());
  auto deleted = directory.DeleteUser(element.email);
  if (!deleted) return Failed(deleted.error().message);
  return Ok(fmt::format("deleted {} with {} and {} on BBB",
                        Plural(deleted->users_deleted, "account", "accounts"),
                        Plural(deleted->room_meeting_ids.size(), "room", "rooms"),
                        Plural(static_cast<std::size_t>(*erased), "recording", "recordings")));
}

CommandElementResult RunElement(const CreateRoom& element, const ElementContext& context) {
  GreenlightDirectory& directory = context.directory;
  auto room = directory.CreateRoom({.owner_email = element.owner_email,
                                    .name = element.name,
                                    .uid = element.room_uid,
                                    .access_code = element.access_code,
                                    .settings = element.settings});
  if (!room) return Failed(room.error().message);
  return Ok(fmt::format("created room {} of {} (BBB meeting id {})", room->uid, room->owner_email,
                        room->meeting_id));
}

CommandElementResult RunElement(const DeleteRoom& element, const ElementContext& context) {
  GreenlightDirectory& directory = context.directory;
  RecordingEraser& recordings = context.recordings;
  auto room = directory.FindRoom(element.room_uid);
  if (!room) return Failed(room.error().message);
  if (!*room) return Failed("no Greenlight room with uid '" + element.room_uid + "'");
  auto erased = EraseRecordings(recordings, {(*room)->meeting_id});
  if (!erased) return Failed("recordings not deleted on BBB, room kept: " + erased.error());
  auto deleted = directory.DeleteRoom(element.room_uid);
  if (!deleted) return Failed(deleted.error().message);
  return Ok(fmt::format("deleted room {} and {} on BBB", element.room_uid,
                        Plural(static_cast<std::size_t>(*erased), "recording", "recordings")));
}

CommandElementResult RunElement(const RenameRoom& element, const ElementContext& context) {
  GreenlightDirectory& directory = context.directory;
  auto room = directory.RenameRoom(element.room_uid, element.new_room_uid, element.new_name);
  if (!room) return Failed(room.error().message);
  return Ok(fmt::format("room {} is now {} named '{}'", element.room_uid, room->uid, room->name));
}

// The part of an address before '@': the name of a user created only to be shared with.
std::string NameFromEmail(const std::string& email) { return email.substr(0, email.find('@')); }

// What sharing with (or unsharing from) one user did.
struct ShareOutcome {
  std::string message;
  bool changed = false;  // a share was added or removed
};

ShareOutcome Unchanged(std::string message) { return {std::move(message), false}; }
ShareOutcome Changed(std::string message) { return {std::move(message), true}; }

// One user of a share_room / unshare_room element.
std::expected<ShareOutcome, std::string> ShareWithOne(const ShareRoom& element,
                                                      const Recipient& user,
                                                      GreenlightDirectory& directory) {
  auto found = directory.FindUser(user.email);
  if (!found) return std::unexpected(found.error().message);
  if (!element.share) {
    if (!*found) return Unchanged("not shared with " + user.email + " (no such user)");
    auto unshared = directory.UnshareRoom(element.room_uid, user.email);
    if (!unshared) return std::unexpected(unshared.error().message);
    if (!*unshared) return Unchanged("was not shared with " + user.email);
    return Changed("unshared with " + user.email);
  }
  std::string created;
  if (!*found) {
    // As for a meeting's shareWith (SPEC 4.2): the user is made, with the
    // original's default provider (external: no password).
    auto made = directory.CreateUser(
        {.email = user.email, .name = user.full_name.value_or(NameFromEmail(user.email))});
    if (!made) return std::unexpected(made.error().message);
    created = " (user created)";
  }
  auto shared = directory.ShareRoom(element.room_uid, user.email);
  if (!shared) return std::unexpected(shared.error().message);
  if (!*shared) return Unchanged("already shared with " + user.email + created);
  return Changed("shared with " + user.email + created);
}

CommandElementResult RunElement(const ShareRoom& element, const ElementContext& context) {
  auto room = context.directory.FindRoom(element.room_uid);
  if (!room) return Failed(room.error().message);
  if (!*room) return Failed("no Greenlight room with uid '" + element.room_uid + "'");
  bool ok = true;
  std::string message;
  for (const auto& user : element.users) {
    auto done = ShareWithOne(element, user, context.directory);
    ok = ok && done.has_value();
    std::string part = done ? done->message : user.email + ": " + done.error();
    // Only a change is news to the user: sharing twice mails nobody twice.
    if (done && done->changed) part += ", " + context.mails.Notify(**room, user, element.share);
    message += (message.empty() ? "" : "; ") + part;
  }
  return {.ok = ok, .message = message};
}

// Whether element has a result: it ran before a stop or a kill.
bool HasResult(const StoredCommand& command, const std::string& element) {
  return std::ranges::any_of(command.results, [&](const CommandElementResult& result) {
    return result.element == element;
  });
}

bool AllHaveResults(const StoredCommand& stored, const Command& command) {
  return std::ranges::all_of(command.element_keys,
                             [&](const std::string& key) { return HasResult(stored, key); });
}

// Puts results in the order of the command's elements (file order): a
// command taken up again, or retried after a failure, appends the results of
// the elements it runs then after those it kept.
void InElementOrder(StoredCommand& stored, const Command& command) {
  auto position = [&](const CommandElementResult& result) {
    return std::ranges::find(command.element_keys, result.element) - command.element_keys.begin();
  };
  std::ranges::stable_sort(stored.results, {}, position);
}

CommandState FinalState(const std::vector<CommandElementResult>& results) {
  const bool all_ok =
      std::ranges::all_of(results, [](const CommandElementResult& result) { return result.ok; });
  return all_ok ? CommandState::kDone : CommandState::kFailed;
}

}  // namespace

std::expected<std::unique_ptr<RecordingEraser>, std::string> MakeBbbRecordingEraser(
    const Server& server) {
  auto secret = ResolveSecret(server.bbb_secret);
  if (!secret) return std::unexpected("BBB_SECRET: " + secret.error());
  auto algorithm = ParseChecksumAlgorithm(server.checksum_algorithm);
  if (!algorithm) {
    return std::unexpected("checksumAlgorithm '" + server.checksum_algorithm + "' is unknown");
  }
  auto client = BbbClient::Create(
      {.bbb_url = server.bbb_url, .secret = std::move(*secret), .algorithm = *algorithm});
  if (!client) return std::unexpected("BBB: " + client.error().message);
  return std::make_unique<BbbRecordingEraser>(std::move(*client));
}

CommandElementResult ExecuteElement(const Command& command, std::size_t index,
                                    GreenlightDirectory& directory, RecordingEraser& recordings,
                                    ShareMailer& mails) {
  const ElementContext context{directory, recordings, mails};
  CommandElementResult result = std::visit(
      [&](const auto& element) { return RunElement(element, context); }, command.elements[index]);
  result.element = command.element_keys[index];
  spdlog::info("command {} ({}) element '{}': {}: {}", command.id, command.name, result.element,
               result.ok ? "ok" : "failed", result.message);
  return result;
}

// The server's Greenlight, its BBB (asked only when recordings must go) and
// the share mailer, which refer to server: made in place, never moved.
struct CommandRunner::Target {
  Target(Server server_in, std::unique_ptr<GreenlightDirectory> directory_in,
         const EraserMaker& make_eraser, const TemplateSet& templates, const std::string& language,
         UtcTime now)
      : server(std::move(server_in)),
        directory(std::move(directory_in)),
        recordings(server, make_eraser),
        mails(templates, server, language, now) {}

  Server server;
  std::unique_ptr<GreenlightDirectory> directory;
  LazyEraser recordings;
  ShareMailer mails;
};

CommandRunner::CommandRunner(Store& store, const AppConfig& config, const TemplateSet& templates,
                             DirectoryOpener open_directory, EraserMaker make_eraser, Clock clock)
    : store_(store),
      config_(config),
      templates_(templates),
      open_directory_(std::move(open_directory)),
      make_eraser_(std::move(make_eraser)),
      clock_(std::move(clock)) {
  if (!open_directory_) {
    open_directory_ = [](const GreenlightAccess& access) {
      return OpenGreenlightDirectory(access);
    };
  }
  if (!make_eraser_) make_eraser_ = MakeBbbRecordingEraser;
  if (!clock_) clock_ = SystemClock();
}

std::expected<std::unique_ptr<CommandRunner::Target>, std::string> CommandRunner::OpenTarget(
    const Command& command) {
  std::optional<StoredServer> stored;
  auto read = store_.Transact(
      [&](StoreSession& session) { stored = session.FindServer(command.server_id); });
  if (!read) return std::unexpected("store: " + read.error().message);
  if (!stored) {
    return std::unexpected("server '" + command.server_id +
                           "' is not in the store (apply a data file that defines it first)");
  }
  FieldErrors errors;
  auto server = ValidateServer(stored->id, stored->document, "servers." + stored->id, errors);
  if (!server) {
    return std::unexpected("stored server '" + stored->id +
                           "' is invalid: " + (errors.empty() ? "" : errors.front().ToString()));
  }
  GreenlightAccess access = GreenlightAccessFor(
      *server, {.version = config_.greenlight.version, .database = config_.greenlight.database});
  auto database = ResolveSecret(access.database);
  if (!database) return std::unexpected("Greenlight database: " + database.error());
  access.database = std::move(*database);
  auto directory = open_directory_(access);
  if (!directory) return std::unexpected("Greenlight: " + directory.error().message);
  return std::make_unique<Target>(std::move(*server), std::move(*directory), make_eraser_,
                                  templates_, config_.language, clock_());
}

std::expected<StoredCommand, StoreError> CommandRunner::Run(const Command& command,
                                                            const WorkerId& worker) {
  const UtcTime now = clock_();
  const StoredCommand wanted{.id = command.id,
                             .server_id = command.server_id,
                             .document = command.document,
                             .state = CommandState::kRunning,
                             .created_at = now,
                             .updated_at = now};
  bool started = false;
  std::optional<StoredCommand> stored;
  auto marked = store_.Transact([&](StoreSession& session) {
    started = session.StartCommandNow(wanted, now, worker, kClaimLease);
    stored = session.FindCommand(command.id);
  });
  if (!marked) return std::unexpected(marked.error());
  if (!started || !stored) {
    return std::unexpected(StoreError{
        fmt::format("command '{}' is being run by {} (claimed until {}): nothing was run",
                    command.id, stored ? stored->claimed_by : "another process",
                    stored && stored->claim_until ? FormatUtc(*stored->claim_until) : "?"),
        StoreErrorKind::kConflict});
  }
  auto outcome = RunClaimed(*stored, command, worker, {});
  if (!outcome) return std::unexpected(outcome.error());
  if (*outcome != Outcome::kFinished) {
    return std::unexpected(StoreError{
        fmt::format("command '{}' was taken over by another process while it ran (its claim "
                    "ended or it was queued again): the rest of it runs there",
                    command.id),
        StoreErrorKind::kConflict});
  }
  return *stored;
}

std::expected<int, StoreError> CommandRunner::RunQueued(const WorkerId& worker,
                                                        std::stop_token stop) {
  int finished = 0;
  while (!stop.stop_requested()) {
    std::optional<StoredCommand> claimed;
    auto taken = store_.Transact([&](StoreSession& session) {
      claimed = session.ClaimNextCommand(clock_(), worker, kClaimLease);
    });
    if (!taken) return std::unexpected(taken.error());
    if (!claimed) break;
    if (!claimed->results.empty()) {
      spdlog::info("command {}: taking it up again after {} of its elements", claimed->id,
                   claimed->results.size());
    }
    FieldErrors errors;
    auto command =
        ValidateCommand(claimed->id, claimed->document, "commands." + claimed->id, errors);
    auto outcome = command ? RunClaimed(*claimed, *command, worker, stop)
                           : FailInvalid(*claimed, worker, errors);
    if (!outcome) return std::unexpected(outcome.error());
    if (*outcome == Outcome::kFinished) ++finished;
  }
  return finished;
}

std::expected<CommandRunner::Outcome, StoreError> CommandRunner::RunClaimed(StoredCommand& claimed,
                                                                            const Command& command,
                                                                            const WorkerId& worker,
                                                                            std::stop_token stop) {
  if (AllHaveResults(claimed, command)) {
    InElementOrder(claimed, command);
    return Finish(claimed, worker);
  }
  if (stop.stop_requested()) return Release(claimed, worker);
  auto target = OpenTarget(command);
  if (!target) return FailRest(claimed, command, worker, target.error());
  for (std::size_t i = 0; i < command.elements.size(); ++i) {
    if (HasResult(claimed, command.element_keys[i])) continue;
    if (stop.stop_requested()) return Release(claimed, worker);
    CommandElementResult result =
        ExecuteElement(command, i, *(*target)->directory, (*target)->recordings, (*target)->mails);
    auto recorded = Record(claimed, worker, std::move(result), (*target)->mails.TakeMails());
    if (!recorded) return std::unexpected(recorded.error());
    if (!*recorded) return Outcome::kLost;
  }
  InElementOrder(claimed, command);
  return Finish(claimed, worker);
}

std::expected<bool, StoreError> CommandRunner::Record(StoredCommand& claimed,
                                                      const WorkerId& worker,
                                                      CommandElementResult result,
                                                      std::vector<StoredMail> mails) {
  bool held = false;
  // The mails go with the result that announces them: both or neither.
  auto saved = store_.Transact([&](StoreSession& session) {
    held = session.RecordCommandResult(claimed.id, worker, claimed.results.size(), result,
                                       clock_() + kClaimLease);
    if (!held) return;
    for (const auto& mail : mails) session.AddMail(mail);
  });
  if (!saved) return std::unexpected(saved.error());
  if (!held) {
    spdlog::warn(
        "command {}: its claim was lost (queued again, or taken over after the claim "
        "ended): stopped after element '{}', whose result is not recorded",
        claimed.id, result.element);
    return false;
  }
  for (const auto& mail : mails) {
    spdlog::info("command {}: {} mail queued for {}", claimed.id, mail.kind, mail.recipient);
  }
  claimed.results.push_back(std::move(result));
  return true;
}

std::expected<CommandRunner::Outcome, StoreError> CommandRunner::Finish(StoredCommand& claimed,
                                                                        const WorkerId& worker) {
  claimed.state = FinalState(claimed.results);
  claimed.updated_at = clock_();
  claimed.claimed_by.clear();
  claimed.claim_until.reset();
  bool held = false;
  auto saved = store_.Transact(
      [&](StoreSession& session) { held = session.FinishCommand(claimed, worker); });
  if (!saved) return std::unexpected(saved.error());
  if (!held) {
    spdlog::warn("command {}: its claim was lost before it was finished: nothing written",
                 claimed.id);
    return Outcome::kLost;
  }
  return Outcome::kFinished;
}

std::expected<CommandRunner::Outcome, StoreError> CommandRunner::Release(
    const StoredCommand& claimed, const WorkerId& worker) {
  bool held = false;
  auto saved = store_.Transact([&](StoreSession& session) {
    held = session.ReleaseCommand(claimed.id, worker, claimed.results);
  });
  if (!saved) return std::unexpected(saved.error());
  if (!held) return Outcome::kLost;
  spdlog::info("command {}: stopping; queued again with the results of {} element(s) done",
               claimed.id, claimed.results.size());
  return Outcome::kReleased;
}

std::expected<CommandRunner::Outcome, StoreError> CommandRunner::FailRest(
    StoredCommand& claimed, const Command& command, const WorkerId& worker,
    const std::string& message) {
  spdlog::warn("command {} ({}): {}", command.id, command.name, message);
  for (const auto& key : command.element_keys) {
    if (!HasResult(claimed, key)) {
      claimed.results.push_back({.element = key, .ok = false, .message = message});
    }
  }
  InElementOrder(claimed, command);
  return Finish(claimed, worker);
}

std::expected<CommandRunner::Outcome, StoreError> CommandRunner::FailInvalid(
    StoredCommand& claimed, const WorkerId& worker, const FieldErrors& errors) {
  claimed.results = {{.element = "",
                      .ok = false,
                      .message = errors.empty() ? "invalid command" : errors.front().ToString()}};
  return Finish(claimed, worker);
}

std::expected<std::vector<Command>, std::vector<std::string>> ReadCommands(
    const std::string& text, const std::string& source, const AppConfig& config, Store& store,
    std::vector<std::string>& warnings) {
  auto document = ParseYaml(text);
  if (!document) {
    const auto& error = document.error();
    return std::unexpected(std::vector<std::string>{fmt::format(
        "{}:{}:{}: {}", source, error.location.line, error.location.column, error.message)});
  }
  std::set<std::string> stored_servers;
  auto listed = store.Transact([&](StoreSession& session) {
    for (const auto& server : session.ListServers()) stored_servers.insert(server.id);
  });
  if (!listed) return std::unexpected(std::vector<std::string>{"store: " + listed.error().message});
  FieldErrors errors;
  auto file = ValidateDataFile(*document, MeetingDefaults{config.timezone}, stored_servers, errors);
  if (!file) return std::unexpected(FormatLocatedErrors(*document, source, errors));
  warnings = file->warnings;
  if (!file->servers.empty() || !file->meetings.empty()) {
    warnings.push_back("servers and meetings in " + source +
                       " are ignored here: store them with `schedulight apply`");
  }
  if (file->commands.empty()) {
    return std::unexpected(std::vector<std::string>{source + ": no commands to run"});
  }
  return file->commands;
}

nlohmann::json StoredCommandJson(const StoredCommand& command) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& result : command.results) {
    results.push_back(
        {{"element", result.element}, {"ok", result.ok}, {"message", result.message}});
  }
  return {{"id", command.id},
          {"command", command.document.value("command", "")},
          {"server", command.server_id},
          {"state", ToString(command.state)},
          {"results", results}};
}

}  // namespace schedulight
