// schedulight rooms links QUERY [-s SERVER] [--by COLUMN] [--email ADDR] [--json]

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>

#include "admin/room_links.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "core/meeting.h"
#include "mail/template_set.h"

namespace schedulight {
namespace {

struct RoomLinksArguments {
  RoomLinksQuery query{.server_id = kDefaultServerId};
  std::optional<std::string> email;
  bool json = false;
};

void PrintLinks(const RoomLinksArguments& args, const std::vector<RoomLink>& links) {
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& link : links) list.push_back(RoomLinkJson(link));
    PrintJson(list);
    return;
  }
  if (links.empty()) {
    fmt::print("No room matches {} '{}'.\n", args.query.column, args.query.query);
    return;
  }
  for (const auto& link : links) {
    fmt::print("{}\n  owner:     {} <{}>\n  room link: {}\n  moderator: {}\n", link.room.name,
               link.room.owner_name, link.room.owner_email,
               link.room_link.empty() ? "(the server has no link_base)" : link.room_link,
               link.moderator_link);
  }
}

// --email: queues the report and says where it went (on stderr with --json,
// so stdout stays the JSON list).
int MailLinks(CliContext& context, const RoomLinksArguments& args, const TemplateSet& templates,
              const std::vector<RoomLink>& links) {
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto queued = QueueRoomLinksMail(context.ExistingStore(), context.Config(), templates, args.query,
                                   links, *args.email, now);
  if (!queued) {
    fmt::print(stderr, "error: {}\n", queued.error().message);
    return queued.error().exit_code;
  }
  fmt::print(args.json ? stderr : stdout,
             "Queued roomLinks mail {} to {} (from {}) in the store's mail queue; the mail worker "
             "sends it (`schedulight run`, or `schedulight mail deliver` now).\n",
             queued->mail_id, queued->to, queued->from);
  return kExitOk;
}

int RunLinks(CliContext& context, const RoomLinksArguments& args) {
  std::optional<TemplateSet> templates;
  if (args.email) {  // before the search, so a broken template fails early
    auto loaded = TemplateSet::Load(context.Config().templates);
    if (!loaded) {
      fmt::print(stderr, "error: mail templates: {}\n", loaded.error());
      return kExitFailed;
    }
    templates = std::move(*loaded);
  }
  auto links = FindRoomLinks(context.ExistingStore(), context.Config(), args.query);
  if (!links) {
    fmt::print(stderr, "error: {}\n", links.error().message);
    return links.error().exit_code;
  }
  PrintLinks(args, *links);
  return templates ? MailLinks(context, args, *templates, *links) : kExitOk;
}

}  // namespace

void AddRoomCommands(CLI::App& app, CliContext& context) {
  CLI::App* rooms = app.add_subcommand("rooms", "Greenlight rooms");
  rooms->require_subcommand(1);
  auto args = std::make_shared<RoomLinksArguments>();
  std::string allowed;
  for (const auto& column : RoomSearchColumns()) allowed += (allowed.empty() ? "" : ", ") + column;
  CLI::App* links = rooms->add_subcommand(
      "links", "Rooms matching QUERY: owner, name, room link and a moderator join link");
  links
      ->add_option("QUERY", args->query.query,
                   "What to look for; `meetings`: the rooms of the scheduled meetings in the store")
      ->required();
  links->add_option("-s,--server", args->query.server_id, "Server id (default: bbb)");
  links->add_option("-b,--by", args->query.column,
                    "Column to search (default: name, a substring): " + allowed);
  links->add_option("-e,--email", args->email,
                    "Also queue the report as a roomLinks mail to this address (sender: the "
                    "server's mailFrom)");
  links->add_flag("--json", args->json, "Print JSON");
  links->callback(
      [&context, args] { context.run = [&context, args] { return RunLinks(context, *args); }; });
}

}  // namespace schedulight
