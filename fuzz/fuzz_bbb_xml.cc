// What a BBB server (or a broken relay in front of it) answers: the input is
// given to every response parser of src/bbb/responses.h. An error result is
// the expected answer to garbage; a crash or an escaping exception is a defect.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bbb/responses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schedulight;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)ParseCreateResponse(xml);
  (void)ParseJoinResponse(xml);
  (void)ParseEndResponse(xml);
  (void)ParseIsMeetingRunningResponse(xml);
  (void)ParseMeetingInfoResponse(xml);
  (void)ParseMeetingsResponse(xml);
  (void)ParseRecordingsResponse(xml);
  (void)ParseDeleteRecordingsResponse(xml);
  (void)ParsePublishRecordingsResponse(xml);
  (void)ParseApiVersionResponse(xml);
  (void)ParseGenericResponse(xml);
  return 0;
}
