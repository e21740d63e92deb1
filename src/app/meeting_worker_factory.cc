// The hook for the meeting scheduler: until src/app/meeting_scheduler.{h,cc}
// lands, "meetings" is refused with a message saying so, and the other parts
// run without it (--only api,commands,mail).

#include "app/worker_factory.h"

namespace schedulight {

std::expected<std::unique_ptr<Worker>, std::string> MakeMeetingWorker(
    const WorkerEnvironment& /*environment*/) {
  return std::unexpected(
      "the meeting scheduler ('meetings') is not available yet in this version; "
      "run the other parts with --only api,commands,mail");
}

}  // namespace schedulight
