#include "bbb/bbb_error.h"

#include <fmt/format.h>

namespace schedulight {

bool BbbError::IsChecksumError() const {
  if (kind != BbbErrorKind::kApi) return false;
  return message_key == "checksumError" ||
         (message_key == "validationError" && message == "Checksums do not match");
}

bool BbbError::IsNotFound() const {
  return kind == BbbErrorKind::kApi &&
         (message_key == "notFound" || message_key == "invalidMeetingIdentifier");
}

std::string BbbError::ToString() const {
  switch (kind) {
    case BbbErrorKind::kConfig:
      return "bad server settings: " + message;
    case BbbErrorKind::kUnreachable:
      return "BBB server unreachable: " + message;
    case BbbErrorKind::kTimeout:
      return "BBB server did not answer in time: " + message;
    case BbbErrorKind::kTls:
      return "TLS failure talking to the BBB server: " + message;
    case BbbErrorKind::kTransport:
      return "connection to the BBB server failed: " + message;
    case BbbErrorKind::kHttpStatus:
      return fmt::format("BBB server answered HTTP {}: {}", http_status, message);
    case BbbErrorKind::kMalformed:
      return "BBB server sent an answer that is not BBB API XML: " + message;
    case BbbErrorKind::kApi:
      if (IsChecksumError()) {
        return fmt::format(
            "BBB rejected the checksum ({}: {}): BBB_SECRET or checksumAlgorithm is wrong",
            message_key, message);
      }
      return fmt::format("BBB refused the request: {}: {}", message_key, message);
  }
  return message;
}

BbbError ApiError(std::string message_key, std::string message) {
  return BbbError{.kind = BbbErrorKind::kApi,
                  .message_key = std::move(message_key),
                  .message = std::move(message)};
}

BbbError MalformedError(std::string message) {
  return BbbError{.kind = BbbErrorKind::kMalformed, .message = std::move(message)};
}

}  // namespace schedulight
