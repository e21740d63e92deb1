#include "daemon/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace schedulight {

std::expected<void, std::string> SetUpLogging(const LogConfig& config,
                                              const std::string& level_override) {
  const std::string level_name = level_override.empty() ? config.level : level_override;
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") {
    return std::unexpected("unknown log level '" + level_name +
                           "' (use trace, debug, info, warn, error, critical or off)");
  }
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (config.file) {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          *config.file, config.file_max_bytes, config.file_count));
    } catch (const spdlog::spdlog_ex& e) {
      return std::unexpected("cannot open log file '" + *config.file + "': " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("schedulight", sinks.begin(), sinks.end());
  logger->set_level(level);
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  spdlog::set_default_logger(logger);
  return {};
}

}  // namespace schedulight
