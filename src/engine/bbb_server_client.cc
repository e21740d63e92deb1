#include "engine/bbb_server_client.h"

#include <fmt/format.h>

#include "config/app_config.h"

namespace schedulight {

std::expected<Server, std::string> LoadServer(Store& store, const std::string& server_id) {
  std::optional<StoredServer> stored;
  auto done =
      store.Transact([&](StoreSession& session) { stored = session.FindServer(server_id); });
  if (!done) return std::unexpected("store: " + done.error().message);
  if (!stored) {
    return std::unexpected(fmt::format(
        "unknown server '{}' (`schedulight server list` shows the configured ones)", server_id));
  }
  FieldErrors errors;
  auto server = ValidateServer(stored->id, stored->document, "servers." + stored->id, errors);
  if (!server) {
    std::string first = errors.empty() ? "invalid" : errors.front().ToString();
    return std::unexpected(fmt::format("server '{}' is not usable: {}", server_id, first));
  }
  return *server;
}

std::expected<BbbClient, std::string> MakeBbbClient(const Server& server, HttpTimeouts timeouts) {
  auto secret = ResolveSecret(server.bbb_secret);
  if (!secret) {
    return std::unexpected(fmt::format("server '{}': BBB_SECRET: {}", server.id, secret.error()));
  }
  auto algorithm = ParseChecksumAlgorithm(server.checksum_algorithm);
  if (!algorithm) {
    return std::unexpected(
        fmt::format("server '{}': checksumAlgorithm '{}' is not one of sha1, "
                    "sha256, sha384, sha512",
                    server.id, server.checksum_algorithm));
  }
  auto client = BbbClient::Create({.bbb_url = server.bbb_url,
                                   .secret = std::move(*secret),
                                   .algorithm = *algorithm,
                                   .timeouts = timeouts});
  if (!client) {
    return std::unexpected(fmt::format("server '{}': {}", server.id, client.error().ToString()));
  }
  return std::move(*client);
}

}  // namespace schedulight
