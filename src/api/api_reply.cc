#include "api/api_reply.h"

namespace schedulight {

std::optional<std::string> ApiRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

ApiReply Envelope(int status, const std::string& message, const nlohmann::json& data) {
  nlohmann::ordered_json body = {{"message", message}};
  if (!data.is_null()) body["data"] = data;
  return {status,
          "application/json",
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
          {}};
}

ApiReply ErrorReply(int status, const std::string& message, const FieldErrors& errors) {
  nlohmann::ordered_json body = {{"message", message}};
  if (!errors.empty()) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& error : errors) {
      list.push_back({{"field", error.path}, {"message", error.message}});
    }
    body["errors"] = std::move(list);
  }
  // Invalid UTF-8 from a request (a field name, a value) is replaced, not thrown on.
  return {status,
          "application/json",
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
          {}};
}

ApiReply TextReply(int status, const std::string& content_type, std::string body) {
  return {status, content_type, std::move(body), {}};
}

ApiReply NoContent() { return {204, "", "", {}}; }

ApiReply FailureReply(const AdminFailure& failure) {
  switch (failure.kind) {
    case AdminFailure::Kind::kInvalid: {
      std::string message = failure.message + ":";
      for (const auto& error : failure.errors) message += " " + error.ToString() + ";";
      message.pop_back();
      return ErrorReply(400, message, failure.errors);
    }
    case AdminFailure::Kind::kNotFound:
      return ErrorReply(404, failure.message);
    case AdminFailure::Kind::kConflict:
      return ErrorReply(409, failure.message);
    case AdminFailure::Kind::kStore:
      break;
  }
  return ErrorReply(500, failure.message);
}

ApiReply FailureReply(const MeetingFailure& failure) {
  return ErrorReply(failure.kind == MeetingError::kNotFound ? 404 : 500, failure.message);
}

ApiReply FailureReply(const MailQueueError& failure) {
  switch (failure.kind) {
    case MailQueueError::Kind::kNotFound:
      return ErrorReply(404, failure.message);
    case MailQueueError::Kind::kConflict:
      return ErrorReply(409, failure.message);
    case MailQueueError::Kind::kStore:
      break;
  }
  return ErrorReply(500, failure.message);
}

}  // namespace schedulight
