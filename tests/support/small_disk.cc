#include "support/small_disk.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace schedulight::testing {

SmallDisk::SmallDisk(const std::string& name, std::size_t kib) {
  path_ = std::filesystem::temp_directory_path() /
          ("schedulight-disk-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::create_directories(path_);
  const std::string options = "size=" + std::to_string(kib) + "k,mode=0777";
  if (::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0) {
    mounted_ = true;
  } else {
    why_not_ = std::string("cannot mount a tmpfs to make a full disk: ") + std::strerror(errno);
  }
}

SmallDisk::~SmallDisk() {
  if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void SmallDisk::Fill() {
  const std::string filler = (path_ / "filler").string();
  const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd < 0) return;
  const std::vector<char> block(4096, 'x');
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  // The last partial block, byte by byte, so not even a small write fits.
  while (::write(fd, block.data(), 1) > 0) {
  }
  ::close(fd);
}

void SmallDisk::Free() { std::filesystem::remove(path_ / "filler"); }

}  // namespace schedulight::testing
