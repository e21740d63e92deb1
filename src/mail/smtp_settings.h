#pragma once
// Where and how to reach a server's SMTP relay, from its document (SPEC 1.2):
//   mailServer  "host", "host:port", "smtp://host[:port]" or "smtps://host[:port]"
//   mailTLS     "starttls" (default), "tls" (implicit TLS, smtps), or "none"
//               (plain SMTP, only for a relay on the local host/network)
//   mailUser, mailPassword   AUTH when mailUser is set; secrets may be env:/file:
// A bare host means smtp://host:587 with STARTTLS; an smtps URL or
// mailTLS: tls means implicit TLS (port 465 unless given). STARTTLS is
// required, not opportunistic: a relay that does not offer it fails the mail
// instead of receiving the password in clear text.

#include <chrono>
#include <expected>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace schedulight {

enum class SmtpTls { kStartTls, kImplicit, kNone };
std::string ToString(SmtpTls tls);

struct SmtpEndpoint {
  std::string url;  // "smtp://host:587" or "smtps://host:465", as libcurl takes it
  SmtpTls tls = SmtpTls::kStartTls;
};

// mail_tls is the mailTLS value if the document has one.
std::expected<SmtpEndpoint, std::string> ParseSmtpEndpoint(
    std::string_view mail_server, const std::optional<std::string>& mail_tls);

struct SmtpSettings {
  SmtpEndpoint endpoint;
  std::string user;                    // empty: no AUTH
  std::string password;                // never logged, never shown
  std::optional<std::string> ca_file;  // extra CA bundle (app config mail.ca_file)
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds transfer_timeout{120};
  bool debug = false;  // the server's mailDebug: log its mails whole (readable_mail.h)
};

// Resolves "env:NAME" / "file:PATH" secrets (the app's ResolveSecret).
using SecretResolver = std::function<std::expected<std::string, std::string>(const std::string&)>;

// The settings of a server document; fails when mailServer is missing or
// invalid or the password cannot be resolved.
std::expected<SmtpSettings, std::string> SmtpSettingsFromServer(
    const nlohmann::json& server_document, const std::optional<std::string>& ca_file,
    const SecretResolver& resolve_secret);

}  // namespace schedulight
