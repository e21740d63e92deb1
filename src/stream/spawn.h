#pragma once
// Starts a program with argv and no shell, the way every child of scheduLight
// is started: searched in PATH when argv[0] has no slash, with an empty signal
// mask and default signal handlers (the daemon blocks SIGTERM/SIGINT for
// itself; children must not inherit that).

#include <spawn.h>
#include <sys/types.h>

#include <expected>
#include <string>
#include <vector>

namespace schedulight {

// actions: the caller's redirections. Returns the child's pid, or an error line.
std::expected<pid_t, std::string> SpawnProgram(const std::vector<std::string>& argv,
                                               const posix_spawn_file_actions_t& actions);

}  // namespace schedulight
