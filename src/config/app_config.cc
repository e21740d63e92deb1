#include "config/app_config.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/store_location.h"
#include "config/text_file.h"
#include "core/object_reader.h"
#include "core/start_date.h"
#include "core/yaml_document.h"

namespace schedulight {
namespace {

constexpr const char* kSystemConfigPath = "/etc/schedulight/schedulight.yml";

// Reports keys outside allowed: a typo in the config must not be silently ignored.
void CheckKnownKeys(const nlohmann::json* object, const std::string& path,
                    const std::set<std::string>& allowed, FieldErrors& errors) {
  if (object == nullptr || !object->is_object()) return;
  for (const auto& [key, value] : object->items()) {
    if (allowed.contains(key)) continue;
    std::string list;
    for (const auto& name : allowed) list += (list.empty() ? "" : ", ") + name;
    errors.push_back({JoinPath(path, key), "unknown key (known here: " + list + ")"});
  }
}

std::optional<std::string> SecretField(ObjectReader& reader, std::string_view key) {
  auto value = reader.String(key);
  if (!value) return std::nullopt;
  auto resolved = ResolveSecret(*value);
  if (!resolved) {
    reader.AddError(key, resolved.error());
    return std::nullopt;
  }
  return *resolved;
}

void ReadApi(ObjectReader& root, ApiConfig& api, FieldErrors& errors) {
  const nlohmann::json* section = root.Object("api");
  CheckKnownKeys(section, "api", {"listen", "tokens", "token_file", "max_body_bytes"}, errors);
  if (section == nullptr) return;
  ObjectReader reader(*section, "api", errors);
  api.listen = reader.NonEmptyString("listen").value_or(api.listen);
  // An empty token is refused, never skipped: with no token left the API
  // would accept every request, so a variable set but empty (a deployment
  // mistake) must stop the start instead of silently opening the API.
  if (auto tokens = reader.StringList("tokens")) {
    for (std::size_t i = 0; i < tokens->size(); ++i) {
      const std::string& token = (*tokens)[i];
      const std::string key = fmt::format("tokens[{}]", i);
      auto resolved = ResolveSecret(token);
      if (!resolved) {
        reader.AddError(key, resolved.error());
      } else if (resolved->empty()) {
        reader.AddError(key, token.empty()
                                 ? std::string("the token is empty; an empty token would disable "
                                               "authentication")
                                 : token +
                                       " is empty; an empty token would disable "
                                       "authentication");
      } else {
        api.tokens.push_back(*resolved);
      }
    }
  }
  if (auto token_file = reader.NonEmptyString("token_file")) {
    std::ifstream in(*token_file);
    if (!in) {
      reader.AddError("token_file", "cannot read '" + *token_file + "'");
    } else {
      std::size_t found = 0;
      for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && line[0] != '#') {
          api.tokens.push_back(line);
          ++found;
        }
      }
      if (found == 0) {
        reader.AddError("token_file", "'" + *token_file +
                                          "' holds no token; an empty token file would disable "
                                          "authentication");
      }
    }
  }
  if (auto max_body = reader.NonNegativeInteger("max_body_bytes")) {
    api.max_body_bytes = static_cast<std::size_t>(*max_body);
  }
}

void ReadDefaults(ObjectReader& root, MeetingTimingDefaults& defaults, FieldErrors& errors) {
  const nlohmann::json* section = root.Object("defaults");
  CheckKnownKeys(section, "defaults",
                 {"preOpenMinutes", "preStartMinutes", "endAfterMinutes", "reminderMinutes"},
                 errors);
  if (section == nullptr) return;
  ObjectReader reader(*section, "defaults", errors);
  defaults.pre_open_minutes = reader.Minutes("preOpenMinutes").value_or(defaults.pre_open_minutes);
  defaults.pre_start_minutes =
      reader.Minutes("preStartMinutes").value_or(defaults.pre_start_minutes);
  defaults.end_after_minutes =
      reader.Minutes("endAfterMinutes").value_or(defaults.end_after_minutes);
  defaults.reminder_minutes = reader.Minutes("reminderMinutes").value_or(defaults.reminder_minutes);
}

void ReadMail(ObjectReader& root, MailConfig& mail, FieldErrors& errors) {
  const nlohmann::json* section = root.Object("mail");
  CheckKnownKeys(section, "mail",
                 {"enabled", "debug", "max_attempts", "parallel_relays", "ca_file"}, errors);
  if (section == nullptr) return;
  ObjectReader reader(*section, "mail", errors);
  mail.enabled = reader.Bool("enabled").value_or(mail.enabled);
  mail.debug = reader.Bool("debug").value_or(mail.debug);
  if (auto attempts = reader.NonNegativeInteger("max_attempts")) {
    if (*attempts < 1 || *attempts > 100) {
      reader.AddError("max_attempts", "must be between 1 and 100");
    } else {
      mail.max_attempts = static_cast<int>(*attempts);
    }
  }
  if (auto relays = reader.NonNegativeInteger("parallel_relays")) {
    if (*relays < 1 || *relays > 64) {
      reader.AddError("parallel_relays", "must be between 1 and 64");
    } else {
      mail.parallel_relays = static_cast<int>(*relays);
    }
  }
  mail.ca_file = reader.NonEmptyString("ca_file");
}

void ReadGreenlight(ObjectReader& root, GreenlightDefaults& greenlight, FieldErrors& errors) {
  const nlohmann::json* section = root.Object("greenlight");
  CheckKnownKeys(section, "greenlight", {"version", "database"}, errors);
  if (section == nullptr) return;
  ObjectReader reader(*section, "greenlight", errors);
  if (auto version = reader.NonNegativeInteger("version")) {
    if (*version != 2 && *version != 3) {
      reader.AddError("version", "must be 2 or 3");
    } else {
      greenlight.version = static_cast<int>(*version);
    }
  }
  greenlight.database = SecretField(reader, "database").value_or(greenlight.database);
}

void ReadStreaming(ObjectReader& root, StreamingConfig& streaming, FieldErrors& errors) {
  const nlohmann::json* section = root.Object("streaming");
  CheckKnownKeys(section, "streaming", {"start", "stop"}, errors);
  if (section == nullptr) return;
  ObjectReader reader(*section, "streaming", errors);
  for (auto [key, argv] :
       {std::pair{"start", &streaming.start}, std::pair{"stop", &streaming.stop}}) {
    if (auto list = reader.StringList(key)) {
      if (list->empty()) {
        reader.AddError(key, "must name a program and its arguments");
      } else {
        *argv = *list;
      }
    }
  }
}

void ReadLog(ObjectReader& root, LogConfig& log, FieldErrors& errors) {
  const nlohmann::json* section = root.Object("log");
  CheckKnownKeys(section, "log", {"level", "format", "file", "file_max_bytes", "file_count"},
                 errors);
  if (section == nullptr) return;
  ObjectReader reader(*section, "log", errors);
  log.level = reader.OneOf("level", {"trace", "debug", "info", "warn", "error", "critical", "off"})
                  .value_or(log.level);
  log.format = reader.OneOf("format", {"text", "json"}).value_or(log.format);
  log.file = reader.NonEmptyString("file");
  if (auto bytes = reader.NonNegativeInteger("file_max_bytes")) log.file_max_bytes = *bytes;
  if (auto count = reader.NonNegativeInteger("file_count")) log.file_count = *count;
}

}  // namespace

std::expected<std::string, std::string> ResolveSecret(const std::string& value) {
  if (value.starts_with("env:")) {
    const std::string name = value.substr(4);
    const char* secret = std::getenv(name.c_str());
    if (secret == nullptr) return std::unexpected("environment variable " + name + " is not set");
    return std::string(secret);
  }
  if (value.starts_with("file:")) {
    const std::string path = value.substr(5);
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected("cannot read secret file '" + path + "'");
    std::ostringstream contents;
    contents << in.rdbuf();
    std::string secret = contents.str();
    if (secret.ends_with("\r\n")) {
      secret.resize(secret.size() - 2);
    } else if (secret.ends_with("\n")) {
      secret.pop_back();
    }
    return secret;
  }
  return value;
}

std::optional<std::string> FindAppConfigFile(const std::optional<std::string>& explicit_path) {
  if (explicit_path) return explicit_path;
  if (const char* from_env = std::getenv("SCHEDULIGHT_CONFIG"); from_env && *from_env) {
    return std::string(from_env);
  }
  for (const char* candidate : {"schedulight.yml", kSystemConfigPath}) {
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return std::string(candidate);
  }
  return std::nullopt;
}

std::expected<AppConfig, std::vector<std::string>> ParseAppConfig(const std::string& text,
                                                                  const std::string& source) {
  auto document = ParseYaml(text);
  if (!document) {
    return std::unexpected(std::vector<std::string>{
        fmt::format("{}:{}:{}: {}", source, document.error().location.line,
                    document.error().location.column, document.error().message)});
  }
  AppConfig config;
  config.source = source;
  FieldErrors errors;
  if (!document->value.is_null()) {
    ObjectReader root(document->value, "", errors);
    CheckKnownKeys(&document->value, "",
                   {"store", "timezone", "language", "templates", "api", "defaults", "mail",
                    "greenlight", "streaming", "log"},
                   errors);
    config.store_given = document->value.is_object() && document->value.contains("store");
    config.store = SecretField(root, "store").value_or(config.store);
    if (auto zone = root.NonEmptyString("timezone")) {
      config.timezone = FindTimeZone(*zone);
      if (config.timezone == nullptr) {
        root.AddError("timezone", "'" + *zone + "' is not an IANA time zone (e.g. Europe/Vienna)");
      }
    }
    config.language = root.OneOf("language", {"en", "de"}).value_or(config.language);
    config.templates = root.StringList("templates").value_or(config.templates);
    ReadApi(root, config.api, errors);
    ReadDefaults(root, config.defaults, errors);
    ReadMail(root, config.mail, errors);
    ReadGreenlight(root, config.greenlight, errors);
    ReadStreaming(root, config.streaming, errors);
    ReadLog(root, config.log, errors);
  }
  if (config.timezone == nullptr) config.timezone = SystemTimeZone();
  if (!errors.empty()) return std::unexpected(FormatLocatedErrors(*document, source, errors));
  return config;
}

std::expected<AppConfig, std::vector<std::string>> LoadAppConfig(
    const std::optional<std::string>& explicit_path) {
  const std::optional<std::string> path = FindAppConfigFile(explicit_path);
  if (!path) {
    auto config = ParseAppConfig("", "built-in defaults");
    if (config) ResolveStoreLocation(*config, std::nullopt);
    return config;
  }
  auto text = ReadInputFile(*path);
  if (!text) {
    return std::unexpected(std::vector<std::string>{
        fmt::format("{}: cannot read the application config file: {}", *path, text.error())});
  }
  auto config = ParseAppConfig(*text, *path);
  if (!config) return config;
  ResolveStoreLocation(*config, path);
  std::error_code error;
  const auto absolute = std::filesystem::absolute(*path, error);
  if (!error) config->source = absolute.lexically_normal().string();
  return config;
}

}  // namespace schedulight
