#pragma once
// Where the store is (docs/configuration.md, "Where the store is"): a
// relative `store: sqlite:PATH` resolves against the directory of the config
// file that names it, never the working directory, so `apply` in one
// directory and the daemon in another use the same store. Without a `store`
// key (or without a config file), the store is `schedulight.db` in the state
// directory.

#include <optional>
#include <string>

#include "config/app_config.h"

namespace schedulight {

// The state directory: $STATE_DIRECTORY (set by systemd's StateDirectory=),
// else /var/lib/schedulight for root, else $XDG_STATE_HOME/schedulight, else
// $HOME/.local/state/schedulight. Always absolute.
std::string StateDirectory();

// Turns config.store into an absolute URL: relative SQLite paths against the
// directory of config_file (the file the config was read from), the default
// store into the state directory (and sets config.state_directory then).
// Other URLs (sqlite::memory:, postgresql://...) stay as they are.
void ResolveStoreLocation(AppConfig& config, const std::optional<std::string>& config_file);

// The URL for output: a password in it (postgresql://user:PASSWORD@host/db)
// reads "***". Every message and log line that names the store uses this.
std::string StoreUrlForOutput(const std::string& url);

}  // namespace schedulight
