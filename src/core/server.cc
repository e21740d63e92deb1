#include "core/server.h"

#include <regex>

#include "core/document_id.h"
#include "core/object_reader.h"

namespace schedulight {
namespace {

void ValidateMailSettings(ObjectReader& reader) {
  reader.Email("mailFrom");
  reader.String("mailFromName");
  reader.Email("mailTo");
  reader.String("mailToName");
  reader.String("mailUser");
  reader.String("mailPassword");
  reader.Bool("mailDebug");
  reader.Bool("send_emails");
  reader.OneOf("mailTLS", {"starttls", "tls", "none"});
  if (auto server = reader.NonEmptyString("mailServer")) {
    static const std::regex kMailServer("((smtp|smtps)://)?[A-Za-z0-9.-]+(:[0-9]{1,5})?/?",
                                        std::regex::icase);
    if (!std::regex_match(*server, kMailServer)) {
      reader.AddError("mailServer",
                      "'" + *server + "' is not a host name or an smtp:// or smtps:// URL");
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
  server.bbb_secret = reader.NonEmptyString("BBB_SECRET", Presence::kRequired).value_or("");
  server.link_base = reader.HttpUrl("link_base");
  server.checksum_algorithm =
      reader.OneOf("checksumAlgorithm", {"sha1", "sha256", "sha384", "sha512"}).value_or("sha1");
  if (reader.Has("id")) {
    auto given = reader.String("id");
    if (given && *given != id)
      reader.AddError("id", "'" + *given + "' differs from the key '" + id + "'");
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
      auto version = gl.NonNegativeInteger("version");
      if (version && *version != 2 && *version != 3) gl.AddError("version", "must be 2 or 3");
      access.version = static_cast<int>(version.value_or(2));
    }
    if (auto database = gl.NonEmptyString("database")) {
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
  static const std::regex kUrlPassword("^([a-z]+://[^:/@]*):[^@]*@");
  static const std::regex kKeyPassword("(password\\s*=\\s*)('[^']*'|\\S+)");
  std::string redacted = std::regex_replace(url, kUrlPassword, "$1:***@");
  return std::regex_replace(redacted, kKeyPassword, "$1***");
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
