#include "config/store_location.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace schedulight {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStoreFileName = "schedulight.db";

std::optional<std::string> Environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string Absolute(const fs::path& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  return (error ? path : absolute).lexically_normal().string();
}

}  // namespace

std::string StateDirectory() {
  if (auto systemd = Environment("STATE_DIRECTORY")) {
    return Absolute(systemd->substr(0, systemd->find(':')));  // the first of a list
  }
  if (::geteuid() == 0) return "/var/lib/schedulight";
  if (auto xdg = Environment("XDG_STATE_HOME"); xdg && fs::path(*xdg).is_absolute()) {
    return Absolute(fs::path(*xdg) / "schedulight");
  }
  if (auto home = Environment("HOME"))
    return Absolute(fs::path(*home) / ".local/state/schedulight");
  return "/var/lib/schedulight";
}

void ResolveStoreLocation(AppConfig& config, const std::optional<std::string>& config_file) {
  if (!config.store_given) {
    config.state_directory = StateDirectory();
    config.store = "sqlite:" + (fs::path(*config.state_directory) / kStoreFileName).string();
    return;
  }
  if (!config.store.starts_with("sqlite:")) return;
  std::string path = config.store.substr(7);
  if (path.starts_with("//")) path = path.substr(2);  // sqlite:///var/lib/x.db
  if (path.empty() || path == ":memory:" || fs::path(path).is_absolute()) return;
  fs::path base;
  if (config_file) {
    base = fs::path(Absolute(*config_file)).parent_path();
  } else {
    config.state_directory = StateDirectory();
    base = *config.state_directory;
  }
  config.store = "sqlite:" + Absolute(base / path);
}

std::string StoreUrlForOutput(const std::string& url) {
  if (url.starts_with("sqlite:")) return url;
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url.empty() ? url : "***";  // not a URL: say nothing
  const auto at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace schedulight
