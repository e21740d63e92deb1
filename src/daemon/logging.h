#pragma once
// Logging goes through spdlog's default logger: stderr always (journald picks
// it up under systemd), plus a size-rotated file when log.file is set. Never
// log a secret: BBB secrets, passwords and tokens stay out of every message.

#include <expected>
#include <string>

#include "config/app_config.h"

namespace schedulight {

// Configures the default logger. level_override (from --log-level) wins over the config.
std::expected<void, std::string> SetUpLogging(const LogConfig& config,
                                              const std::string& level_override = "");

}  // namespace schedulight
