// schedulight rooms links QUERY [-s SERVER] [--by COLUMN] [--json]

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "app/room_links.h"
#include "cli/cli_context.h"
#include "cli/output.h"
#include "core/meeting.h"

namespace schedulight {
namespace {

struct RoomLinksArguments {
  RoomLinksQuery query{.server_id = kDefaultServerId};
  bool json = false;
};

int RunLinks(CliContext& context, const RoomLinksArguments& args) {
  auto links = FindRoomLinks(context.OpenedStore(), context.Config(), args.query);
  if (!links) {
    fmt::print(stderr, "error: {}\n", links.error().message);
    return links.error().exit_code;
  }
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& link : *links) list.push_back(RoomLinkJson(link));
    PrintJson(list);
    return kExitOk;
  }
  if (links->empty()) {
    fmt::print("No room matches {} '{}'.\n", args.query.column, args.query.query);
    return kExitOk;
  }
  for (const auto& link : *links) {
    fmt::print("{}\n  owner:     {} <{}>\n  room link: {}\n  moderator: {}\n", link.room.name,
               link.room.owner_name, link.room.owner_email,
               link.room_link.empty() ? "(the server has no link_base)" : link.room_link,
               link.moderator_link);
  }
  return kExitOk;
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
  links->add_option("QUERY", args->query.query, "What to look for")->required();
  links->add_option("-s,--server", args->query.server_id, "Server id (default: bbb)");
  links->add_option("-b,--by", args->query.column,
                    "Column to search (default: name, a substring): " + allowed);
  links->add_flag("--json", args->json, "Print JSON");
  links->callback(
      [&context, args] { context.run = [&context, args] { return RunLinks(context, *args); }; });
}

}  // namespace schedulight
