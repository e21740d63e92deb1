#include "core/clock.h"

namespace schedulight {

UtcTime SystemNow() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace schedulight
