#pragma once
// What can go wrong talking to BBB, as one value: the adapter's error type.
// Every failure ends up here (no exception leaves src/bbb), and ToString()
// gives one line an admin can act on. Messages never contain the shared
// secret: URLs in them are the API base, never a signed request.

#include <string>

namespace schedulight {

enum class BbbErrorKind {
  kConfig,       // BBB_URL or checksumAlgorithm unusable
  kUnreachable,  // DNS failure, connection refused
  kTimeout,      // connect or total timeout
  kTls,          // certificate or handshake failure
  kTransport,    // connection dropped mid-answer, other transfer failures
  kHttpStatus,   // an HTTP status BBB does not send for API answers (5xx, 404, a redirect)
  kMalformed,    // the body is not the XML BBB sends
  kApi,          // returncode FAILED: message_key and message say why
};

struct BbbError {
  BbbErrorKind kind = BbbErrorKind::kTransport;
  std::string message_key;  // kApi: BBB's messageKey (stable; compare on it)
  std::string message;      // kApi: BBB's message; otherwise what happened
  long http_status = 0;     // kHttpStatus

  // The secret was wrong or the algorithm not accepted. Also matches the
  // keyless validationError "Checksums do not match" of one bbb-web revision.
  bool IsChecksumError() const;
  // The meeting (or recording) does not exist: notFound, invalidMeetingIdentifier.
  bool IsNotFound() const;

  // One line, e.g. "BBB refused the request: checksumError: Checksums do not match".
  std::string ToString() const;
};

BbbError ApiError(std::string message_key, std::string message);
BbbError MalformedError(std::string message);

}  // namespace schedulight
