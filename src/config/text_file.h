#pragma once
// Whole text files as the use cases that edit an admin's files need them:
// read one that may be missing, and replace one atomically (a temporary file
// next to it, then rename), keeping its permissions, so a crash or a full
// disk never leaves half a file behind.

#include <cstddef>
#include <expected>
#include <optional>
#include <string>

namespace schedulight {

// Files an admin hands to scheduLight (the data file, the app config, a CSV,
// a command file) are read whole into memory: larger ones are refused
// (docs/configuration.md, "Limits on parsing").
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{16} << 20;

// The file's bytes, read no further than max_bytes, so that /dev/zero or a
// file that keeps growing cannot exhaust memory. Pipes and devices are read
// like files; a directory is an error. The error is the reason in plain
// words, without the path ("No such file or directory", "is a directory",
// "is larger than 16 MiB, the most scheduLight reads from a file").
std::expected<std::string, std::string> ReadInputFile(const std::string& path,
                                                      std::size_t max_bytes = kMaxInputFileBytes);

// Standard input, bounded the same way.
std::expected<std::string, std::string> ReadStandardInput(
    std::size_t max_bytes = kMaxInputFileBytes);

// The file's bytes (bounded as ReadInputFile); none when it does not exist.
// Errors name the path.
std::expected<std::optional<std::string>, std::string> ReadTextFileIfExists(
    const std::string& path);

// Writes text to path atomically; creates the file when it is missing.
std::expected<void, std::string> ReplaceTextFile(const std::string& path, const std::string& text);

}  // namespace schedulight
