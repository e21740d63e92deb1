// /mails: the mail queue (the original's "todo: api calls for mail queue"),
// through the same operations as `schedulight mail` (mail/mail_queue.h).

#include <charconv>

#include "api/routes.h"
#include "mail/mail_queue.h"

namespace schedulight {
namespace {

const char* const kStates = "must be queued, sent or failed";

// ?state=... as a MailState; error set when it is given but unknown, or required and missing.
std::optional<MailState> StateQuery(const ApiRequest& request, bool required,
                                    std::optional<ApiReply>& error) {
  auto text = request.Query("state");
  if (!text) {
    if (required) error = ErrorReply(400, "state: required", {{"state", "required"}});
    return std::nullopt;
  }
  auto state = MailStateFromString(*text);
  if (!state) error = ErrorReply(400, std::string("state: ") + kStates, {{"state", kStates}});
  return state;
}

std::optional<std::int64_t> MailId(const ApiRequest& request, std::optional<ApiReply>& error) {
  const std::string& text = request.Param("id");
  std::int64_t id = 0;
  auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (problem != std::errc() || end != text.data() + text.size() || id <= 0) {
    error = ErrorReply(400, "id: must be a mail id (a whole number)",
                       {{"id", "must be a whole number"}});
    return std::nullopt;
  }
  return id;
}

ApiReply ListMails(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto state = StateQuery(request, false, error);
  if (error) return *error;
  auto mails = ListQueueMails(context.store, state);
  if (!mails) return FailureReply(mails.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& mail : *mails) list.push_back(MailJson(mail, false));
  return Envelope(200, "found mails", list);
}

ApiReply PurgeMails(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto state = StateQuery(request, true, error);
  if (error) return *error;
  auto purged = PurgeQueueMails(context.store, *state);
  if (!purged) return FailureReply(purged.error());
  return Envelope(200, "deleted " + std::to_string(*purged) + " mail(s)",
                  {{"state", ToString(*state)}, {"deleted", *purged}});
}

ApiReply GetMail(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto id = MailId(request, error);
  if (!id) return *error;
  auto mail = GetQueueMail(context.store, *id);
  if (!mail) return FailureReply(mail.error());
  return Envelope(200, "mail found", MailJson(*mail, true));
}

ApiReply DeleteMail(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto id = MailId(request, error);
  if (!id) return *error;
  auto deleted = DeleteQueueMail(context.store, *id);
  if (!deleted) return FailureReply(deleted.error());
  return NoContent();
}

ApiReply RetryMail(ApiContext& context, const ApiRequest& request) {
  std::optional<ApiReply> error;
  auto id = MailId(request, error);
  if (!id) return *error;
  auto mail = RetryQueueMail(context.store, *id, context.clock());
  if (!mail) return FailureReply(mail.error());
  return Envelope(200, "mail queued again", MailJson(*mail, false));
}

}  // namespace

void AddMailRoutes(RouteTable& routes, ApiContext& context) {
  routes.Add({"GET", "/mails", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return ListMails(context, request); }});
  routes.Add({"DELETE", "/mails", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return PurgeMails(context, request); }});
  routes.Add({"GET", "/mails/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return GetMail(context, request); }});
  routes.Add({"DELETE", "/mails/{id}", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return DeleteMail(context, request); }});
  routes.Add({"POST", "/mails/{id}/retry", RouteBody::kNone, false,
              [&context](const ApiRequest& request) { return RetryMail(context, request); }});
}

}  // namespace schedulight
