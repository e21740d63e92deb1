#pragma once
// A lane's handle on one server (meeting_lane.h): the server's BBB client
// and Greenlight connection, opened on first use and reopened after a
// failure, and the entry point of a pass over one claimed meeting
// (meeting_pass.h), which sets up the owner and room, calls BBB, shares the
// room, queues mails, starts and stops the live stream, and records the
// status of every step right after the step, so a crash or restart never
// repeats a finished step or loses one.
//
// One executor serves one lane's thread: its clients are not shared.

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "bbb/bbb_client.h"
#include "config/app_config.h"
#include "core/meeting_planner.h"
#include "core/server.h"
#include "engine/engine_metrics.h"
#include "greenlight/directory.h"
#include "mail/template_set.h"
#include "store/store.h"
#include "stream/stream_runner.h"

namespace schedulight {

// What the engine shares across lanes; all of it outlives the lanes.
struct EngineContext {
  Store& store;
  const AppConfig& config;
  const TemplateSet& templates;
  const StreamRunner& streams;
  std::chrono::seconds poll_interval{30};
  std::chrono::seconds retry_after{60};
  // How long an ended meeting may take to disappear from BBB before "could not close".
  std::chrono::milliseconds end_wait{5000};
  EngineMetrics* metrics = nullptr;  // BBB calls are counted and timed here when set
};

// How a pass ended, for the scheduler to write back.
struct PassOutcome {
  enum class End {
    kFinished,     // write next_due (FinishMeetingPass)
    kLost,         // the claim or revision is gone: write nothing, the meeting is planned again
    kStopped,      // shutdown: hand the claim back, the meeting stays due
    kStoreFailed,  // a status could not be stored: keep `unsaved` and write it later
  };
  End end = End::kFinished;
  std::optional<UtcTime> next_due;  // kFinished, kStoreFailed: when to look again
  // kStoreFailed: the statuses the store did not take, in order (step, entry).
  std::vector<std::pair<std::string, StatusEntry>> unsaved;
};

using DirectoryOpener = std::function<DirectoryResult<std::unique_ptr<GreenlightDirectory>>(
    const GreenlightAccess& access)>;

class MeetingExecutor {
 public:
  // open_directory defaults to OpenGreenlightDirectory; tests pass their own.
  MeetingExecutor(const EngineContext& context, Server server, DirectoryOpener open_directory = {});
  ~MeetingExecutor();

  const Server& server() const { return server_; }

  // Plans the meeting at `now`, executes the due steps (in a few rounds, so a
  // step's result can make the next one due, e.g. started -> started mail),
  // and records each status while `claim` holds (store.h RecordPassStatus).
  // Before every step and every BBB call it checks that the claim still
  // holds and the revision is unchanged; when not (an admin disabled or
  // changed the meeting), it stops at once: no further call is made.
  // A stop request (daemon shutdown) starts no new step and cuts waits
  // short; the step is then recorded as failed and done again after the restart.
  // The start date is the one stored with the meeting (pinned when it was
  // applied), not one derived again in this process's time zone.
  PassOutcome Process(const StoredMeeting& stored, const MeetingClaim& claim, UtcTime now,
                      std::stop_token stop = {});

 private:
  friend class MeetingPass;

  // 2 or 3, or 0 for a server without Greenlight (`greenlight: false`).
  int GreenlightVersion() const;
  // The BBB client and Greenlight directory, opened on first use and
  // reopened after a failure.
  std::expected<BbbClient*, std::string> Bbb();
  std::expected<GreenlightDirectory*, std::string> Directory();

  const EngineContext& context_;
  Server server_;
  DirectoryOpener open_directory_;
  std::optional<BbbClient> bbb_;
  std::unique_ptr<GreenlightDirectory> directory_;
};

}  // namespace schedulight
