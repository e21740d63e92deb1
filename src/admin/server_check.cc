#include "admin/server_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/bbb_server_client.h"

namespace schedulight {
namespace {

CheckStep Step(std::string name, CheckOutcome outcome, std::string detail) {
  return CheckStep{.name = std::move(name), .outcome = outcome, .detail = std::move(detail)};
}

void CheckBbb(const Server& server, HttpTimeouts timeouts, std::vector<CheckStep>& steps) {
  auto client = MakeBbbClient(server, timeouts);
  if (!client) {
    steps.push_back(Step("bbb.url", CheckOutcome::kFailed, client.error()));
    steps.push_back(Step("bbb.checksum", CheckOutcome::kSkipped, "needs a usable BBB_URL"));
    return;
  }
  auto version = client->GetApiVersion();
  if (!version) {
    steps.push_back(Step("bbb.url", CheckOutcome::kFailed, version.error().ToString()));
    steps.push_back(Step("bbb.checksum", CheckOutcome::kSkipped, "needs an answering BBB_URL"));
    return;
  }
  std::string about = fmt::format("{} answers (API {}", client->api_base(), version->version);
  if (!version->bbb_version.empty()) about += ", BBB " + version->bbb_version;
  steps.push_back(Step("bbb.url", CheckOutcome::kOk, about + ")"));

  auto meetings = client->GetMeetings();
  if (!meetings) {
    steps.push_back(Step("bbb.checksum", CheckOutcome::kFailed, meetings.error().ToString()));
    return;
  }
  steps.push_back(Step("bbb.checksum", CheckOutcome::kOk,
                       fmt::format("{} checksum accepted; {} meeting(s) on the server",
                                   ToString(client->algorithm()), meetings->size())));
}

}  // namespace

bool ServerCheckReport::ok() const {
  return std::ranges::none_of(
      steps, [](const CheckStep& step) { return step.outcome == CheckOutcome::kFailed; });
}

std::string ToString(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kOk:
      return "ok";
    case CheckOutcome::kFailed:
      return "FAILED";
    case CheckOutcome::kSkipped:
      return "skipped";
  }
  return "?";
}

ServerCheckReport CheckServer(const Server& server, const std::vector<ExtraServerCheck>& extra,
                              HttpTimeouts timeouts) {
  ServerCheckReport report{.server_id = server.id};
  CheckBbb(server, timeouts, report.steps);
  for (const auto& check : extra) report.steps.push_back(check(server));
  return report;
}

nlohmann::json ServerCheckJson(const ServerCheckReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : report.steps) {
    steps.push_back(
        {{"step", step.name}, {"outcome", ToString(step.outcome)}, {"detail", step.detail}});
  }
  return {{"server", report.server_id}, {"ok", report.ok()}, {"steps", steps}};
}

}  // namespace schedulight
