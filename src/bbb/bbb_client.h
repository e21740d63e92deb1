#pragma once
// The BBB API client: one per server. It signs every request with the
// server's secret and checksum algorithm, sends it with GET (so the checksum
// covers exactly the query on the wire, on every BBB version), and returns
// the typed answer or a BbbError. It never throws.
//
// A client keeps one HTTP session, so consecutive calls reuse the connection.
// It is not thread-safe; make one client per thread.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "bbb/bbb_error.h"
#include "bbb/checksum.h"
#include "bbb/http_session.h"
#include "bbb/query.h"
#include "bbb/responses.h"

namespace schedulight {

struct BbbServerConfig {
  std::string bbb_url;  // BBB_URL as the admin wrote it (see api_url.h)
  std::string secret;   // BBB_SECRET; never logged or put in messages
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kSha1;
  HttpTimeouts timeouts;
  std::optional<std::string> ca_file;  // extra CA bundle; default: the system store
};

struct CreateMeetingRequest {
  std::string meeting_id;
  std::string name;
  std::optional<std::string> attendee_pw;
  std::optional<std::string> moderator_pw;
  // Any other create parameter (welcome, record, duration, meta_*, ...), sent
  // in this order after meetingID, name and the passwords.
  QueryParams extra;
};

struct JoinRequest {
  std::string meeting_id;
  std::string full_name;
  std::optional<std::string> password;  // moderator or attendee password (all versions)
  std::optional<std::string> role;      // MODERATOR or VIEWER (2.4+); wins over password
  std::optional<std::string> user_id;
  std::optional<std::int64_t> create_time;  // rejects the URL after the meeting was re-created
  // userdata-* parameters, keys without the prefix: {"bbb_auto_join_audio", "true"}.
  QueryParams user_data;
  QueryParams extra;  // any other join parameter (avatarURL, guest, ...)
  bool redirect = true;
};

// getRecordings filters; empty lists are left out (BBB's defaults apply:
// all meetings, published and unpublished recordings).
struct RecordingQuery {
  std::vector<std::string> meeting_ids;
  std::vector<std::string> record_ids;
  std::vector<std::string> states;  // processing, processed, published, unpublished, deleted, any
};

class BbbClient {
 public:
  // Checks and normalises the URL; errors are kConfig.
  static std::expected<BbbClient, BbbError> Create(BbbServerConfig config);

  // The normalised API base ("https://host/bigbluebutton/api/").
  const std::string& api_base() const { return api_base_; }
  ChecksumAlgorithm algorithm() const { return config_.algorithm; }

  // GET <api base>: unsigned; shows whether the URL answers like BBB.
  std::expected<ApiVersion, BbbError> GetApiVersion();

  // create. An existing meeting (duplicateWarning) is a success with
  // result.duplicate set; idNotUnique and the others are kApi errors.
  std::expected<CreateMeetingResult, BbbError> CreateMeeting(const CreateMeetingRequest& request);

  // The signed join URL a browser opens. Builds it only; calls nothing.
  std::string JoinUrl(const JoinRequest& request) const;

  // Calls join with redirect=false and returns the session. Join errors
  // arrive as a redirect carrying errors=[...]; they become kApi errors.
  std::expected<JoinResult, BbbError> Join(JoinRequest request);

  // end. password: the moderator password (needed up to BBB 2.3, harmless later).
  std::expected<ApiMessage, BbbError> EndMeeting(const std::string& meeting_id,
                                                 const std::optional<std::string>& password);

  // false for an unknown meeting too (BBB does not report notFound here).
  std::expected<bool, BbbError> IsMeetingRunning(const std::string& meeting_id);
  std::expected<MeetingInfo, BbbError> GetMeetingInfo(const std::string& meeting_id);
  std::expected<std::vector<MeetingInfo>, BbbError> GetMeetings();
  std::expected<std::vector<Recording>, BbbError> GetRecordings(const RecordingQuery& query);
  std::expected<bool, BbbError> DeleteRecordings(const std::vector<std::string>& record_ids);
  std::expected<bool, BbbError> PublishRecordings(const std::vector<std::string>& record_ids,
                                                  bool publish);

  // The signed URL of any call (for callers that need one not wrapped here).
  std::string SignedUrl(const std::string& call, const QueryParams& params) const;

 private:
  BbbClient(BbbServerConfig config, std::string api_base);

  // Signs and GETs call; returns the body of a 200 answer.
  std::expected<std::string, BbbError> Call(const std::string& call, const QueryParams& params);
  std::expected<HttpResponse, BbbError> Fetch(const std::string& url);

  BbbServerConfig config_;
  std::string api_base_;
  HttpSession session_;
};

// Parses the errors=[{"key":..,"message":..}] BBB appends to a join error
// redirect. nullopt when location carries none.
std::optional<BbbError> JoinErrorFromRedirect(const std::string& location);

}  // namespace schedulight
