#pragma once
// `schedulight server check ID`: asks each part of a server whether it works
// and says what does not, one step per line. The BBB steps live here; other
// parts (the Greenlight database) plug in as extra checks, so this module
// does not depend on them.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bbb/http_session.h"
#include "core/server.h"

namespace schedulight {

enum class CheckOutcome { kOk, kFailed, kSkipped };

struct CheckStep {
  std::string name;  // "bbb.url", "bbb.checksum", "greenlight.schema", ...
  CheckOutcome outcome = CheckOutcome::kOk;
  std::string detail;  // one line; never contains a secret
};

struct ServerCheckReport {
  std::string server_id;
  std::vector<CheckStep> steps;

  bool ok() const;  // no step failed
};

// A check another module contributes (e.g. the Greenlight DB schema check).
using ExtraServerCheck = std::function<CheckStep(const Server&)>;

// BBB: the URL answers like a BBB API (GET of the API index), then the
// checksum is accepted (a signed getMeetings). A failed step makes the ones
// that depend on it kSkipped. Then every extra check, in order.
ServerCheckReport CheckServer(const Server& server, const std::vector<ExtraServerCheck>& extra,
                              HttpTimeouts timeouts = {});

std::string ToString(CheckOutcome outcome);  // ok, FAILED, skipped
nlohmann::json ServerCheckJson(const ServerCheckReport& report);

}  // namespace schedulight
