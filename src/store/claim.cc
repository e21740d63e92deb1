#include "store/claim.h"

#include <fmt/format.h>
#include <unistd.h>

#include <random>

namespace schedulight {

WorkerId NewWorkerId(const std::string& role) {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  const unsigned tag = random() & 0xffffffu;
  return {fmt::format("{}{}/{}/{:06x}", role.empty() ? "" : role + "@", host[0] ? host : "host",
                      ::getpid(), tag)};
}

}  // namespace schedulight
