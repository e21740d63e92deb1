// /commands: POST queues a command in the original's body ({"command",
// "server", "data"}, optionally "id"); GET lists commands with their state
// and per-element results, GET /commands/{id} shows one.

#include "admin/command_queue.h"
#include "api/routes.h"

namespace schedulight {
namespace {

ApiReply PostCommand(ApiContext& context, const ApiRequest& request) {
  auto queued = QueueCommandDocument(context.store, request.body, context.clock());
  if (!queued) return FailureReply(queued.error());
  return Envelope(201, "command queued successfully", CommandQueueJson(*queued));
}

ApiReply ListCommands(ApiContext& context, const ApiRequest& request) {
  std::optional<CommandState> state;
  if (auto text = request.Query("state")) {
    state = CommandStateFromString(*text);
    if (!state) {
      return ErrorReply(400, "state: must be queued, running, done or failed",
                        {{"state", "must be queued, running, done or failed"}});
    }
  }
  auto commands = ListStoredCommands(context.store, state);
  if (!commands) return FailureReply(commands.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& command : *commands) list.push_back(CommandQueueJson(command));
  return Envelope(200, "found commands", list);
}

ApiReply GetCommand(ApiContext& context, const ApiRequest& request) {
  auto command = GetStoredCommand(context.store, request.Param("id"));
  if (!command) return FailureReply(command.error());
  return Envelope(200, "command found", CommandQueueJson(*command));
}

}  // namespace

void AddCommandRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"POST", "/commands", RouteBody::kJsonObject, false,
              [&context](const ApiRequest& request) { return PostCommand(context, request); }});
  routes.Add({"GET", "/commands", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return ListCommands(context, request); }});
  routes.Add({"GET", "/commands/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return GetCommand(context, request); }});
}

}  // namespace schedulight
