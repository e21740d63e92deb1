#include "engine/meeting_lane.h"

#include <spdlog/spdlog.h>

#include <set>

#include "engine/bbb_server_client.h"

namespace schedulight {

MeetingLane::MeetingLane(const EngineContext& context, std::string server_id, WorkerId worker,
                         DirectoryOpener open_directory, LaneOptions options)
    : context_(context),
      server_id_(std::move(server_id)),
      worker_(std::move(worker)),
      open_directory_(std::move(open_directory)),
      options_(options) {}

std::size_t MeetingLane::ProcessDue(const Clock& clock, std::stop_token stop) {
  if (!ResumeAfterPause(clock())) return 0;
  std::set<std::string> seen;  // once per call, even when a pass leaves the meeting due now
  std::size_t processed = 0;
  while (!stop.stop_requested() && !paused_until_) {
    const UtcTime now = clock();
    std::vector<StoredMeeting> claimed;
    auto claim = context_.store.Transact([&](StoreSession& session) {
      claimed = session.ClaimDueMeetings(now, worker_, options_.lease, options_.batch, server_id_);
    });
    if (!claim) {
      Pause(now, "cannot claim due meetings: " + claim.error().message);
      break;
    }
    if (claimed.empty()) break;
    bool seen_before = false;
    for (const auto& meeting : claimed) {
      const bool first_time = seen.insert(meeting.id).second;
      seen_before = seen_before || !first_time;
      if (!first_time || stop.stop_requested() || paused_until_) {
        // Not started: hand it back, still due (for the next call, or the next start).
        const MeetingClaim held{meeting.id, worker_, meeting.revision};
        (void)context_.store.Transact([&](StoreSession& session) { session.ReleaseMeeting(held); });
        continue;
      }
      ProcessOne(meeting, clock(), stop);
      ++processed;
    }
    if (seen_before) break;  // what is left is due again at once: the next call takes it
  }
  return processed;
}

void MeetingLane::ProcessOne(const StoredMeeting& meeting, UtcTime now, std::stop_token stop) {
  const MeetingClaim claim{meeting.id, worker_, meeting.revision};
  auto server = LoadServer(context_.store, server_id_);
  if (!server) {
    spdlog::warn("meeting {}: {}", meeting.id, server.error());
    WriteOutcome({claim,
                  {{step::kStatus, {now, status_code::kFailedWillRetry, server.error()}}},
                  now + context_.retry_after},
                 now);
    return;
  }
  if (!executor_ || executor_->server().document != server->document) {
    executor_ = std::make_unique<MeetingExecutor>(context_, *server, open_directory_);
  }
  PassOutcome outcome = executor_->Process(meeting, claim, now, stop);
  switch (outcome.end) {
    case PassOutcome::End::kFinished:
    case PassOutcome::End::kStoreFailed:
      WriteOutcome({claim, std::move(outcome.unsaved), outcome.next_due}, now);
      return;
    case PassOutcome::End::kLost:
    case PassOutcome::End::kStopped:
      // Nothing to write: the change (or the next start) plans it again.
      (void)context_.store.Transact([&](StoreSession& session) { session.ReleaseMeeting(claim); });
      return;
  }
}

std::expected<void, StoreError> MeetingLane::WriteKept(const Unsaved& kept) {
  return context_.store.Transact([&](StoreSession& session) {
    if (!session.HoldsMeeting(kept.claim)) {
      session.ReleaseMeeting(kept.claim);  // changed meanwhile: the change decides
      return;
    }
    for (const auto& [step, entry] : kept.statuses) {
      session.RecordPassStatus(kept.claim, step, entry);
    }
    session.FinishMeetingPass(kept.claim, kept.next_due);
  });
}

void MeetingLane::WriteOutcome(Unsaved outcome, UtcTime now) {
  auto written = WriteKept(outcome);
  if (written) {
    backoff_.Succeeded();
    return;
  }
  const std::string id = outcome.claim.meeting_id;
  unsaved_.push_back(std::move(outcome));
  Pause(now, "meeting " + id + ": cannot store its outcome: " + written.error().message);
}

void MeetingLane::Pause(UtcTime now, const std::string& why) {
  const auto pause = backoff_.Failed();
  paused_until_ = now + pause;
  spdlog::error("meetings of {}: {}; they pause for {} s", server_id_, why, pause.count());
  if (context_.metrics != nullptr) context_.metrics->CountWorkerError("meetings");
}

bool MeetingLane::ResumeAfterPause(UtcTime now) {
  if (!paused_until_) return true;
  if (now < *paused_until_) return false;
  while (!unsaved_.empty()) {
    auto written = WriteKept(unsaved_.front());
    if (!written) {
      Pause(now, "the store still cannot be written: " + written.error().message);
      return false;
    }
    unsaved_.erase(unsaved_.begin());
  }
  backoff_.Succeeded();
  paused_until_.reset();
  spdlog::info("meetings of {}: the store takes writes again; meetings resume", server_id_);
  return true;
}

std::optional<UtcTime> MeetingLane::NextWake() {
  if (paused_until_) return paused_until_;
  std::optional<UtcTime> next;
  auto read = context_.store.Read(
      [&](StoreSession& session) { next = session.NextMeetingDue(server_id_); });
  if (!read) {
    spdlog::error("meetings of {}: cannot read the next due time: {}", server_id_,
                  read.error().message);
    return std::nullopt;
  }
  return next;
}

}  // namespace schedulight
