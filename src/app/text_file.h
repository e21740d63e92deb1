#pragma once
// Whole text files as the use cases that edit an admin's files need them:
// read one that may be missing, and replace one atomically (a temporary file
// next to it, then rename), keeping its permissions, so a crash or a full
// disk never leaves half a file behind.

#include <expected>
#include <optional>
#include <string>

namespace schedulight {

// The file's bytes; none when it does not exist. Errors name the path.
std::expected<std::optional<std::string>, std::string> ReadTextFileIfExists(
    const std::string& path);

// Writes text to path atomically; creates the file when it is missing.
std::expected<void, std::string> ReplaceTextFile(const std::string& path, const std::string& text);

}  // namespace schedulight
