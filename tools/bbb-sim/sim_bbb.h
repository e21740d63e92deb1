#pragma once
// The simulated BBB: meetings, attendees and recordings in memory, and the
// API calls answered with bbb-web's rules and XML (REFERENCE.md of the BBB API
// research, sections 3, 4 and 8). Transport concerns (checksums, faults, call
// counting, HTTP) live in SimServer; this class only knows the API semantics,
// so tests can drive it directly too.
//
// Thread-safe: every public method takes the one mutex.

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bbb/query.h"

namespace schedulight::sim {

// One HTTP answer to an API call.
struct SimAnswer {
  int status = 200;
  std::string body;
  std::string location;  // set for redirects (join)
  std::string content_type = "text/xml;charset=utf-8";
};

struct SimAttendee {
  std::string internal_user_id;  // w_xxxxxxxxxxxx
  std::string user_id;           // external: join's userID, else the internal one
  std::string full_name;
  std::string role;  // MODERATOR or VIEWER
  bool is_presenter = false;
  bool is_listening_only = false;
  bool has_joined_voice = false;
  bool has_video = false;
  QueryParams custom_data;  // userdata-* without the prefix
};

struct SimMeeting {
  std::string meeting_id;
  std::string internal_meeting_id;  // sha1(meetingID)-createTime
  std::string name;
  std::string attendee_pw;
  std::string moderator_pw;
  std::string voice_bridge;
  std::string dial_number;
  std::string logout_url;
  std::int64_t create_time = 0;
  std::int64_t start_time = 0;
  std::int64_t end_time = 0;
  std::int64_t last_left_time = 0;
  std::int64_t duration_minutes = 0;
  std::int64_t max_users = 0;
  std::int64_t expire_no_join_minutes = 5;
  std::int64_t expire_last_left_minutes = 1;
  bool record = false;
  bool has_user_joined = false;
  bool forcibly_ended = false;
  std::map<std::string, std::string> metadata;  // meta_* keys, lower-cased, without meta_
  QueryParams create_params;                    // the create call as received
  std::vector<SimAttendee> attendees;
  int participants_ever = 0;
};

struct SimRecording {
  std::string record_id;  // the session's internalMeetingID
  std::string meeting_id;
  std::string name;
  std::string state = "published";  // published, unpublished, deleted
  std::int64_t start_time = 0;
  std::int64_t end_time = 0;
  int participants = 0;
  std::map<std::string, std::string> metadata;
};

struct SimBbbOptions {
  // Where the simulator is reachable ("http://127.0.0.1:8090"): join
  // redirects, the default logout URL and playback URLs point there.
  std::string base_url = "http://127.0.0.1";
  // Epoch milliseconds; tests pass a fake clock to drive expiry.
  std::function<std::int64_t()> now_ms;
  // 2.6+ answers duplicateWarning to a second create without passwords; the
  // 2.4-era controller answered idNotUnique.
  bool duplicate_without_passwords = true;
  std::optional<std::uint64_t> seed;  // fixed seed: reproducible IDs and passwords
};

class SimBbb {
 public:
  explicit SimBbb(SimBbbOptions options);

  // Answers one API call ("create", "getMeetings", ...). params are decoded,
  // in order; the checksum was already verified and removed.
  SimAnswer Call(const std::string& call, const QueryParams& params);
  // GET /bigbluebutton/api: the version document.
  SimAnswer Version() const;

  void set_base_url(std::string base_url);

  // Test hooks. Errors are a one-line reason (unknown meeting, ...).
  std::expected<std::string, std::string> AddAttendee(const std::string& meeting_id,
                                                      const std::string& full_name,
                                                      const std::string& role,
                                                      const std::optional<std::string>& user_id);
  std::expected<void, std::string> RemoveAttendee(const std::string& meeting_id,
                                                  const std::string& user_id);
  std::expected<void, std::string> EndMeeting(const std::string& meeting_id);
  // The create parameters of the meeting's current (or last ended) session.
  std::optional<QueryParams> CreateParams(const std::string& meeting_id) const;
  // Adds a published recording of the meeting's current or last session.
  std::expected<std::string, std::string> AddRecording(const std::string& meeting_id);
  // Forgets every meeting and recording.
  void Reset();
  // Ends meetings whose expiry time passed (done before every call anyway).
  void ExpireMeetings();

 private:
  std::int64_t Now() const;
  std::string RandomText(std::size_t length, bool lower_only);
  std::string NewVoiceBridge();
  void EndLocked(const std::string& meeting_id, bool forcibly);
  void ExpireLocked();

  SimAnswer Create(const QueryParams& params);
  SimAnswer Join(const QueryParams& params);
  SimAnswer End(const QueryParams& params);
  SimAnswer IsMeetingRunning(const QueryParams& params);
  SimAnswer GetMeetingInfo(const QueryParams& params);
  SimAnswer GetMeetings();
  SimAnswer GetRecordings(const QueryParams& params);
  SimAnswer PublishRecordings(const QueryParams& params);
  SimAnswer DeleteRecordings(const QueryParams& params);
  SimAnswer UpdateRecordings(const QueryParams& params);
  SimAnswer JoinError(const SimMeeting* meeting, const std::string& key,
                      const std::string& message) const;

  SimBbbOptions options_;
  mutable std::mutex mutex_;
  std::mt19937_64 random_;
  // Invariant: meetings_ holds only sessions that have not ended; an ended
  // session moves to ended_ (newest last), so a later create starts anew.
  std::map<std::string, SimMeeting> meetings_;
  std::vector<SimMeeting> ended_;
  std::vector<SimRecording> recordings_;
};

}  // namespace schedulight::sim
