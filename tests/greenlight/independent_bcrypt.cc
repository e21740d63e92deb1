#include "independent_bcrypt.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <vector>

extern char** environ;

namespace schedulight::testing {
namespace {

// Debian's interpreter: python3-bcrypt is installed for it (a python3 found
// first on PATH may be another installation without the module).
constexpr const char* kPython = "/usr/bin/python3";

// Exit codes: 0 match, 1 no match, 3 module missing.
constexpr const char* kScript =
    "import sys\n"
    "try:\n"
    "    import bcrypt\n"
    "except ImportError:\n"
    "    sys.exit(3)\n"
    "password = sys.stdin.buffer.read()\n"
    "sys.exit(0 if bcrypt.checkpw(password, sys.argv[1].encode()) else 1)\n";

}  // namespace

IndependentCheck CheckWithPythonBcrypt(const std::string& password, const std::string& digest) {
  IndependentCheck check;
  std::array<int, 2> pipe_fds{};
  if (pipe(pipe_fds.data()) != 0) {
    check.problem = "pipe() failed";
    return check;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<std::string> args = {kPython, "-c", kScript, digest};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, kPython, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[0]);
  if (spawned != 0) {
    close(pipe_fds[1]);
    check.problem = std::string("cannot run ") + kPython + " (install the python3 package)";
    return check;
  }
  const ssize_t written = write(pipe_fds[1], password.data(), password.size());
  close(pipe_fds[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (written != static_cast<ssize_t>(password.size())) {
    check.problem = "could not write the password to python3";
    return check;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    check.problem = WIFEXITED(status) && WEXITSTATUS(status) == 3
                        ? "python3 has no bcrypt module (install the python3-bcrypt package)"
                        : "python3 bcrypt check crashed";
    return check;
  }
  check.ran = true;
  check.matches = WEXITSTATUS(status) == 0;
  return check;
}

}  // namespace schedulight::testing
