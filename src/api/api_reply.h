#pragma once
// What a route handler sees and returns, independent of the HTTP library, and
// the response shapes every route shares:
//
//   success   {"message": "...", "data": <JSON value>}         (the original's envelope)
//   error     {"message": "...", "errors": [{"field", "message"}, ...]}
//
// "data" is always JSON (an object, list, ...), never JSON encoded as a
// string (the original's GET /meetings/{id} defect). "errors" is present on
// 400 and names every invalid field.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "admin/meeting_admin.h"
#include "admin/server_admin.h"
#include "core/field_error.h"
#include "mail/mail_queue.h"

namespace schedulight {

struct ApiRequest {
  std::string method;                         // GET, POST, PUT, DELETE (HEAD is served as GET)
  std::string path;                           // decoded, below the /api/v1 prefix
  std::map<std::string, std::string> params;  // path parameters by name ({id}, {step})
  std::map<std::string, std::string> query;   // first value of each query parameter
  nlohmann::json body;                        // parsed JSON body; null when there is none

  // The query parameter, if given.
  std::optional<std::string> Query(const std::string& name) const;
  const std::string& Param(const std::string& name) const { return params.at(name); }
};

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"message", "data"}; data omitted when null.
ApiReply Envelope(int status, const std::string& message, const nlohmann::json& data = nullptr);
// {"message", "errors"}; errors omitted when empty.
ApiReply ErrorReply(int status, const std::string& message, const FieldErrors& errors = {});
// A body of another type (Prometheus text, iCalendar, the OpenAPI document).
ApiReply TextReply(int status, const std::string& content_type, std::string body);
// 204, no body (the original's answer to a successful DELETE).
ApiReply NoContent();

// Failures of the app use cases mapped to 400/404/500.
ApiReply FailureReply(const AdminFailure& failure);
ApiReply FailureReply(const MeetingFailure& failure);
ApiReply FailureReply(const MailQueueError& failure);

}  // namespace schedulight
