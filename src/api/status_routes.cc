// /meetings/{id}/status[/{step}]: a meeting's status history (SPEC 3), as the
// original exposed it. PUT {"status_code", "status_message"} appends to a
// step (900 on "status" disables the meeting); DELETE clears a step or all,
// so the engine does that step again.

#include "admin/meeting_admin.h"
#include "admin/status_admin.h"
#include "api/routes.h"
#include "core/object_reader.h"
#include "core/text_scan.h"

namespace schedulight {
namespace {

// A status message is one line of text, as the engine writes them.
constexpr TextRule kStatusMessageRule{.max_length = kMaxLineLength};

nlohmann::json EntriesJson(const std::vector<StatusEntry>& entries) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : entries) list.push_back(StatusEntryJson(entry));
  return list;
}

std::optional<ApiReply> CheckStep(const ApiRequest& request) {
  const std::string& step = request.Param("step");
  if (IsValidStepPath(step)) return std::nullopt;
  return ErrorReply(400, "step: " + QuoteForMessage(step) + " is not a step path",
                    {{"step", "letters, digits and _ . @ + - only"}});
}

ApiReply GetStatus(ApiContext& context, const ApiRequest& request) {
  auto history = GetMeetingStatus(context.store, request.Param("id"));
  if (!history) return FailureReply(history.error());
  if (history->empty()) return ErrorReply(404, "status not found");
  return Envelope(200, "status found", StatusHistoryJson(*history));
}

ApiReply DeleteStatus(ApiContext& context, const ApiRequest& request) {
  auto cleared = ClearMeetingSteps(context.store, request.Param("id"), "", context.clock());
  if (!cleared) return FailureReply(cleared.error());
  return NoContent();
}

ApiReply GetStep(ApiContext& context, const ApiRequest& request) {
  if (auto invalid = CheckStep(request)) return *invalid;
  auto entries = GetMeetingStep(context.store, request.Param("id"), request.Param("step"));
  if (!entries) return FailureReply(entries.error());
  return Envelope(200, "status found", EntriesJson(*entries));
}

// {"status_code": 900 (or "900"), "status_message": "..."}: every problem named.
std::optional<ApiReply> ReadStatusBody(const nlohmann::json& body, int& code,
                                       std::string& message) {
  FieldErrors errors;
  const auto code_field = body.find("status_code");
  if (code_field == body.end()) {
    errors.push_back({"status_code", "required"});
  } else if (code_field->is_number_integer()) {
    code = code_field->get<int>();
  } else if (code_field->is_string() && !code_field->get<std::string>().empty() &&
             code_field->get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
             code_field->get<std::string>().size() <= 3) {
    code = std::stoi(code_field->get<std::string>());
  } else {
    errors.push_back({"status_code", "must be a whole number such as 900"});
  }
  if (errors.empty() && (code < 100 || code > 999)) {
    errors.push_back({"status_code", "must be a three-digit status code (docs/engine.md)"});
  }
  const auto message_field = body.find("status_message");
  if (message_field == body.end()) {
    errors.push_back({"status_message", "required"});
  } else if (auto text =
                 CheckTextValue(*message_field, kStatusMessageRule, "status_message", errors)) {
    message = *text;
  }
  if (errors.empty()) return std::nullopt;
  return ErrorReply(400, "Please provide status_code and status_message", errors);
}

ApiReply PutStep(ApiContext& context, const ApiRequest& request) {
  if (auto invalid = CheckStep(request)) return *invalid;
  int code = 0;
  std::string message;
  if (auto invalid = ReadStatusBody(request.body, code, message)) return *invalid;
  auto set = SetMeetingStep(context.store, request.Param("id"), request.Param("step"), code,
                            message, context.clock());
  if (!set) return FailureReply(set.error());
  return Envelope(
      200, *set ? "set status" : "status unchanged (same code)",
      {{"step", request.Param("step")}, {"status_code", code}, {"status_message", message}});
}

ApiReply DeleteStep(ApiContext& context, const ApiRequest& request) {
  if (auto invalid = CheckStep(request)) return *invalid;
  auto cleared =
      ClearMeetingSteps(context.store, request.Param("id"), request.Param("step"), context.clock());
  if (!cleared) return FailureReply(cleared.error());
  return NoContent();
}

}  // namespace

void AddStatusRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"GET", "/meetings/{id}/status", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return GetStatus(context, request); }});
  routes.Add({"DELETE", "/meetings/{id}/status", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return DeleteStatus(context, request); }});
  routes.Add({"GET", "/meetings/{id}/status/{step}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return GetStep(context, request); }});
  routes.Add({"PUT", "/meetings/{id}/status/{step}", RouteBody::kJsonObject, false,
              [&context](const ApiRequest& request) { return PutStep(context, request); }});
  routes.Add({"DELETE", "/meetings/{id}/status/{step}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return DeleteStep(context, request); }});
}

}  // namespace schedulight
