// The data file path of `schedulight apply`: YAML text -> ParseYaml -> the
// server, meeting and command validators (ValidateDataFile) -> the located
// error messages, and the documents as the store writes them (dump()).
// A syntax or validation error is an expected answer; a crash, a sanitizer
// report or an exception escaping is a defect.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/data_file.h"
#include "core/start_date.h"
#include "core/yaml_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schedulight;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto document = ParseYaml(text);
  if (!document) return 0;
  static const MeetingDefaults defaults{FindTimeZone("Europe/Berlin")};
  FieldErrors errors;
  auto file = ValidateDataFile(*document, defaults, {"stored"}, errors);
  FormatLocatedErrors(*document, "fuzz.yml", errors);
  if (file) {
    for (const auto& server : file->servers) server.document.dump();
    for (const auto& meeting : file->meetings) meeting.document.dump();
    for (const auto& command : file->commands) command.document.dump();
  }
  return 0;
}
