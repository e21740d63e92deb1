#include "stream/stream_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "stream/shell_quote.h"
#include "stream/spawn.h"

namespace schedulight {
namespace {

constexpr std::size_t kMaxOutput = 4096;

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string Redacted(std::string text, const StreamTarget& target) {
  ReplaceAll(text, target.bbb_secret, "***");
  return text;
}

// Owns a pipe's two ends.
struct Pipe {
  int read = -1;
  int write = -1;
  ~Pipe() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
};

}  // namespace

std::vector<std::string> ExpandStreamArgv(const std::vector<std::string>& argv_template,
                                          const StreamTarget& target) {
  std::vector<std::pair<std::string, std::string>> env = {{"BBB_URL", target.bbb_url},
                                                          {"BBB_SECRET", target.bbb_secret},
                                                          {"BBB_MEETING_ID", target.meeting_id},
                                                          {"BBB_STREAM_URL", target.stream_url}};
  if (!target.intro.empty()) env.emplace_back("BBB_INTRO", target.intro);
  const std::string assignments = ShellAssignments(env);
  std::vector<std::string> argv;
  for (std::string item : argv_template) {
    ReplaceAll(item, "{streamerHost}", target.streamer_host);
    ReplaceAll(item, "{env}", assignments);
    argv.push_back(std::move(item));
  }
  return argv;
}

std::string DescribeStreamArgv(const std::vector<std::string>& argv, const StreamTarget& target) {
  std::string text;
  for (const auto& item : argv) text += (text.empty() ? "" : " ") + ShellQuote(item);
  return Redacted(text, target);
}

StreamRunner::StreamRunner(std::vector<std::string> start_template,
                           std::vector<std::string> stop_template, std::chrono::seconds timeout)
    : start_template_(std::move(start_template)),
      stop_template_(std::move(stop_template)),
      timeout_(timeout) {}

std::expected<StreamCommandResult, std::string> StreamRunner::Start(const StreamTarget& target,
                                                                    std::stop_token stop) const {
  return Run(start_template_, target, stop);
}

std::expected<StreamCommandResult, std::string> StreamRunner::Stop(const StreamTarget& target,
                                                                   std::stop_token stop) const {
  return Run(stop_template_, target, stop);
}

std::expected<StreamCommandResult, std::string> StreamRunner::Run(
    const std::vector<std::string>& argv_template, const StreamTarget& target,
    std::stop_token stop) const {
  const std::vector<std::string> argv = ExpandStreamArgv(argv_template, target);
  if (argv.empty()) return std::unexpected("no streaming command is configured");

  Pipe output;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return std::unexpected(std::string("pipe: ") + std::strerror(errno));
  output.read = fds[0];
  output.write = fds[1];

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, output.write, 1);
  posix_spawn_file_actions_adddup2(&actions, output.write, 2);
  auto spawned = SpawnProgram(argv, actions);
  posix_spawn_file_actions_destroy(&actions);
  ::close(output.write);
  output.write = -1;
  if (!spawned) return std::unexpected(spawned.error());
  const pid_t pid = *spawned;

  StreamCommandResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  bool timed_out = false;
  bool stopped = false;
  char buffer[1024];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    if (stop.stop_requested()) {
      stopped = true;
      break;
    }
    pollfd readable{output.read, POLLIN, 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(std::min<long>(left.count(), 200)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t got = ::read(output.read, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: the program closed its output
    if (result.output.size() < kMaxOutput) {
      result.output.append(buffer, static_cast<std::size_t>(got));
    }
  }
  if (timed_out || stopped) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (result.output.size() > kMaxOutput) result.output.resize(kMaxOutput);
  result.output = Redacted(result.output, target);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (stopped)
    return std::unexpected("'" + argv[0] + "' was stopped: scheduLight is shutting down");
  if (timed_out) {
    return std::unexpected("'" + argv[0] + "' did not finish within " +
                           std::to_string(timeout_.count()) +
                           " s and was stopped; output: " + result.output);
  }
  if (result.exit_code != 0) {
    return std::unexpected("'" + argv[0] + "' exited with " + std::to_string(result.exit_code) +
                           "; output: " + result.output);
  }
  return result;
}

}  // namespace schedulight
