#pragma once
// From a configured server to a BBB API client: loads the server from the
// store, resolves BBB_SECRET (a literal, env:NAME or file:/path), checks
// checksumAlgorithm, and builds the client. Errors are one line that names
// the server and never contains the secret.

#include <expected>
#include <string>

#include "bbb/bbb_client.h"
#include "core/server.h"
#include "store/store.h"

namespace schedulight {

// The stored server id, validated. Unknown ids and invalid documents are errors.
std::expected<Server, std::string> LoadServer(Store& store, const std::string& server_id);

std::expected<BbbClient, std::string> MakeBbbClient(const Server& server,
                                                    HttpTimeouts timeouts = {});

}  // namespace schedulight
