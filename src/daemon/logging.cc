#include "daemon/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace schedulight {
namespace {

// %* in a pattern: the message as a JSON string (quoted and escaped; bytes
// that are not UTF-8 become U+FFFD), so every line of log.format json parses.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& out) override {
    const std::string text(message.payload.data(), message.payload.size());
    const std::string quoted =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

std::unique_ptr<spdlog::formatter> MakeFormatter(const std::string& format) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (format == "json") {
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","message":%*})");
  } else {
    // Levels padded to the longest name ("critical"), so messages align.
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-8l%$ %v");
  }
  return formatter;
}

}  // namespace

std::expected<void, std::string> SetUpLogging(const LogConfig& config,
                                              const std::string& level_override) {
  const std::string level_name = level_override.empty() ? config.level : level_override;
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") {
    return std::unexpected("unknown log level '" + level_name +
                           "' (use trace, debug, info, warn, error, critical or off)");
  }
  std::vector<spdlog::sink_ptr> sinks;
  if (config.format == "json") {
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());  // no colour codes
  } else {
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  }
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
  logger->set_formatter(MakeFormatter(config.format));
  spdlog::set_default_logger(logger);
  return {};
}

}  // namespace schedulight
