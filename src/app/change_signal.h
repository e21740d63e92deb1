#pragma once
// Wakes sleeping workers when something they care about changed: an API
// write, an applied file, a re-enabled meeting. Workers sleep until their
// next due time, a change, or a stop request, whichever comes first.
// Changes made by another process (a CLI `apply` while the daemon runs)
// cannot signal; workers therefore never sleep longer than their idle cap
// and look at the store again then.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace schedulight {

class ChangeSignal {
 public:
  // Thread-safe; wakes every waiter.
  void Notify() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    changed_.notify_all();
  }

  // Sleeps until deadline, a Notify() after `seen` was read, or stop.
  // Returns the generation to pass next time.
  template <typename Clock, typename Duration>
  std::uint64_t WaitUntil(std::chrono::time_point<Clock, Duration> deadline, std::uint64_t seen,
                          std::stop_token stop) {
    std::unique_lock lock(mutex_);
    changed_.wait_until(lock, stop, deadline, [&] { return generation_ != seen; });
    return generation_;
  }

  std::uint64_t generation() {
    std::lock_guard lock(mutex_);
    return generation_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::uint64_t generation_ = 0;
};

}  // namespace schedulight
