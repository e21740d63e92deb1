#include "bbb/bbb_client.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bbb/api_url.h"
#include "core/json_input.h"

namespace schedulight {
namespace {

std::string JoinedList(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined.push_back(',');
    joined += item;
  }
  return joined;
}

// The location without its query: a redirect target is safe to show, its
// query may carry a checksum or session token.
std::string WithoutQuery(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

std::optional<BbbError> JoinErrorFromRedirect(const std::string& location) {
  std::size_t query_start = location.find('?');
  if (query_start == std::string::npos) return std::nullopt;
  for (const auto& [name, value] : ParseQuery(location.substr(query_start + 1))) {
    if (name != "errors") continue;
    // From the server, so bounded, and fields of another type are left out (value() would throw).
    auto errors = ParseJsonInput(value);
    if (errors && errors->is_array() && !errors->empty() && (*errors)[0].is_object()) {
      const nlohmann::json& first = (*errors)[0];
      const auto text = [&](const char* name, const char* fallback) {
        const auto field = first.find(name);
        return field != first.end() && field->is_string() ? field->get<std::string>()
                                                          : std::string(fallback);
      };
      return ApiError(text("key", "unknownError"), text("message", ""));
    }
    return MalformedError("join redirect with unreadable errors parameter");
  }
  return std::nullopt;
}

std::expected<BbbClient, BbbError> BbbClient::Create(BbbServerConfig config) {
  auto base = NormalizeApiBaseUrl(config.bbb_url);
  if (!base)
    return std::unexpected(BbbError{.kind = BbbErrorKind::kConfig, .message = base.error()});
  if (config.secret.empty()) {
    return std::unexpected(
        BbbError{.kind = BbbErrorKind::kConfig, .message = "BBB_SECRET is empty"});
  }
  return BbbClient(std::move(config), std::move(*base));
}

BbbClient::BbbClient(BbbServerConfig config, std::string api_base)
    : config_(std::move(config)),
      api_base_(std::move(api_base)),
      session_(config_.timeouts, config_.ca_file) {}

std::string BbbClient::SignedUrl(const std::string& call, const QueryParams& params) const {
  return SignedApiUrl(api_base_, call, params, config_.secret, config_.algorithm);
}

std::expected<HttpResponse, BbbError> BbbClient::Fetch(const std::string& url) {
  return session_.Get(url, api_base_);
}

std::expected<std::string, BbbError> BbbClient::Call(const std::string& call,
                                                     const QueryParams& params) {
  auto response = Fetch(SignedUrl(call, params));
  if (!response) return std::unexpected(response.error());
  if (response->status == 200) return std::move(response->body);
  std::string detail = fmt::format("{} on {}", call, api_base_);
  if (response->status >= 300 && response->status < 400) {
    detail = fmt::format("{} was redirected to {}; check BBB_URL", call,
                         WithoutQuery(response->location));
  }
  return std::unexpected(BbbError{
      .kind = BbbErrorKind::kHttpStatus, .message = detail, .http_status = response->status});
}

std::expected<ApiVersion, BbbError> BbbClient::GetApiVersion() {
  // The index is unsigned; drop the trailing slash as BBB documents it.
  auto response = Fetch(api_base_.substr(0, api_base_.size() - 1));
  if (!response) return std::unexpected(response.error());
  if (response->status != 200) {
    return std::unexpected(BbbError{.kind = BbbErrorKind::kHttpStatus,
                                    .message = fmt::format("{} is not a BBB API", api_base_),
                                    .http_status = response->status});
  }
  return ParseApiVersionResponse(response->body);
}

std::expected<CreateMeetingResult, BbbError> BbbClient::CreateMeeting(
    const CreateMeetingRequest& request) {
  QueryParams params = {{"meetingID", request.meeting_id}, {"name", request.name}};
  if (request.attendee_pw) params.emplace_back("attendeePW", *request.attendee_pw);
  if (request.moderator_pw) params.emplace_back("moderatorPW", *request.moderator_pw);
  params.insert(params.end(), request.extra.begin(), request.extra.end());
  auto body = Call("create", params);
  if (!body) return std::unexpected(body.error());
  return ParseCreateResponse(*body);
}

std::string BbbClient::JoinUrl(const JoinRequest& request) const {
  QueryParams params = {{"fullName", request.full_name}, {"meetingID", request.meeting_id}};
  if (request.password) params.emplace_back("password", *request.password);
  if (request.role) params.emplace_back("role", *request.role);
  if (request.user_id) params.emplace_back("userID", *request.user_id);
  if (request.create_time) params.emplace_back("createTime", std::to_string(*request.create_time));
  for (const auto& [key, value] : request.user_data) params.emplace_back("userdata-" + key, value);
  params.insert(params.end(), request.extra.begin(), request.extra.end());
  if (!request.redirect) params.emplace_back("redirect", "false");
  return SignedUrl("join", params);
}

std::expected<JoinResult, BbbError> BbbClient::Join(JoinRequest request) {
  request.redirect = false;
  auto response = Fetch(JoinUrl(request));
  if (!response) return std::unexpected(response.error());
  if (response->status >= 300 && response->status < 400) {
    if (auto error = JoinErrorFromRedirect(response->location)) return std::unexpected(*error);
    return std::unexpected(BbbError{
        .kind = BbbErrorKind::kHttpStatus,
        .message = fmt::format("join was redirected to {}", WithoutQuery(response->location)),
        .http_status = response->status});
  }
  if (response->status != 200) {
    return std::unexpected(BbbError{.kind = BbbErrorKind::kHttpStatus,
                                    .message = "join on " + api_base_,
                                    .http_status = response->status});
  }
  return ParseJoinResponse(response->body);
}

std::expected<ApiMessage, BbbError> BbbClient::EndMeeting(
    const std::string& meeting_id, const std::optional<std::string>& password) {
  QueryParams params = {{"meetingID", meeting_id}};
  if (password) params.emplace_back("password", *password);
  auto body = Call("end", params);
  if (!body) return std::unexpected(body.error());
  return ParseEndResponse(*body);
}

std::expected<bool, BbbError> BbbClient::IsMeetingRunning(const std::string& meeting_id) {
  auto body = Call("isMeetingRunning", {{"meetingID", meeting_id}});
  if (!body) return std::unexpected(body.error());
  return ParseIsMeetingRunningResponse(*body);
}

std::expected<MeetingInfo, BbbError> BbbClient::GetMeetingInfo(const std::string& meeting_id) {
  auto body = Call("getMeetingInfo", {{"meetingID", meeting_id}});
  if (!body) return std::unexpected(body.error());
  return ParseMeetingInfoResponse(*body);
}

std::expected<std::vector<MeetingInfo>, BbbError> BbbClient::GetMeetings() {
  auto body = Call("getMeetings", {});
  if (!body) return std::unexpected(body.error());
  return ParseMeetingsResponse(*body);
}

std::expected<std::vector<Recording>, BbbError> BbbClient::GetRecordings(
    const RecordingQuery& query) {
  QueryParams params;
  if (!query.meeting_ids.empty()) params.emplace_back("meetingID", JoinedList(query.meeting_ids));
  if (!query.record_ids.empty()) params.emplace_back("recordID", JoinedList(query.record_ids));
  if (!query.states.empty()) params.emplace_back("state", JoinedList(query.states));
  auto body = Call("getRecordings", params);
  if (!body) return std::unexpected(body.error());
  return ParseRecordingsResponse(*body);
}

std::expected<bool, BbbError> BbbClient::DeleteRecordings(
    const std::vector<std::string>& record_ids) {
  auto body = Call("deleteRecordings", {{"recordID", JoinedList(record_ids)}});
  if (!body) return std::unexpected(body.error());
  return ParseDeleteRecordingsResponse(*body);
}

std::expected<bool, BbbError> BbbClient::PublishRecordings(
    const std::vector<std::string>& record_ids, bool publish) {
  auto body = Call("publishRecordings",
                   {{"recordID", JoinedList(record_ids)}, {"publish", publish ? "true" : "false"}});
  if (!body) return std::unexpected(body.error());
  return ParsePublishRecordingsResponse(*body);
}

}  // namespace schedulight
