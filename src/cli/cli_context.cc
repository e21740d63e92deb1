#include "cli/cli_context.h"

#include <fmt/format.h>

#include "daemon/logging.h"

namespace schedulight {

const AppConfig& CliContext::Config() {
  if (config_) return *config_;
  auto loaded = LoadAppConfig(config_path);
  if (!loaded) {
    for (const auto& message : loaded.error()) fmt::print(stderr, "error: {}\n", message);
    throw CliExit{kExitUsage};
  }
  if (auto logging = SetUpLogging(loaded->log, log_level); !logging) {
    fmt::print(stderr, "error: {}\n", logging.error());
    throw CliExit{kExitUsage};
  }
  config_ = std::move(*loaded);
  return *config_;
}

Store& CliContext::OpenedStore() {
  if (store_) return *store_;
  auto opened = OpenStore(Config().store);
  if (!opened) {
    fmt::print(stderr, "error: {}\n", opened.error().message);
    throw CliExit{kExitFailed};
  }
  store_ = std::move(*opened);
  return *store_;
}

}  // namespace schedulight
