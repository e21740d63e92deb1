#pragma once
// The BBB side of a meeting pass: pre-open, keep open, start and end the
// meeting, and its live stream. Each step returns the statuses it reached
// (step_status.h) for the pass to record; no step writes the store.
//
// Every BBB call goes through the pass's gate (BbbCallGate): when the pass
// must stop (its claim is gone, an admin disabled or changed the meeting)
// the call is not made at all, and the step fails with "not called".
//
// One MeetingBbbSteps serves one pass on the lane's thread; it holds
// references to the pass's room and the lane's clients, which outlive it.

#include <chrono>
#include <expected>
#include <functional>
#include <stop_token>
#include <string>

#include "bbb/bbb_client.h"
#include "core/meeting.h"
#include "core/server.h"
#include "engine/engine_metrics.h"
#include "engine/step_status.h"
#include "greenlight/directory.h"
#include "stream/stream_runner.h"

namespace schedulight {

// Lets a BBB call through only while the pass may continue, and counts and
// times it in the metrics (GET /api/v1/metrics) when there are any.
class BbbCallGate {
 public:
  BbbCallGate(std::function<bool()> may_continue, EngineMetrics* metrics)
      : may_continue_(std::move(may_continue)), metrics_(metrics) {}

  template <typename Call>
  auto operator()(const char* call, Call&& request) -> decltype(request()) {
    if (!may_continue_()) {
      return std::unexpected(
          BbbError{.kind = BbbErrorKind::kTransport,
                   .message = std::string(call) + " not called: the pass stopped"});
    }
    const auto started = std::chrono::steady_clock::now();
    auto result = request();
    if (metrics_ != nullptr) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      metrics_->ObserveBbbCall(call, result ? "ok" : "error", took.count());
    }
    return result;
  }

 private:
  std::function<bool()> may_continue_;
  EngineMetrics* metrics_;
};

struct BbbStepsInput {
  const Meeting& meeting;
  const Server& server;
  // The lane's client for the server, or why there is none (a secret that
  // cannot be read): every step that calls BBB then fails with that reason.
  std::expected<BbbClient*, std::string> bbb;
  // The meeting's room, set up by the pass; a create notes its session here.
  GreenlightRoom& room;
  // Where a create notes the session for Greenlight's join links; none on a
  // server without Greenlight (or when Greenlight cannot be reached now).
  GreenlightDirectory* greenlight = nullptr;
  int greenlight_version = 0;  // 2, 3, or 0 without Greenlight
  const StreamRunner& streams;
  // How long an ended meeting may take to disappear from BBB.
  std::chrono::milliseconds end_wait{5000};
  std::stop_token stop;
  BbbCallGate& gate;
};

class MeetingBbbSteps {
 public:
  explicit MeetingBbbSteps(BbbStepsInput input) : in_(std::move(input)) {}

  // Ends a running session (so new parameters apply) and opens the meeting
  // before its start: pre_open 220, or 420 / 400.
  StepStatuses PreOpen();
  // BBB closes a meeting nobody joined after a few minutes: creates it
  // again. Nothing to record unless it fails (status 400).
  StepStatuses KeepOpen();
  // Creates the meeting and asks whether anyone joined: status 220 or 210.
  StepStatuses Start();
  // Ends the meeting and waits until BBB forgets it: end_meeting, then status.
  StepStatuses End();
  StepStatuses StartStream();
  // A streamed meeting ends when BBB no longer knows it.
  StepStatuses WatchStream();
  StepStatuses StopStream();

 private:
  // Creates the meeting (or confirms it exists); notes the session in Greenlight.
  std::expected<CreateMeetingResult, std::string> Create();
  // Ends the meeting and waits until BBB no longer knows it. Returns whether
  // it was running; an error when it could not be closed.
  std::expected<bool, std::string> EndAndWait();
  std::expected<StreamTarget, std::string> Stream();
  std::expected<MeetingInfo, BbbError> Info(BbbClient& bbb, const std::string& meeting_id);

  BbbStepsInput in_;
};

}  // namespace schedulight
