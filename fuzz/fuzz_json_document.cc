// A JSON body as the API reads it (src/api/http_api.cc ParseBody): parsed with
// the bounded ParseJsonInput, then, when it is an object, given to each
// document validator the POST/PUT routes use (servers, meetings, commands),
// redacted as GET shows it, and written as the store writes it (dump()). A
// parse error is the API's 400; any exception escaping is a defect.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/command.h"
#include "core/json_input.h"
#include "core/meeting.h"
#include "core/server.h"
#include "core/start_date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schedulight;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseJsonInput(text);
  if (!parsed) return 0;  // 400 on "body"
  const nlohmann::json& body = *parsed;
  if (!body.is_object()) return 0;
  static const MeetingDefaults defaults{FindTimeZone("Europe/Berlin")};
  FieldErrors errors;
  if (auto server = ValidateServer("fuzz", body, "", errors)) {
    RedactServerDocument(server->document).dump();
    server->document.dump();
  }
  if (auto meeting = ValidateMeeting("fuzz", body, "", defaults, errors)) meeting->document.dump();
  if (auto command = ValidateCommand("fuzz", body, "", errors)) command->document.dump();
  return 0;
}
