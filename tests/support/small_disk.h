#pragma once
// A real full disk for a test: a small tmpfs mounted on a temp directory,
// which Fill() fills with a filler file (writes then fail with ENOSPC, as on
// a full disk) and Free() empties again. Mounting needs the right to mount
// (root, or CAP_SYS_ADMIN); without it mounted() is false and the test skips,
// saying why.

#include <cstddef>
#include <filesystem>
#include <string>

namespace schedulight::testing {

class SmallDisk {
 public:
  explicit SmallDisk(const std::string& name, std::size_t kib = 2048);
  ~SmallDisk();  // unmounts
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  const std::filesystem::path& path() const { return path_; }

  void Fill();
  void Free();

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
  std::string why_not_;
};

}  // namespace schedulight::testing
