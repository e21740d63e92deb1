#pragma once
// The one source of "now" (wall-clock UTC, to the second). Everything that
// stamps or compares times -- the store's timestamps, the workers, the CLI --
// takes a Clock, so the engine, the store and the workers can run together on
// a fake clock in tests. SystemClock() is the real one.

#include <functional>

#include "core/start_date.h"

namespace schedulight {

using Clock = std::function<UtcTime()>;

// The system's clock, to the second.
UtcTime SystemNow();
inline Clock SystemClock() { return SystemNow; }

}  // namespace schedulight
