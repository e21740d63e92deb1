#pragma once
// Starts and stops live streams (SPEC 4.7) by running the argv templates of
// the app config's `streaming.start` / `streaming.stop`, with no local shell:
// each template item is one argument, in which {streamerHost} becomes the
// meeting's streamer host and {env} the shell-quoted assignments
// BBB_URL=... BBB_SECRET=... BBB_MEETING_ID=... BBB_STREAM_URL=... [BBB_INTRO=...]
// for the remote shell (the default template runs ssh). No value can inject
// a command: the host is validated, and every value is single-quoted.
//
// The program's combined stdout/stderr is captured (first 4 KiB) so the
// status message can say what went wrong. The BBB secret is never part of
// a log line or a returned message.

#include <chrono>
#include <expected>
#include <stop_token>
#include <string>
#include <vector>

namespace schedulight {

struct StreamTarget {
  std::string streamer_host;  // validated host name (core/meeting.cc)
  std::string bbb_url;        // API base of the meeting's server
  std::string bbb_secret;
  std::string meeting_id;  // BBB meetingID
  std::string stream_url;  // liveStreaming.targetUrl
  std::string intro;       // liveStreaming.playIntro; empty for none
};

struct StreamCommandResult {
  int exit_code = -1;
  std::string output;  // combined stdout+stderr, at most 4 KiB, secret removed
};

// Substitutes {streamerHost} and {env} into each item of argv_template.
std::vector<std::string> ExpandStreamArgv(const std::vector<std::string>& argv_template,
                                          const StreamTarget& target);

// The argv as it may be logged: the secret replaced by ***.
std::string DescribeStreamArgv(const std::vector<std::string>& argv, const StreamTarget& target);

class StreamRunner {
 public:
  StreamRunner(std::vector<std::string> start_template, std::vector<std::string> stop_template,
               std::chrono::seconds timeout = std::chrono::seconds(120));

  // Runs the start (or stop) command and waits for it. An error when it
  // could not be run at all, exited non-zero, or ran longer than the timeout
  // (it is then killed); the message carries the captured output. A stop
  // request (daemon shutdown) kills the program too, so the step is tried
  // again after the restart instead of holding up the shutdown.
  std::expected<StreamCommandResult, std::string> Start(const StreamTarget& target,
                                                        std::stop_token stop = {}) const;
  std::expected<StreamCommandResult, std::string> Stop(const StreamTarget& target,
                                                       std::stop_token stop = {}) const;

 private:
  std::expected<StreamCommandResult, std::string> Run(const std::vector<std::string>& argv_template,
                                                      const StreamTarget& target,
                                                      std::stop_token stop) const;

  std::vector<std::string> start_template_;
  std::vector<std::string> stop_template_;
  std::chrono::seconds timeout_;
};

}  // namespace schedulight
