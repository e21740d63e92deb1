#pragma once
// The Greenlight part of `schedulight server check`: connects to the server's
// Greenlight database (its `greenlight:` block, else the app default) and
// checks that every table and column scheduLight uses is there.

#include "admin/server_check.h"
#include "config/app_config.h"

namespace schedulight {

// A check step named "greenlight.schema": ok with the version and the
// (password-free) database URL, failed with what is missing or why the
// database cannot be reached, skipped for a server with `greenlight: false`.
ExtraServerCheck GreenlightSchemaCheck(const GreenlightDefaults& app_default);

}  // namespace schedulight
