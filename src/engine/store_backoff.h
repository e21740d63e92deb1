#pragma once
// How long a worker waits after a store write failed (a full disk, an I/O
// error) before it tries again: 1 s, then twice as long after each further
// failure, at most 60 s; a write that works resets it. Without it, work
// whose result cannot be stored stays due and is done again at once, over
// and over (BBB calls, log lines).
//
// Not thread-safe: one worker owns it, or its owner's lock guards it.

#include <chrono>

namespace schedulight {

class StoreBackoff {
 public:
  explicit StoreBackoff(std::chrono::seconds first = std::chrono::seconds(1),
                        std::chrono::seconds cap = std::chrono::seconds(60));

  // A write failed: returns how long to wait before the next try.
  std::chrono::seconds Failed();
  // A write worked.
  void Succeeded();
  // Whether the last write failed.
  bool failing() const { return failures_ > 0; }

 private:
  std::chrono::seconds first_;
  std::chrono::seconds cap_;
  int failures_ = 0;  // in a row
};

}  // namespace schedulight
