#pragma once
// The application config, `schedulight.yml` (SPEC 1.1). Every key has a
// built-in default, so scheduLight runs without any file. Secrets may be
// written as `env:NAME` or `file:/path` instead of the literal value.
// docs/configuration.md documents every key; keep the two in step.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace date {
class time_zone;
}

namespace schedulight {

struct ApiConfig {
  std::string listen = "127.0.0.1:8008";
  std::vector<std::string> tokens;  // bearer tokens, secrets resolved
  std::size_t max_body_bytes = 1048576;
};

struct MeetingTimingDefaults {
  std::int64_t pre_open_minutes = 90;
  std::int64_t pre_start_minutes = 0;
  std::int64_t end_after_minutes = 0;
  std::int64_t reminder_minutes = 0;
};

struct MailConfig {
  bool enabled = true;
  bool debug = false;
  int max_attempts = 8;
  int parallel_relays = 4;  // SMTP relays served at once; one hung relay delays only its mails
  std::optional<std::string> ca_file;
};

struct GreenlightDefaults {
  int version = 2;
  std::string database = "postgresql://postgres@127.0.0.1:5432/greenlight_production";
};

struct StreamingConfig {
  std::vector<std::string> start = {"ssh", "root@{streamerHost}",
                                    "cd BigBlueButton-liveStreaming && {env} docker compose up -d"};
  std::vector<std::string> stop = {"ssh", "root@{streamerHost}",
                                   "cd BigBlueButton-liveStreaming && docker compose down"};
};

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  // "text": one aligned line per event; "json": one JSON object per line
  // ({"time", "level", "message"}), for journald / Loki / Elasticsearch.
  std::string format = "text";
  std::optional<std::string> file;
  std::size_t file_max_bytes = 10 * 1024 * 1024;
  std::size_t file_count = 5;
};

struct AppConfig {
  std::string source = "built-in defaults";  // the file it was read from (absolute)
  // The store's URL. LoadAppConfig makes it absolute (store_location.h):
  // relative to the config file's directory, or in the state directory.
  std::string store = "sqlite:schedulight.db";
  bool store_given = false;                    // the file has a `store` key
  std::optional<std::string> state_directory;  // set when the store lives there
  const date::time_zone* timezone = nullptr;   // never null after loading
  std::string language = "en";
  std::vector<std::string> templates = {"./templates"};
  ApiConfig api;
  MeetingTimingDefaults defaults;
  MailConfig mail;
  GreenlightDefaults greenlight;
  StreamingConfig streaming;
  LogConfig log;
};

// Where the config comes from: the first of explicit_path (--config),
// $SCHEDULIGHT_CONFIG, ./schedulight.yml, /etc/schedulight/schedulight.yml
// that is given or exists; built-in defaults when none does. A path that is
// given explicitly must exist.
std::optional<std::string> FindAppConfigFile(const std::optional<std::string>& explicit_path);

// Reads and validates the config, and resolves where the store is
// (store_location.h). Errors name the file, line and key.
std::expected<AppConfig, std::vector<std::string>> LoadAppConfig(
    const std::optional<std::string>& explicit_path);

// Parses config text (the file's contents); source names it in messages.
std::expected<AppConfig, std::vector<std::string>> ParseAppConfig(const std::string& text,
                                                                  const std::string& source);

// Resolves "env:NAME" and "file:/path" to the secret they point at; anything
// else is returned as written. File contents lose one trailing newline.
std::expected<std::string, std::string> ResolveSecret(const std::string& value);

}  // namespace schedulight
