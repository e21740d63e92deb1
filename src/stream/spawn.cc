#include "stream/spawn.h"

#include <signal.h>

#include <cstring>

extern char** environ;

namespace schedulight {

std::expected<pid_t, std::string> SpawnProgram(const std::vector<std::string>& argv,
                                               const posix_spawn_file_actions_t& actions) {
  if (argv.empty()) return std::unexpected("no program to start");
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int failed = ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  if (failed != 0) return std::unexpected("cannot run '" + argv[0] + "': " + std::strerror(failed));
  return pid;
}

}  // namespace schedulight
