#include "mail/smtp_settings.h"

#include <charconv>

namespace schedulight {
namespace {

bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  return true;
}

std::optional<std::string> JsonString(const nlohmann::json& document, const char* key) {
  auto found = document.find(key);
  if (found == document.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

}  // namespace

std::string ToString(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::kStartTls:
      return "starttls";
    case SmtpTls::kImplicit:
      return "tls";
    case SmtpTls::kNone:
      return "none";
  }
  return "starttls";
}

std::expected<SmtpEndpoint, std::string> ParseSmtpEndpoint(
    std::string_view mail_server, const std::optional<std::string>& mail_tls) {
  const std::string given(mail_server);
  std::optional<SmtpTls> tls;
  if (mail_tls) {
    if (*mail_tls == "starttls") {
      tls = SmtpTls::kStartTls;
    } else if (*mail_tls == "tls") {
      tls = SmtpTls::kImplicit;
    } else if (*mail_tls == "none") {
      tls = SmtpTls::kNone;
    } else {
      return std::unexpected("mailTLS '" + *mail_tls + "' is not starttls, tls or none");
    }
  }
  std::string_view rest = mail_server;
  std::optional<bool> smtps;
  if (rest.starts_with("smtps://")) {
    smtps = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("smtp://")) {
    smtps = false;
    rest.remove_prefix(7);
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('@') != std::string_view::npos) {
    return std::unexpected("mailServer '" + given +
                           "' must not hold credentials; use mailUser and mailPassword");
  }
  if (smtps == true && tls && *tls != SmtpTls::kImplicit) {
    return std::unexpected("mailServer '" + given + "' is an smtps URL but mailTLS is " +
                           *mail_tls);
  }
  if (smtps == false && tls == SmtpTls::kImplicit) {
    return std::unexpected("mailServer '" + given +
                           "' is an smtp:// URL but mailTLS is tls; write smtps://");
  }
  const SmtpTls mode = smtps == true ? SmtpTls::kImplicit : tls.value_or(SmtpTls::kStartTls);

  std::string_view host = rest;
  int port = mode == SmtpTls::kImplicit ? 465 : 587;
  if (const std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    const std::string_view digits = rest.substr(colon + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535) {
      return std::unexpected("mailServer '" + given + "' has an invalid port");
    }
  }
  if (!IsHostName(host)) {
    return std::unexpected("mailServer '" + given + "' is not a host name or an smtp(s):// URL");
  }
  const char* scheme = mode == SmtpTls::kImplicit ? "smtps" : "smtp";
  return SmtpEndpoint{std::string(scheme) + "://" + std::string(host) + ":" + std::to_string(port),
                      mode};
}

std::expected<SmtpSettings, std::string> SmtpSettingsFromServer(
    const nlohmann::json& server_document, const std::optional<std::string>& ca_file,
    const SecretResolver& resolve_secret) {
  auto server = JsonString(server_document, "mailServer");
  if (!server || server->empty()) return std::unexpected("the server has no mailServer");
  auto endpoint = ParseSmtpEndpoint(*server, JsonString(server_document, "mailTLS"));
  if (!endpoint) return std::unexpected(endpoint.error());
  SmtpSettings settings;
  settings.endpoint = std::move(*endpoint);
  settings.user = JsonString(server_document, "mailUser").value_or("");
  settings.ca_file = ca_file;
  if (auto debug = server_document.find("mailDebug");
      debug != server_document.end() && debug->is_boolean()) {
    settings.debug = debug->get<bool>();
  }
  if (auto password = JsonString(server_document, "mailPassword")) {
    auto resolved = resolve_secret ? resolve_secret(*password)
                                   : std::expected<std::string, std::string>(*password);
    if (!resolved) return std::unexpected("mailPassword: " + resolved.error());
    settings.password = std::move(*resolved);
  }
  return settings;
}

}  // namespace schedulight
