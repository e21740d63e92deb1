#pragma once
// Runs a program (no shell) and collects its exit code and output, for tests
// that drive the real binaries.

#include <string>
#include <vector>

namespace schedulight::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] with argv, stdin from /dev/null (or from stdin_text when given),
// waits for it to end.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string* stdin_text = nullptr);

}  // namespace schedulight::testing
