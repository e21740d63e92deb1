// schedulight meetings running [-s SERVER] [--json]
// schedulight meetings find TITLE [-s SERVER] [--store FILE.yml] [--json]
// What a BBB server has running right now, with join URLs (the original's
// slCli.py -m and -f [-S]). Not to be confused with `meeting`, the scheduled
// meetings in the store.

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "admin/meeting_file_append.h"
#include "admin/running_meetings.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "core/meeting.h"
#include "engine/bbb_server_client.h"

namespace schedulight {
namespace {

struct MeetingsArguments {
  std::string server = kDefaultServerId;
  std::string title;
  std::string store_file;
  std::string full_name = kDefaultJoinName;
  bool json = false;
};

int Fail(const std::string& message) {
  fmt::print(stderr, "error: {}\n", message);
  return kExitFailed;
}

// The meetings of the server, or the exit code after printing why not.
std::expected<std::vector<RunningMeeting>, int> FetchMeetings(CliContext& context,
                                                              const MeetingsArguments& args) {
  auto server = LoadServer(context.ExistingStore(), args.server);
  if (!server) return std::unexpected(Fail(server.error()));
  auto client = MakeBbbClient(*server);
  if (!client) return std::unexpected(Fail(client.error()));
  auto meetings = ListRunningMeetings(*client, args.full_name);
  if (!meetings) {
    return std::unexpected(
        Fail(fmt::format("server '{}': {}", args.server, meetings.error().ToString())));
  }
  return std::move(*meetings);
}

void PrintMeeting(const RunningMeeting& meeting, bool with_mic) {
  const MeetingInfo& info = meeting.info;
  fmt::print("{}\n", info.meeting_name);
  fmt::print("  meetingID:        {}\n", info.meeting_id);
  fmt::print("  participants:     {} ({} moderator{}){}\n", info.participant_count,
             info.moderator_count, info.moderator_count == 1 ? "" : "s",
             info.running ? "" : ", nobody has joined yet");
  fmt::print("  attendee URL:     {}\n", meeting.attendee_join_url);
  fmt::print("  moderator URL:    {}\n", meeting.moderator_join_url);
  if (with_mic) fmt::print("  direct, with mic: {}\n", meeting.direct_with_mic_join_url);
}

int RunRunning(CliContext& context, const MeetingsArguments& args) {
  auto meetings = FetchMeetings(context, args);
  if (!meetings) return meetings.error();
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& meeting : *meetings) list.push_back(RunningMeetingJson(meeting));
    PrintJson(list);
    return kExitOk;
  }
  if (meetings->empty()) {
    fmt::print("No meetings on server '{}'.\n", args.server);
    return kExitOk;
  }
  for (std::size_t i = 0; i < meetings->size(); ++i) {
    if (i > 0) fmt::print("\n");
    PrintMeeting((*meetings)[i], false);
  }
  return kExitOk;
}

int RunFind(CliContext& context, const MeetingsArguments& args) {
  auto meetings = FetchMeetings(context, args);
  if (!meetings) return meetings.error();
  auto found = FindMeetingByTitle(*meetings, args.title);
  if (!found) {  // no match is not an error (docs/bbb.md): exit 0, nothing appended
    if (args.json) {
      PrintJson(nullptr);  // `find` prints one meeting: null when none matches
    } else {
      fmt::print("No meeting on server '{}' has '{}' in its name{}.\n", args.server, args.title,
                 args.store_file.empty() ? "" : "; nothing was appended to " + args.store_file);
    }
    return kExitOk;
  }
  std::string stored_id;
  if (!args.store_file.empty()) {
    stored_id = MeetingDocumentId(found->info.meeting_id);
    auto appended =
        AppendMeetingToFile(args.store_file, stored_id, MeetingDocumentFor(*found, args.server));
    if (!appended) return Fail(appended.error());
  }
  if (args.json) {
    nlohmann::json json = RunningMeetingJson(*found);
    if (!stored_id.empty()) json["storedAs"] = stored_id;
    PrintJson(json);
    return kExitOk;
  }
  PrintMeeting(*found, true);
  if (!stored_id.empty()) {
    fmt::print(
        "\nAppended meeting '{}' to {}. Before `schedulight apply {}`, give it an owner "
        "(owner.email, owner.fullName) and a room (meetingUID, or useHomeRoom: true).\n",
        stored_id, args.store_file, args.store_file);
  }
  return kExitOk;
}

void AddShared(CLI::App& command, MeetingsArguments& args) {
  command.add_option("-s,--server", args.server, "Server id in the store")->capture_default_str();
  command.add_option("--name", args.full_name, "Name the join URLs carry")->capture_default_str();
  command.add_flag("--json", args.json, "Print JSON");
}

}  // namespace

void AddMeetingsCommands(CLI::App& app, CliContext& context) {
  CLI::App* meetings =
      app.add_subcommand("meetings", "Meetings on a BBB server right now, with join URLs");
  meetings->require_subcommand(1);

  auto running_args = std::make_shared<MeetingsArguments>();
  CLI::App* running = meetings->add_subcommand(
      "running", "List the server's meetings: name, meetingID, participants, join URLs");
  AddShared(*running, *running_args);
  running->callback([&context, running_args] {
    context.run = [&context, running_args] { return RunRunning(context, *running_args); };
  });

  auto find_args = std::make_shared<MeetingsArguments>();
  CLI::App* find = meetings->add_subcommand(
      "find", "The first meeting whose name contains TITLE (any case), with join URLs");
  find->add_option("TITLE", find_args->title, "Part of the meeting name")->required();
  find->add_option("--store", find_args->store_file,
                   "Append the meeting to this data file's meetings (comments are kept)");
  AddShared(*find, *find_args);
  find->callback([&context, find_args] {
    context.run = [&context, find_args] { return RunFind(context, *find_args); };
  });
}

}  // namespace schedulight
