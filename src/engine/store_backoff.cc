#include "engine/store_backoff.h"

#include <algorithm>

namespace schedulight {

StoreBackoff::StoreBackoff(std::chrono::seconds first, std::chrono::seconds cap)
    : first_(first), cap_(cap) {}

std::chrono::seconds StoreBackoff::Failed() {
  std::chrono::seconds delay = first_;
  for (int i = 0; i < failures_ && delay < cap_; ++i) delay *= 2;
  ++failures_;
  return std::min(delay, cap_);
}

void StoreBackoff::Succeeded() { failures_ = 0; }

}  // namespace schedulight
