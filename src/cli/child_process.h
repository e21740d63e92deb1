#pragma once
// A helper program scheduLight starts and owns (the demo's BBB simulator and
// mail sink): started with argv and no shell, its output to a file, its
// signal mask cleared (the daemon blocks SIGTERM/SIGINT for itself), and
// stopped (SIGTERM, then SIGKILL after a grace period) when the object goes.

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <string>
#include <vector>

namespace schedulight {

class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH when it has no slash) with stdout and
  // stderr appended to output_file.
  static std::expected<ChildProcess, std::string> Start(const std::vector<std::string>& argv,
                                                        const std::string& output_file);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Whether it still runs (not exited yet).
  bool Running();
  // SIGTERM, wait up to grace, then SIGKILL. Idempotent.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

// The directory of the running executable (to find programs installed beside it).
std::string ExecutableDirectory();

}  // namespace schedulight
