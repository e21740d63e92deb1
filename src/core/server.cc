#include "core/server.h"

#include <algorithm>

#include "core/document_id.h"
#include "core/object_reader.h"
#include "core/text_scan.h"

namespace schedulight {
namespace {

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Key/value connection strings ("host=db password=secret"): every
// "password = value" gets "***" for its value, a quoted value ('...') as a whole.
std::string RedactKeyValuePasswords(std::string text) {
  constexpr std::string_view kKey = "password";
  std::size_t from = 0;
  while ((from = text.find(kKey, from)) != std::string::npos) {
    std::size_t at = from + kKey.size();
    while (at < text.size() && IsSpace(text[at])) ++at;
    if (at == text.size() || text[at] != '=') {
      ++from;
      continue;
    }
    ++at;
    while (at < text.size() && IsSpace(text[at])) ++at;
    std::size_t end = at;
    if (at < text.size() && text[at] == '\'' && text.find('\'', at + 1) != std::string::npos) {
      end = text.find('\'', at + 1) + 1;
    } else {
      while (end < text.size() && !IsSpace(text[end])) ++end;
    }
    if (end == at) {
      ++from;
      continue;
    }
    text.replace(at, end - at, kRedacted);
    from = at + std::string_view(kRedacted).size();
  }
  return text;
}

void ValidateMailSettings(ObjectReader& reader) {
  reader.Email("mailFrom");
  reader.Text("mailFromName", kNameRule);
  reader.Email("mailTo");
  reader.Text("mailToName", kNameRule);
  reader.Text("mailUser", kSecretRule);
  reader.Text("mailPassword", kSecretRule);
  reader.Bool("mailDebug");
  reader.Bool("send_emails");
  reader.OneOf("mailTLS", {"starttls", "tls", "none"});
  if (auto server = reader.Text("mailServer", kHostRule)) {
    if (!IsSmtpServer(*server)) {
      reader.AddError("mailServer", QuoteForMessage(*server) +
                                        " is not a host name or an smtp:// or smtps:// URL");
    }
  }
}

}  // namespace

std::optional<Server> ValidateServer(const std::string& id, const nlohmann::json& document,
                                     const std::string& path, FieldErrors& errors) {
  const std::size_t errors_before = errors.size();
  CheckDocumentId(id, path, errors);
  ObjectReader reader(document, path, errors);
  Server server;
  server.id = id;
  server.bbb_url = reader.HttpUrl("BBB_URL", Presence::kRequired).value_or("");
  TextRule secret_rule = kSecretRule;
  secret_rule.min_length = 1;
  server.bbb_secret = reader.Text("BBB_SECRET", secret_rule, Presence::kRequired).value_or("");
  server.link_base = reader.HttpUrl("link_base");
  server.checksum_algorithm =
      reader.OneOf("checksumAlgorithm", {"sha1", "sha256", "sha384", "sha512"}).value_or("sha1");
  if (reader.Has("id")) {
    auto given = reader.Text("id", kIdRule);
    if (given && *given != id) {
      reader.AddError("id",
                      QuoteForMessage(*given) + " differs from the key " + QuoteForMessage(id));
    }
  }
  ValidateMailSettings(reader);
  const bool greenlight_off =
      document.is_object() && document.contains("greenlight") && document["greenlight"] == false;
  if (greenlight_off) {
    server.without_greenlight = true;
  } else if (const nlohmann::json* greenlight = reader.Object("greenlight")) {
    ObjectReader gl(*greenlight, reader.PathOf("greenlight"), errors);
    GreenlightAccess access;
    if (gl.Has("version")) {
      auto version = gl.NonNegativeInteger("version", 3);
      if (version && *version != 2 && *version != 3) gl.AddError("version", "must be 2 or 3");
      access.version = static_cast<int>(version.value_or(2));
    }
    TextRule database_rule = kUrlRule;
    database_rule.min_length = 1;
    if (auto database = gl.Text("database", database_rule)) {
      if (!database->starts_with("postgresql://") && !database->starts_with("postgres://")) {
        gl.AddError("database", "must be a postgresql:// URL");
      }
      access.database = *database;
    }
    server.greenlight = access;
  }
  server.document = document;
  if (errors.size() != errors_before) return std::nullopt;
  return server;
}

std::string RedactDatabaseUrl(const std::string& url) {
  std::string redacted = url;
  // URL form, scheme://user:password@host: the user part ends at the first
  // ':', '/' or '@' after the scheme; a password runs from that ':' to the
  // last '@' (a password may itself hold '@', as the old pattern allowed).
  const std::size_t scheme = redacted.find("://");
  if (scheme != std::string::npos && scheme > 0 &&
      std::all_of(redacted.begin(), redacted.begin() + static_cast<std::ptrdiff_t>(scheme),
                  [](char c) { return c >= 'a' && c <= 'z'; })) {
    const std::size_t user_end = redacted.find_first_of(":/@", scheme + 3);
    const std::size_t at = redacted.rfind('@');
    if (user_end != std::string::npos && redacted[user_end] == ':' && at != std::string::npos &&
        at > user_end) {
      redacted.replace(user_end + 1, at - user_end - 1, kRedacted);
    }
  }
  return RedactKeyValuePasswords(redacted);
}

nlohmann::json RedactServerDocument(const nlohmann::json& document) {
  nlohmann::json copy = document;
  if (!copy.is_object()) return copy;
  for (const char* key : {"BBB_SECRET", "mailPassword"}) {
    if (copy.contains(key) && !copy[key].is_null()) copy[key] = kRedacted;
  }
  if (copy.contains("greenlight") && copy["greenlight"].is_object() &&
      copy["greenlight"].contains("database") && copy["greenlight"]["database"].is_string()) {
    copy["greenlight"]["database"] =
        RedactDatabaseUrl(copy["greenlight"]["database"].get<std::string>());
  }
  return copy;
}

}  // namespace schedulight
