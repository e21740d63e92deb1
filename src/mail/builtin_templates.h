#pragma once
// The built-in template files (templates/<language>/<name>.mustache in the
// source tree), compiled into the binary by the build (see
// src/mail/CMakeLists.txt), so scheduLight never depends on where it was
// installed to find them.

#include <span>
#include <string_view>

namespace schedulight {

struct BuiltinTemplateFile {
  std::string_view path;  // "en/meetingOwnerInfo.mustache"
  std::string_view text;  // the file's bytes
};

std::span<const BuiltinTemplateFile> BuiltinTemplateFiles();

}  // namespace schedulight
