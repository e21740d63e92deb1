#include "sim_server.h"

#include <httplib.h>

#include <algorithm>

#include "bbb/query.h"
#include "core/json_input.h"
#include "xml_writer.h"

namespace schedulight::sim {
namespace {

// RecordingController still answers checksum failures with the pre-2.4 text.
bool IsRecordingCall(const std::string& call) {
  return call == "getRecordings" || call == "publishRecordings" || call == "deleteRecordings" ||
         call == "updateRecordings";
}

std::string RawQuery(const httplib::Request& request) {
  std::size_t question = request.target.find('?');
  return question == std::string::npos ? "" : request.target.substr(question + 1);
}

std::string ParamOf(const httplib::Request& request, const char* name) {
  return request.has_param(name) ? request.get_param_value(name) : "";
}

void Json(httplib::Response& response, const nlohmann::ordered_json& body, int status = 200) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

void JsonError(httplib::Response& response, int status, const std::string& message) {
  Json(response, {{"error", message}}, status);
}

}  // namespace

std::expected<Fault, std::string> FaultFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return std::unexpected("a fault is a JSON object");
  Fault fault;
  try {
    fault.call = json.value("call", "*");
    const std::string type = json.value("type", "");
    if (type == "latency") {
      fault.type = FaultType::kLatency;
    } else if (type == "http") {
      fault.type = FaultType::kHttpError;
    } else if (type == "malformed") {
      fault.type = FaultType::kMalformed;
    } else if (type == "drop") {
      fault.type = FaultType::kDrop;
    } else {
      return std::unexpected("type must be latency, http, malformed or drop");
    }
    fault.latency = std::chrono::milliseconds(json.value("latencyMs", 0));
    fault.http_status = json.value("status", 503);
    fault.times = json.value("times", 0);
    fault.rate = json.value("rate", 1.0);
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected(std::string("bad fault field: ") + e.what());
  }
  if (fault.http_status < 400 || fault.http_status > 599) {
    return std::unexpected("status must be 400-599");
  }
  if (fault.rate < 0 || fault.rate > 1) return std::unexpected("rate must be 0-1");
  if (fault.times < 0 || fault.latency.count() < 0) {
    return std::unexpected("times and latencyMs must not be negative");
  }
  return fault;
}

std::string QueryWithoutChecksum(const std::string& raw_query, std::string* checksum) {
  std::string rest;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t amp = raw_query.find('&', start);
    std::string pair = raw_query.substr(start, amp - start);
    if (pair.starts_with("checksum=")) {
      if (checksum) *checksum = pair.substr(9);
    } else if (!pair.empty()) {
      if (!rest.empty()) rest.push_back('&');
      rest += pair;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return rest;
}

std::optional<std::string> CheckChecksum(const std::string& call, const std::string& raw_query,
                                         const std::string& secret,
                                         const std::vector<ChecksumAlgorithm>& algorithms) {
  if (secret.empty()) return std::nullopt;
  const bool legacy = IsRecordingCall(call);
  std::string checksum;
  const std::string query = QueryWithoutChecksum(raw_query, &checksum);
  if (checksum.empty()) {
    return legacy ? "You did not pass the checksum security check"
                  : "You must provide the checksum";
  }
  const char* mismatch =
      legacy ? "You did not pass the checksum security check" : "Checksums do not match";
  auto algorithm = ChecksumAlgorithmForLength(checksum.size());
  if (!algorithm || std::ranges::find(algorithms, *algorithm) == algorithms.end()) return mismatch;
  if (!ChecksumsEqual(checksum, ApiChecksum(*algorithm, call, query, secret))) return mismatch;
  return std::nullopt;
}

SimServer::SimServer(SimServerOptions options)
    : options_(std::move(options)),
      bbb_(options_.bbb),
      server_(std::make_unique<httplib::Server>()),
      random_(options_.bbb.seed.value_or(std::random_device{}())) {
  SetUpRoutes();
}

SimServer::~SimServer() { Stop(); }

std::string SimServer::base_url() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

std::string SimServer::api_url() const { return base_url() + "/bigbluebutton/api/"; }

std::expected<int, std::string> SimServer::Start() {
  if (thread_.joinable()) return port_;
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    return std::unexpected("cannot listen on " + options_.host + ":" +
                           std::to_string(options_.port));
  }
  bbb_.set_base_url(base_url());
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing before the loop runs, so wait for it: a
  // Stop() right after Start() must not leave the thread listening forever.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port_;
}

void SimServer::Stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

void SimServer::AddFault(const Fault& fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(fault);
}

void SimServer::ClearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

std::optional<Fault> SimServer::TakeFault(const std::string& call) {
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->call != "*" && it->call != call) continue;
    if (it->rate < 1.0 && std::uniform_real_distribution<double>(0, 1)(random_) >= it->rate) {
      continue;
    }
    Fault hit = *it;
    if (it->times > 0 && --it->times == 0) faults_.erase(it);
    return hit;
  }
  return std::nullopt;
}

void SimServer::CountCall(const std::string& call, const std::string& meeting_id) {
  std::lock_guard lock(mutex_);
  ++calls_[call][meeting_id];
}

int SimServer::CallCount(const std::string& call, const std::string& meeting_id) const {
  std::lock_guard lock(mutex_);
  auto by_call = calls_.find(call);
  if (by_call == calls_.end()) return 0;
  auto count = by_call->second.find(meeting_id);
  return count == by_call->second.end() ? 0 : count->second;
}

int SimServer::TotalCalls(const std::string& call) const {
  std::lock_guard lock(mutex_);
  auto by_call = calls_.find(call);
  if (by_call == calls_.end()) return 0;
  int total = 0;
  for (const auto& [meeting, count] : by_call->second) total += count;
  return total;
}

nlohmann::json SimServer::CallCountsJson(const std::optional<std::string>& meeting_id) const {
  std::lock_guard lock(mutex_);
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [call, by_meeting] : calls_) {
    if (meeting_id) {
      if (auto count = by_meeting.find(*meeting_id); count != by_meeting.end()) {
        counts[call] = count->second;
      }
    } else {
      counts[call] = by_meeting;
    }
  }
  return counts;
}

void SimServer::Reset() {
  bbb_.Reset();
  std::lock_guard lock(mutex_);
  faults_.clear();
  calls_.clear();
}

void SimServer::SetUpRoutes() {
  httplib::Server& server = *server_;
  // Headers and body go out in separate writes; without this, Nagle plus
  // delayed ACKs add ~40 ms to every answer.
  server.set_tcp_nodelay(true);

  server.Get(R"(/bigbluebutton/api/?)", [this](const httplib::Request&, httplib::Response& res) {
    SimAnswer answer = bbb_.Version();
    res.set_content(answer.body, answer.content_type);
  });

  server.Get(R"(/bigbluebutton/api/([A-Za-z]+))", [this](const httplib::Request& req,
                                                         httplib::Response& res) {
    const std::string call = req.matches[1];
    const std::string raw_query = RawQuery(req);
    const QueryParams params = ParseQuery(QueryWithoutChecksum(raw_query, nullptr));
    std::string meeting_id;
    for (const auto& [key, value] : params) {
      if (key == "meetingID") meeting_id = value;
    }
    CountCall(call, meeting_id);

    if (std::optional<Fault> fault = TakeFault(call)) {
      switch (fault->type) {
        case FaultType::kLatency:
          std::this_thread::sleep_for(fault->latency);
          break;
        case FaultType::kHttpError:
          res.status = fault->http_status;
          res.set_content("<html><body><h1>" + std::to_string(fault->http_status) +
                              " Service Unavailable</h1></body></html>",
                          "text/html");
          return;
        case FaultType::kMalformed:
          res.set_content("<response>\n<returncode>SUCCESS</returncode>\n<meetings>\n<meeting>\n",
                          "text/xml;charset=utf-8");
          return;
        case FaultType::kDrop:
          // Promise a body, send nothing, and close: the client sees the
          // connection drop mid-answer.
          res.set_content_provider(
              1024, "text/xml;charset=utf-8",
              [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
          return;
      }
    }

    if (auto refused = CheckChecksum(call, raw_query, options_.secret, options_.algorithms)) {
      res.set_content(FailedXml("checksumError", *refused), "text/xml;charset=utf-8");
      return;
    }
    SimAnswer answer = bbb_.Call(call, params);
    res.status = answer.status;
    if (!answer.location.empty()) res.set_header("Location", answer.location);
    res.set_content(answer.body, answer.content_type);
  });

  server.Get("/html5client/join", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body>bbb-sim: joined</body></html>", "text/html");
  });

  // Test hooks. Not signed: the simulator is a test tool bound to loopback.
  server.Post(R"(/sim/meetings/([^/]+)/attendees)",
              [this](const httplib::Request& req, httplib::Response& res) {
                std::optional<std::string> user_id;
                if (req.has_param("userID")) user_id = req.get_param_value("userID");
                auto added = bbb_.AddAttendee(req.matches[1], ParamOf(req, "fullName"),
                                              ParamOf(req, "role"), user_id);
                if (!added) return JsonError(res, 404, added.error());
                Json(res, {{"userID", *added}});
              });
  server.Delete(R"(/sim/meetings/([^/]+)/attendees/([^/]+))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  auto removed = bbb_.RemoveAttendee(req.matches[1], req.matches[2]);
                  if (!removed) return JsonError(res, 404, removed.error());
                  Json(res, {{"removed", true}});
                });
  server.Post(R"(/sim/meetings/([^/]+)/end)",
              [this](const httplib::Request& req, httplib::Response& res) {
                auto ended = bbb_.EndMeeting(req.matches[1]);
                if (!ended) return JsonError(res, 404, ended.error());
                Json(res, {{"ended", true}});
              });
  server.Get(R"(/sim/meetings/([^/]+)/create-params)",
             [this](const httplib::Request& req, httplib::Response& res) {
               auto params = bbb_.CreateParams(req.matches[1]);
               if (!params) return JsonError(res, 404, "no meeting " + req.matches[1].str());
               nlohmann::ordered_json body = nlohmann::ordered_json::object();
               for (const auto& [key, value] : *params) body[key] = value;
               Json(res, body);
             });
  server.Post(R"(/sim/meetings/([^/]+)/recordings)",
              [this](const httplib::Request& req, httplib::Response& res) {
                auto added = bbb_.AddRecording(req.matches[1]);
                if (!added) return JsonError(res, 404, added.error());
                Json(res, {{"recordID", *added}});
              });
  server.Get("/sim/calls", [this](const httplib::Request& req, httplib::Response& res) {
    std::optional<std::string> meeting_id;
    if (req.has_param("meetingID")) meeting_id = req.get_param_value("meetingID");
    res.set_content(CallCountsJson(meeting_id).dump(), "application/json");
  });
  server.Post("/sim/faults", [this](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonInput(req.body);
    if (!body) return JsonError(res, 400, "the body is not JSON: " + body.error().message);
    auto fault = FaultFromJson(*body);
    if (!fault) return JsonError(res, 400, fault.error());
    AddFault(*fault);
    Json(res, {{"added", true}});
  });
  server.Delete("/sim/faults", [this](const httplib::Request&, httplib::Response& res) {
    ClearFaults();
    Json(res, {{"cleared", true}});
  });
  server.Post("/sim/reset", [this](const httplib::Request&, httplib::Response& res) {
    Reset();
    Json(res, {{"reset", true}});
  });
}

}  // namespace schedulight::sim
