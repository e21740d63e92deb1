#include "cli/cli_context.h"

#include <fmt/format.h>

#include <filesystem>

#include "config/store_location.h"
#include "daemon/logging.h"
#include "store/store.h"

namespace schedulight {
namespace {

namespace fs = std::filesystem;

// Why a missing store may be missing, for the admin who expected one there.
std::string MissingStoreHint(const AppConfig& config, const std::string& path) {
  std::string hint =
      config.store_given
          ? fmt::format("store: {} in {}", StoreUrlForOutput(config.store), config.source)
          : fmt::format("the default store; {} names none", config.source == "built-in defaults"
                                                                ? "no config file was found, which"
                                                                : config.source);
  hint = fmt::format(
      "no store at {} ({}) — did you mean --config FILE, the config file "
      "that names your store? A store is created by `schedulight apply FILE.yml` "
      "(docs/configuration.md, \"Where the store is\")",
      path, hint);
  std::error_code error;
  const fs::path here = fs::current_path(error) / "schedulight.db";
  if (!error && fs::is_regular_file(here, error) && here.string() != path) {
    hint += fmt::format(
        "; there is a store at {}: relative store paths no longer resolve against the "
        "working directory, name it with an absolute `store: sqlite:{}`",
        here.string(), here.string());
  }
  return hint;
}

}  // namespace

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
  const AppConfig& config = Config();
  if (config.state_directory) {  // the default place: made on first use, for this user only
    std::error_code error;
    const bool created = fs::create_directories(*config.state_directory, error);
    if (error) {
      fmt::print(stderr,
                 "error: cannot create the state directory {} for the store: {}; set `store: "
                 "sqlite:PATH` in the config file\n",
                 *config.state_directory, error.message());
      throw CliExit{kExitFailed};
    }
    if (created) {
      fs::permissions(*config.state_directory, fs::perms::owner_all, fs::perm_options::replace,
                      error);
    }
  }
  auto opened = OpenStore(config.store);
  if (!opened) {
    fmt::print(stderr, "error: {}\n", opened.error().message);
    throw CliExit{kExitFailed};
  }
  store_ = std::move(*opened);
  return *store_;
}

Store& CliContext::ExistingStore() {
  if (store_) return *store_;
  const AppConfig& config = Config();
  if (auto path = SqliteStorePath(config.store)) {
    std::error_code error;
    if (!fs::exists(*path, error)) {
      fmt::print(stderr, "error: {}\n", MissingStoreHint(config, *path));
      throw CliExit{kExitFailed};
    }
  }
  return OpenedStore();
}

}  // namespace schedulight
