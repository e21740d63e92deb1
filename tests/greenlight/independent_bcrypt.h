#pragma once
// Checks a password digest with a bcrypt implementation that shares no code
// with libxcrypt: pyca/bcrypt (OpenBSD's bcrypt) from Debian's python3-bcrypt,
// run by Debian's python3. The password goes through a pipe, never argv.

#include <string>

namespace schedulight::testing {

struct IndependentCheck {
  bool ran = false;      // false: python3 or its bcrypt module is missing
  bool matches = false;  // the digest verifies
  std::string problem;   // why it did not run
};

IndependentCheck CheckWithPythonBcrypt(const std::string& password, const std::string& digest);

}  // namespace schedulight::testing
