#pragma once
// `schedulight run --watch FILE.yml`: applies the data file at start and again
// whenever it changes, so an edited config.yml takes effect without a
// separate `apply` (the original's "forgot to run slReadConfig" trap).
// Changes are noticed by polling the file's modification time and size once
// a second (works on every filesystem, editors that replace the file
// included). A file with errors is logged and nothing of it is applied; the
// store keeps what was applied before. Prune is never done implicitly.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "daemon/worker_factory.h"

namespace schedulight {

class WatchWorker : public Worker {
 public:
  WatchWorker(const WorkerEnvironment& environment, std::string data_file,
              std::chrono::milliseconds poll = std::chrono::seconds(1));

  std::string Name() const override { return "watch"; }
  void Run(std::stop_token stop) override;

 private:
  struct FileStamp {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    bool operator==(const FileStamp&) const = default;
  };
  std::optional<FileStamp> Stamp() const;
  void Apply();

  WorkerEnvironment environment_;
  std::string data_file_;
  std::chrono::milliseconds poll_;
};

}  // namespace schedulight
