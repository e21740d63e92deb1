// "meetings": the meeting scheduler (meeting_scheduler.h).

#include "daemon/worker_factory.h"
#include "engine/meeting_scheduler.h"

namespace schedulight {

std::expected<std::unique_ptr<Worker>, std::string> MakeMeetingWorker(
    const WorkerEnvironment& environment) {
  auto scheduler = MeetingScheduler::Create(
      environment.store, environment.config, environment.worker_id,
      {.sole_worker = environment.holds_part_locks}, {}, SystemClock(), &environment.metrics);
  if (!scheduler) return std::unexpected(scheduler.error());
  return std::unique_ptr<Worker>(std::move(*scheduler));
}

}  // namespace schedulight
