#pragma once
// Wake-ups by topic. A committed store write that concerns a kind of work
// (meetings, commands, mails) notifies that topic, and only the workers of
// that topic wake: a lane finishing a meeting does not make the mail worker
// scan its queue. The store owns the feed and notifies after commit
// (store.h), so every writer -- API, apply, the workers -- wakes the right
// worker without knowing it, and a PostgreSQL store can back the same
// interface with LISTEN/NOTIFY.
//
// Writes made by another process (a CLI `apply` while the daemon runs) do not
// reach this process's feed: workers therefore never sleep longer than their
// idle cap and look at the store again then.
//
// Thread-safe: mutex_ guards the generations; waiters sleep on changed_.

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace schedulight {

enum class ChangeTopic { kMeetings = 0, kCommands = 1, kMails = 2 };
inline constexpr std::size_t kChangeTopics = 3;

class ChangeFeed {
 public:
  void Notify(ChangeTopic topic) {
    {
      std::lock_guard lock(mutex_);
      ++generations_[Index(topic)];
    }
    changed_.notify_all();
  }

  // Sleeps until deadline, a Notify(topic) after `seen` was read, or stop.
  // Returns the generation to pass next time.
  template <typename Clock, typename Duration>
  std::uint64_t WaitUntil(ChangeTopic topic, std::chrono::time_point<Clock, Duration> deadline,
                          std::uint64_t seen, std::stop_token stop) {
    std::unique_lock lock(mutex_);
    changed_.wait_until(lock, stop, deadline, [&] { return generations_[Index(topic)] != seen; });
    return generations_[Index(topic)];
  }

  std::uint64_t Generation(ChangeTopic topic) {
    std::lock_guard lock(mutex_);
    return generations_[Index(topic)];
  }

 private:
  static std::size_t Index(ChangeTopic topic) { return static_cast<std::size_t>(topic); }

  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::array<std::uint64_t, kChangeTopics> generations_{};
};

}  // namespace schedulight
