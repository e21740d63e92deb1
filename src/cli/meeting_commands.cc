// schedulight meeting list|show ID|status ID|enable ID|disable ID|delete ID

#include <date/tz.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "admin/meeting_admin.h"
#include "admin/meeting_write.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "core/start_date.h"

namespace schedulight {
namespace {

struct MeetingArguments {
  std::string id;
  bool json = false;
};

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

int Fail(const MeetingFailure& failure) {
  fmt::print(stderr, "error: {}\n", failure.message);
  return kExitFailed;
}

// The start in the meeting's own zone, as its owner reads it.
std::string StartText(const StoredMeeting& meeting, const AppConfig& config) {
  if (!meeting.starts_at) return "now (no startDate)";
  const date::time_zone* zone = config.timezone;
  if (auto name = meeting.document.find("timezone");
      name != meeting.document.end() && name->is_string()) {
    if (auto* found = FindTimeZone(name->get<std::string>())) zone = found;
  }
  return FormatLocal(*meeting.starts_at, zone);
}

std::string StatusText(const std::optional<StatusEntry>& status) {
  return status ? fmt::format("{} {}", status->code, status->message) : "-";
}

void WarnInvalid(const std::vector<MeetingOverview>& meetings) {
  for (const auto& overview : meetings) {
    if (!overview.problem) continue;
    fmt::print(stderr,
               "warning: meeting {}: the stored document is not valid ({}); fix it with "
               "schedulight apply or PUT /api/v1/meetings/{}\n",
               overview.meeting.id, *overview.problem, overview.meeting.id);
  }
}

int RunList(CliContext& context, const MeetingArguments& args) {
  auto meetings = ListMeetingOverviews(context.ExistingStore());
  if (!meetings) return Fail(meetings.error());
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& overview : *meetings) list.push_back(MeetingOverviewJson(overview));
    PrintJson(list);
    WarnInvalid(*meetings);
    return kExitOk;
  }
  if (meetings->empty()) {
    fmt::print("No meetings in the store. Add some with: schedulight apply FILE.yml\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& overview : *meetings) {
    // A document that fails today's validation is listed with a marker
    // (and a warning below), never breaks the list.
    std::string name = MeetingNameText(overview.meeting.document);
    if (overview.problem) name = "(invalid) " + name;
    rows.push_back({overview.meeting.id, overview.meeting.server_id, name,
                    StartText(overview.meeting, context.Config()), StatusText(overview.status)});
  }
  PrintTable({"ID", "SERVER", "NAME", "START", "STATUS"}, rows);
  WarnInvalid(*meetings);
  return kExitOk;
}

int RunShow(CliContext& context, const MeetingArguments& args) {
  auto overview = GetMeetingOverview(context.ExistingStore(), args.id);
  if (!overview) return Fail(overview.error());
  if (args.json) {
    PrintJson(MeetingOverviewJson(*overview));
    return kExitOk;
  }
  const StoredMeeting& meeting = overview->meeting;
  fmt::print("id:        {}\nserver:    {}\nname:      {}\nstart:     {}\nstatus:    {}\n",
             meeting.id, meeting.server_id, MeetingNameText(meeting.document),
             StartText(meeting, context.Config()), StatusText(overview->status));
  if (overview->problem) fmt::print("invalid:   {}\n", *overview->problem);
  fmt::print("next due:  {}\ndocument:\n{}\n",
             meeting.next_due_at ? FormatUtc(*meeting.next_due_at) : "-",
             RedactMeetingDocument(meeting.document)
                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  return kExitOk;
}

int RunStatus(CliContext& context, const MeetingArguments& args) {
  auto history = GetMeetingStatus(context.ExistingStore(), args.id);
  if (!history) return Fail(history.error());
  if (args.json) {
    PrintJson(StatusHistoryJson(*history));
    return kExitOk;
  }
  // Steps in the order they happened (by their first entry), not by name.
  std::vector<const StatusHistory::value_type*> steps;
  for (const auto& step : *history) steps.push_back(&step);
  std::ranges::stable_sort(steps, {}, [](const StatusHistory::value_type* step) {
    return step->second.empty() ? UtcTime::max() : step->second.front().time;
  });
  for (const auto* step : steps) {
    fmt::print("{}\n", step->first);
    for (const auto& entry : step->second) {
      // A repeat (a retry that failed the same way, a poll that found the
      // same) is counted on the entry rather than listed again.
      const std::string repeats =
          entry.attempts > 1
              ? fmt::format("  ({} times, last {})", entry.attempts, FormatUtc(entry.LastAt()))
              : "";
      fmt::print("  {}{}\n", entry.ToString(), repeats);
    }
  }
  return kExitOk;
}

int RunEnable(CliContext& context, const MeetingArguments& args, bool enable) {
  auto changed = enable ? EnableMeeting(context.ExistingStore(), args.id, Now())
                        : DisableMeeting(context.ExistingStore(), args.id, Now());
  if (!changed) return Fail(changed.error());
  if (args.json) {
    PrintJson({{"id", args.id}, {"enabled", enable}, {"changed", *changed}});
  } else if (*changed) {
    fmt::print("Meeting {} {}.\n", args.id, enable ? "enabled" : "disabled (status 900)");
  } else {
    fmt::print("Meeting {} was already {}.\n", args.id, enable ? "enabled" : "disabled");
  }
  return kExitOk;
}

int RunDelete(CliContext& context, const MeetingArguments& args) {
  auto deleted = DeleteMeeting(context.ExistingStore(), args.id);
  if (!deleted) return Fail(deleted.error());
  if (args.json) {
    PrintJson({{"id", args.id}, {"deleted", true}});
  } else {
    fmt::print("Meeting {} deleted with its status history.\n", args.id);
  }
  return kExitOk;
}

CLI::App* AddSubcommand(CLI::App& parent, CliContext& context, const std::string& name,
                        const std::string& description, bool takes_id,
                        std::function<int(CliContext&, const MeetingArguments&)> action) {
  auto args = std::make_shared<MeetingArguments>();
  CLI::App* command = parent.add_subcommand(name, description);
  if (takes_id) command->add_option("ID", args->id, "Meeting id")->required();
  command->add_flag("--json", args->json, "Print JSON");
  command->callback([&context, args, action] {
    context.run = [&context, args, action] { return action(context, *args); };
  });
  return command;
}

}  // namespace

void AddMeetingCommands(CLI::App& app, CliContext& context) {
  CLI::App* meeting = app.add_subcommand("meeting", "Scheduled meetings in the store");
  meeting->require_subcommand(1);
  AddSubcommand(*meeting, context, "list", "List meetings with start time and status", false,
                RunList);
  AddSubcommand(*meeting, context, "show", "Show one meeting: document and derived fields", true,
                RunShow);
  AddSubcommand(*meeting, context, "status", "Show a meeting's step history (time|code|message)",
                true, RunStatus);
  AddSubcommand(*meeting, context, "enable", "Let the engine process the meeting again", true,
                [](CliContext& c, const MeetingArguments& a) { return RunEnable(c, a, true); });
  AddSubcommand(*meeting, context, "disable", "Set status 900: the engine leaves the meeting alone",
                true,
                [](CliContext& c, const MeetingArguments& a) { return RunEnable(c, a, false); });
  AddSubcommand(*meeting, context, "delete", "Delete a meeting and its status history", true,
                RunDelete);
}

}  // namespace schedulight
