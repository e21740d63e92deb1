#pragma once
// A throw-away directory for tests that drive the real `schedulight` binary:
// an app config (app.yml) whose SQLite store (state.db) lives in the
// directory, files written next to it, and `schedulight --config app.yml ...`
// run as a process (no shell). A GoogleTest fixture derives from it; the
// directory is named after the prefix, the process and the running test, and
// removed when the fixture ends.

#include <filesystem>
#include <string>
#include <vector>

#include "support/process.h"

namespace schedulight::testing {

class CliSandbox {
 protected:
  // binary: the schedulight executable the test target was built with.
  CliSandbox(const std::string& prefix, std::string binary);
  ~CliSandbox();

  // Writes text to DIR/name (bytes as given); returns the full path.
  std::string Write(const std::string& name, const std::string& text) const;
  // Runs `schedulight --config DIR/app.yml args...`.
  ProcessResult Run(std::vector<std::string> args) const;

  std::filesystem::path dir_;

 private:
  std::string binary_;
};

}  // namespace schedulight::testing
