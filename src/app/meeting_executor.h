#pragma once
// Carries out what the planner decided for one meeting (SPEC 4.2): sets up
// the owner and room in Greenlight, creates / pre-opens / ends the meeting on
// BBB, shares the room, queues mails, starts and stops the live stream, and
// records the status of every step in the store right after the step, so a
// crash or restart never repeats a finished step or loses one.
//
// One executor serves one server ("lane"): it holds that server's BBB client
// and Greenlight connection, which are not shared between threads.

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "app/app_config.h"
#include "app/metrics.h"
#include "bbb/bbb_client.h"
#include "core/meeting_planner.h"
#include "core/server.h"
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
  Metrics* metrics = nullptr;  // BBB calls are counted and timed here when set
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
  // and records each status. Returns when to look at the meeting again
  // (nullopt: only when it changes).
  // A stop request (daemon shutdown) cuts waits short; the step is then
  // recorded as failed and done again after the restart.
  std::optional<UtcTime> Process(const StoredMeeting& stored, UtcTime now,
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
