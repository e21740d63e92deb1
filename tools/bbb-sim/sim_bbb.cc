#include "sim_bbb.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "bbb/checksum.h"
#include "xml_writer.h"

namespace schedulight::sim {
namespace {

constexpr const char* kNotFound = "A meeting with that ID does not exist";
constexpr const char* kNoRecordingsFound = "We could not find recordings";

std::optional<std::string> Param(const QueryParams& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string ParamOr(const QueryParams& params, const std::string& name, std::string fallback) {
  return Param(params, name).value_or(std::move(fallback));
}

std::int64_t IntParam(const QueryParams& params, const std::string& name, std::int64_t fallback) {
  auto value = Param(params, name);
  if (!value || value->empty()) return fallback;
  try {
    return std::stoll(*value);
  } catch (const std::exception&) {
    return fallback;
  }
}

bool BoolParam(const QueryParams& params, const std::string& name, bool fallback) {
  auto value = Param(params, name);
  if (!value) return fallback;
  return *value == "true";
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma - start);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::string Upper(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// Java's Date.toString() in UTC: "Thu Jun 13 14:36:53 UTC 2024".
std::string JavaDate(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a %b %d %H:%M:%S UTC %Y", &utc);
  return buffer;
}

SimAnswer Xml(std::string body) { return SimAnswer{.body = std::move(body)}; }

SimAnswer Failed(const std::string& key, const std::string& message) {
  return Xml(FailedXml(key, message));
}

SimAnswer Success(const std::function<void(XmlWriter&)>& fill) {
  XmlWriter xml;
  xml.Open("response").Text("returncode", "SUCCESS");
  fill(xml);
  xml.Close("response");
  return Xml(xml.str());
}

void WriteAttendee(XmlWriter& xml, const SimAttendee& attendee) {
  xml.Open("attendee")
      .Text("userID", attendee.user_id)
      .Text("fullName", attendee.full_name)
      .Text("role", attendee.role)
      .Bool("isPresenter", attendee.is_presenter)
      .Bool("isListeningOnly", attendee.is_listening_only)
      .Bool("hasJoinedVoice", attendee.has_joined_voice)
      .Bool("hasVideo", attendee.has_video)
      .Text("clientType", "HTML5");
  if (!attendee.custom_data.empty()) {  // 2.7 omits an empty customdata
    xml.Open("customdata");
    for (const auto& [key, value] : attendee.custom_data) xml.Text(key, value);
    xml.Close("customdata");
  }
  xml.Close("attendee");
}

// The fields of getMeetingInfo, in bbb-web's order; also each getMeetings <meeting>.
void WriteMeetingFields(XmlWriter& xml, const SimMeeting& m) {
  auto count = [&](auto predicate) {
    return static_cast<std::int64_t>(std::ranges::count_if(m.attendees, predicate));
  };
  xml.Text("meetingName", m.name)
      .Text("meetingID", m.meeting_id)
      .Text("internalMeetingID", m.internal_meeting_id)
      .Number("createTime", m.create_time)
      .Text("createDate", JavaDate(m.create_time))
      .Text("voiceBridge", m.voice_bridge)
      .Text("dialNumber", m.dial_number);
  if (!m.attendee_pw.empty()) xml.Text("attendeePW", m.attendee_pw);
  if (!m.moderator_pw.empty()) xml.Text("moderatorPW", m.moderator_pw);
  xml.Bool("running", !m.attendees.empty() && m.end_time == 0)
      .Number("duration", m.duration_minutes)
      .Bool("hasUserJoined", m.has_user_joined)
      .Bool("recording", m.record)
      .Bool("hasBeenForciblyEnded", m.forcibly_ended)
      .Number("startTime", m.start_time)
      .Number("endTime", m.end_time)
      .Number("participantCount", static_cast<std::int64_t>(m.attendees.size()))
      .Number("listenerCount", count([](const SimAttendee& a) { return a.is_listening_only; }))
      .Number("voiceParticipantCount",
              count([](const SimAttendee& a) { return a.has_joined_voice; }))
      .Number("videoCount", count([](const SimAttendee& a) { return a.has_video; }))
      .Number("maxUsers", m.max_users)
      .Number("moderatorCount", count([](const SimAttendee& a) { return a.role == "MODERATOR"; }));
  xml.Open("attendees");
  for (const auto& attendee : m.attendees) WriteAttendee(xml, attendee);
  xml.Close("attendees");
  xml.Open("metadata");
  for (const auto& [key, value] : m.metadata) xml.Text(key, value);
  xml.Close("metadata");
  xml.Bool("isBreakout", false);
}

void WriteRecording(XmlWriter& xml, const SimRecording& r, const std::string& base_url) {
  xml.Open("recording")
      .Text("recordID", r.record_id)
      .Text("meetingID", r.meeting_id)
      .Text("internalMeetingID", r.record_id)
      .Text("name", r.name)
      .Bool("isBreakout", false)
      .Bool("published", r.state == "published")
      .Text("state", r.state)
      .Number("startTime", r.start_time)
      .Number("endTime", r.end_time)
      .Number("participants", r.participants);
  xml.Open("metadata");
  for (const auto& [key, value] : r.metadata) xml.Text(key, value);
  xml.Close("metadata");
  const std::int64_t length_minutes = (r.end_time - r.start_time) / 60000;
  xml.Open("playback")
      .Open("format")
      .Text("type", "presentation")
      .Text("url", base_url + "/playback/presentation/2.3/" + r.record_id)
      .Number("processingTime", 0)
      .Number("length", length_minutes)
      .Close("format")
      .Close("playback")
      .Close("recording");
}

// "meta_", a letter, then letters, digits and '-': the names BBB keeps as
// metadata. A loop, not std::regex, which recurses per character.
bool IsMetaKey(std::string_view key) {
  if (!key.starts_with("meta_") || key.size() == 5) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(key[5])) return false;
  return std::ranges::all_of(
      key.substr(5), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-'; });
}

std::string Lower(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

SimBbb::SimBbb(SimBbbOptions options)
    : options_(std::move(options)), random_(options_.seed.value_or(std::random_device{}())) {
  if (!options_.now_ms) {
    options_.now_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
}

void SimBbb::set_base_url(std::string base_url) {
  std::lock_guard lock(mutex_);
  options_.base_url = std::move(base_url);
}

std::int64_t SimBbb::Now() const { return options_.now_ms(); }

std::string SimBbb::RandomText(std::size_t length, bool lower_only) {
  static constexpr std::string_view kMixed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string_view alphabet = lower_only ? kLower : kMixed;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string text;
  for (std::size_t i = 0; i < length; ++i) text.push_back(alphabet[pick(random_)]);
  return text;
}

std::string SimBbb::NewVoiceBridge() {
  std::uniform_int_distribution<int> digits(0, 99999);
  for (;;) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%05d", digits(random_));
    bool used = std::ranges::any_of(
        meetings_, [&](const auto& entry) { return entry.second.voice_bridge == buffer; });
    if (!used) return buffer;
  }
}

SimAnswer SimBbb::Version() const {
  return Success([](XmlWriter& xml) {
    xml.Text("version", "2.0").Text("apiVersion", "2.0").Text("bbbVersion", "bbb-sim");
  });
}

SimAnswer SimBbb::Call(const std::string& call, const QueryParams& params) {
  std::lock_guard lock(mutex_);
  ExpireLocked();
  if (call == "create") return Create(params);
  if (call == "join") return Join(params);
  if (call == "end") return End(params);
  if (call == "isMeetingRunning") return IsMeetingRunning(params);
  if (call == "getMeetingInfo") return GetMeetingInfo(params);
  if (call == "getMeetings") return GetMeetings();
  if (call == "getRecordings") return GetRecordings(params);
  if (call == "publishRecordings") return PublishRecordings(params);
  if (call == "deleteRecordings") return DeleteRecordings(params);
  if (call == "updateRecordings") return UpdateRecordings(params);
  return Failed("unsupportedRequest", "This request is not supported.");
}

SimAnswer SimBbb::Create(const QueryParams& params) {
  const std::string meeting_id = ParamOr(params, "meetingID", "");
  if (meeting_id.empty()) return Failed("missingParamMeetingID", "You must provide a meeting ID");
  if (meeting_id.size() < 2 || meeting_id.size() > 256) {
    return Failed("sizeError", "Meeting ID must be between 2 and 256 characters");
  }
  if (meeting_id.find(',') != std::string::npos) {
    return Failed("validationError", "Meeting ID cannot contain ','");
  }
  auto name = Param(params, "name");
  if (!name || name->empty()) return Failed("validationError", "You must provide a meeting name");
  if (name->size() < 2 || name->size() > 256) {
    return Failed("sizeError", "Meeting name must be between 2 and 256 characters");
  }
  auto attendee_pw = Param(params, "attendeePW");
  auto moderator_pw = Param(params, "moderatorPW");
  for (const auto& password : {attendee_pw, moderator_pw}) {
    if (password && (password->size() < 2 || password->size() > 64)) {
      return Failed("invalidPassword", "Invalid password");
    }
  }

  auto write_meeting = [](XmlWriter& xml, const SimMeeting& m) {
    xml.Text("meetingID", m.meeting_id)
        .Text("internalMeetingID", m.internal_meeting_id)
        .Text("parentMeetingID", "bbb-none");
    if (!m.attendee_pw.empty()) xml.Text("attendeePW", m.attendee_pw);
    if (!m.moderator_pw.empty()) xml.Text("moderatorPW", m.moderator_pw);
    xml.Number("createTime", m.create_time)
        .Text("voiceBridge", m.voice_bridge)
        .Text("dialNumber", m.dial_number)
        .Text("createDate", JavaDate(m.create_time))
        .Bool("hasUserJoined", m.has_user_joined)
        .Number("duration", m.duration_minutes)
        .Bool("hasBeenForciblyEnded", m.forcibly_ended);
  };

  if (auto existing = meetings_.find(meeting_id); existing != meetings_.end()) {
    const SimMeeting& m = existing->second;
    const bool same_passwords = attendee_pw == std::optional(m.attendee_pw) &&
                                moderator_pw == std::optional(m.moderator_pw);
    const bool no_passwords = options_.duplicate_without_passwords && !attendee_pw && !moderator_pw;
    if (!same_passwords && !no_passwords) {
      return Failed("idNotUnique",
                    "A meeting already exists with that meeting ID.  Please use a different "
                    "meeting ID.");
    }
    // A duplicate create changes nothing: bbb-web ignores its other parameters.
    return Success([&](XmlWriter& xml) {
      write_meeting(xml, m);
      xml.Text("messageKey", "duplicateWarning")
          .Text("message",
                "This conference was already in existence and may currently be in progress.");
    });
  }

  std::string voice_bridge = ParamOr(params, "voiceBridge", "");
  if (!voice_bridge.empty() && std::ranges::any_of(meetings_, [&](const auto& entry) {
        return entry.second.voice_bridge == voice_bridge;
      })) {
    XmlWriter xml;
    xml.Open("response")
        .Text("returncode", "FAILED")
        .Open("errors")
        .Open("error")
        .Text("key", "nonUniqueVoiceBridge")
        .Text("message", "The selected voice bridge is already in use.")
        .Close("error")
        .Close("errors")
        .Close("response");
    return Xml(xml.str());
  }

  SimMeeting m;
  m.meeting_id = meeting_id;
  m.create_time = Now();
  m.start_time = m.create_time + 3;
  m.internal_meeting_id =
      HexDigest(ChecksumAlgorithm::kSha1, meeting_id) + "-" + std::to_string(m.create_time);
  m.name = *name;
  m.attendee_pw = attendee_pw.value_or(RandomText(8, false));
  m.moderator_pw = moderator_pw.value_or(RandomText(8, false));
  m.voice_bridge = voice_bridge.empty() ? NewVoiceBridge() : voice_bridge;
  m.dial_number = ParamOr(params, "dialNumber", "613-555-1234");
  m.logout_url = ParamOr(params, "logoutURL", options_.base_url);
  m.duration_minutes = IntParam(params, "duration", 0);
  m.max_users = IntParam(params, "maxParticipants", 0);
  m.expire_no_join_minutes = IntParam(params, "meetingExpireIfNoUserJoinedInMinutes", 5);
  m.expire_last_left_minutes = IntParam(params, "meetingExpireWhenLastUserLeftInMinutes", 1);
  m.record = BoolParam(params, "record", false);
  for (const auto& [key, value] : params) {
    if (IsMetaKey(key)) m.metadata[Lower(key.substr(5))] = value;
  }
  m.create_params = params;
  auto [it, inserted] = meetings_.emplace(meeting_id, std::move(m));
  return Success([&](XmlWriter& xml) {
    write_meeting(xml, it->second);
    xml.Text("messageKey", "").Text("message", "");
  });
}

SimAnswer SimBbb::JoinError(const SimMeeting* meeting, const std::string& key,
                            const std::string& message) const {
  // Join errors are a redirect to the logout URL with errors=[...] appended,
  // with redirect=false too.
  std::string target = meeting ? meeting->logout_url : options_.base_url;
  nlohmann::json errors = nlohmann::json::array({{{"key", key}, {"message", message}}});
  target += target.find('?') == std::string::npos ? "?" : "&";
  target += "errors=" + FormEncode(errors.dump());
  return SimAnswer{.status = 302, .location = target, .content_type = "text/plain"};
}

SimAnswer SimBbb::Join(const QueryParams& params) {
  const std::string full_name = ParamOr(params, "fullName", "");
  const std::string meeting_id = ParamOr(params, "meetingID", "");
  if (full_name.empty()) {
    return JoinError(nullptr, "missingParamFullName",
                     "You must specify a name for the attendee who will be joining the meeting.");
  }
  if (meeting_id.empty()) {
    return JoinError(nullptr, "missingParamMeetingID", "You must provide a meeting ID");
  }
  auto found = meetings_.find(meeting_id);
  if (found == meetings_.end()) {
    const bool ended = std::ranges::any_of(
        ended_, [&](const SimMeeting& m) { return m.meeting_id == meeting_id; });
    if (ended) {
      return JoinError(nullptr, "meetingForciblyEnded",
                       "You can not join a meeting that has already been forcibly ended");
    }
    return JoinError(nullptr, "invalidMeetingIdentifier", kNotFound);
  }
  SimMeeting& m = found->second;
  if (auto create_time = Param(params, "createTime");
      create_time && *create_time != std::to_string(m.create_time)) {
    return JoinError(&m, "mismatchCreateTimeParam",
                     "The createTime parameter submitted mismatches with the current meeting.");
  }
  std::string role;
  std::string requested_role = Upper(ParamOr(params, "role", ""));
  if (requested_role == "MODERATOR" || requested_role == "VIEWER") {
    role = requested_role;
  } else if (auto password = Param(params, "password")) {
    if (*password == m.moderator_pw) role = "MODERATOR";
    if (*password == m.attendee_pw) role = "VIEWER";
  }
  if (role.empty()) return Failed("Params required", "You must enter a valid password");
  if (m.max_users > 0 && static_cast<std::int64_t>(m.attendees.size()) >= m.max_users) {
    return JoinError(&m, "maxParticipantsReached",
                     "The number of participants allowed for this meeting has been reached.");
  }

  SimAttendee attendee;
  attendee.internal_user_id = "w_" + RandomText(12, true);
  attendee.user_id = ParamOr(params, "userID", attendee.internal_user_id);
  attendee.full_name = full_name;
  attendee.role = role;
  attendee.is_presenter = m.attendees.empty();
  for (const auto& [key, value] : params) {
    if (key.starts_with("userdata-")) attendee.custom_data.emplace_back(key.substr(9), value);
  }
  auto userdata = [&](const std::string& key) {
    for (const auto& [k, v] : attendee.custom_data) {
      if (k == key) return v;
    }
    return std::string();
  };
  attendee.is_listening_only = userdata("bbb_listen_only_mode") == "true";
  attendee.has_joined_voice =
      userdata("bbb_auto_join_audio") == "true" && !attendee.is_listening_only;
  m.attendees.push_back(attendee);
  m.has_user_joined = true;
  ++m.participants_ever;

  const std::string session_token = RandomText(16, true);
  const std::string url = options_.base_url + "/html5client/join?sessionToken=" + session_token;
  if (ParamOr(params, "redirect", "true") != "false") {
    return SimAnswer{.status = 302, .location = url, .content_type = "text/plain"};
  }
  return Success([&](XmlWriter& xml) {
    xml.Text("messageKey", "successfullyJoined")
        .Text("message", "You have joined successfully.")
        .Text("meeting_id", m.internal_meeting_id)
        .Text("user_id", attendee.internal_user_id)
        .Text("auth_token", RandomText(12, true))
        .Text("session_token", session_token)
        .Text("guestStatus", "ALLOW")
        .Text("url", url);
  });
}

SimAnswer SimBbb::End(const QueryParams& params) {
  const std::string meeting_id = ParamOr(params, "meetingID", "");
  if (meeting_id.empty()) return Failed("missingParamMeetingID", "You must provide a meeting ID");
  auto found = meetings_.find(meeting_id);
  if (found == meetings_.end()) return Failed("notFound", kNotFound);
  if (auto password = Param(params, "password");
      password && *password != found->second.moderator_pw) {
    return Failed("invalidPassword", "The supplied moderator password is incorrect");
  }
  EndLocked(meeting_id, true);
  return Success([](XmlWriter& xml) {
    xml.Text("messageKey", "sentEndMeetingRequest")
        .Text("message",
              "A request to end the meeting was sent. Please wait a few seconds, and then use the "
              "getMeetingInfo or isMeetingRunning API calls to verify that it was ended.");
  });
}

SimAnswer SimBbb::IsMeetingRunning(const QueryParams& params) {
  const std::string meeting_id = ParamOr(params, "meetingID", "");
  if (meeting_id.empty()) return Failed("missingParamMeetingID", "You must provide a meeting ID");
  auto found = meetings_.find(meeting_id);
  const bool running = found != meetings_.end() && !found->second.attendees.empty();
  return Success([&](XmlWriter& xml) { xml.Bool("running", running); });
}

SimAnswer SimBbb::GetMeetingInfo(const QueryParams& params) {
  const std::string meeting_id = ParamOr(params, "meetingID", "");
  if (meeting_id.empty()) return Failed("missingParamMeetingID", "You must provide a meeting ID");
  auto found = meetings_.find(meeting_id);
  if (found == meetings_.end()) return Failed("notFound", kNotFound);
  return Success([&](XmlWriter& xml) { WriteMeetingFields(xml, found->second); });
}

SimAnswer SimBbb::GetMeetings() {
  return Success([&](XmlWriter& xml) {
    if (meetings_.empty()) {
      xml.Empty("meetings")
          .Text("messageKey", "noMeetings")
          .Text("message", "no meetings were found on this server");
      return;
    }
    // bbb-web lists in creation order.
    std::vector<const SimMeeting*> ordered;
    for (const auto& entry : meetings_) ordered.push_back(&entry.second);
    std::ranges::sort(ordered, {}, [](const SimMeeting* m) { return m->create_time; });
    xml.Open("meetings");
    for (const SimMeeting* m : ordered) {
      xml.Open("meeting");
      WriteMeetingFields(xml, *m);
      xml.Close("meeting");
    }
    xml.Close("meetings");
  });
}

SimAnswer SimBbb::GetRecordings(const QueryParams& params) {
  const auto meeting_ids = SplitCommas(ParamOr(params, "meetingID", ""));
  const auto record_ids = SplitCommas(ParamOr(params, "recordID", ""));
  auto states = SplitCommas(ParamOr(params, "state", ""));
  if (states.empty()) states = {"published", "unpublished"};
  const bool any_state = std::ranges::find(states, "any") != states.end();
  std::vector<const SimRecording*> matching;
  for (const auto& recording : recordings_) {
    if (!any_state && std::ranges::find(states, recording.state) == states.end()) continue;
    if (!record_ids.empty()) {  // recordID wins over meetingID; a prefix acts as a wildcard
      if (!std::ranges::any_of(record_ids, [&](const std::string& id) {
            return recording.record_id.starts_with(id);
          })) {
        continue;
      }
    } else if (!meeting_ids.empty() &&
               std::ranges::find(meeting_ids, recording.meeting_id) == meeting_ids.end()) {
      continue;
    }
    matching.push_back(&recording);
  }
  return Success([&](XmlWriter& xml) {
    if (matching.empty()) {
      xml.Raw("<recordings></recordings>\n")
          .Text("messageKey", "noRecordings")
          .Text("message", "There are no recordings for the meeting(s).");
      return;
    }
    xml.Open("recordings");
    for (const SimRecording* recording : matching) {
      WriteRecording(xml, *recording, options_.base_url);
    }
    xml.Close("recordings");
  });
}

SimAnswer SimBbb::PublishRecordings(const QueryParams& params) {
  const auto record_ids = SplitCommas(ParamOr(params, "recordID", ""));
  if (record_ids.empty()) return Failed("missingParamRecordID", "You must specify a recordID.");
  auto publish = Param(params, "publish");
  if (!publish || (*publish != "true" && *publish != "false")) {
    return Failed("missingParamPublish", "You must specify a publish value true or false.");
  }
  bool found = false;
  for (auto& recording : recordings_) {
    if (std::ranges::find(record_ids, recording.record_id) == record_ids.end()) continue;
    if (recording.state == "deleted") continue;
    recording.state = *publish == "true" ? "published" : "unpublished";
    found = true;
  }
  if (!found) return Failed("notFound", kNoRecordingsFound);
  return Success([&](XmlWriter& xml) { xml.Text("published", *publish); });
}

SimAnswer SimBbb::DeleteRecordings(const QueryParams& params) {
  const auto record_ids = SplitCommas(ParamOr(params, "recordID", ""));
  if (record_ids.empty()) return Failed("missingParamRecordID", "You must specify a recordID.");
  bool found = false;
  for (auto& recording : recordings_) {
    if (std::ranges::find(record_ids, recording.record_id) == record_ids.end()) continue;
    recording.state = "deleted";
    found = true;
  }
  if (!found) return Failed("notFound", kNoRecordingsFound);
  return Success([](XmlWriter& xml) { xml.Bool("deleted", true); });
}

SimAnswer SimBbb::UpdateRecordings(const QueryParams& params) {
  const auto record_ids = SplitCommas(ParamOr(params, "recordID", ""));
  if (record_ids.empty()) return Failed("missingParamRecordID", "You must specify a recordID.");
  bool found = false;
  for (auto& recording : recordings_) {
    if (std::ranges::find(record_ids, recording.record_id) == record_ids.end()) continue;
    found = true;
    for (const auto& [key, value] : params) {
      if (!IsMetaKey(key)) continue;
      if (value.empty()) {
        recording.metadata.erase(Lower(key.substr(5)));
      } else {
        recording.metadata[Lower(key.substr(5))] = value;
      }
    }
  }
  if (!found) return Failed("notFound", kNoRecordingsFound);
  return Success([](XmlWriter& xml) { xml.Bool("updated", true); });
}

void SimBbb::EndLocked(const std::string& meeting_id, bool forcibly) {
  auto found = meetings_.find(meeting_id);
  if (found == meetings_.end()) return;
  SimMeeting m = std::move(found->second);
  meetings_.erase(found);
  m.end_time = Now();
  m.forcibly_ended = forcibly;
  m.attendees.clear();
  if (m.record && m.has_user_joined) {
    SimRecording recording{.record_id = m.internal_meeting_id,
                           .meeting_id = m.meeting_id,
                           .name = m.name,
                           .start_time = m.start_time,
                           .end_time = m.end_time,
                           .participants = m.participants_ever,
                           .metadata = m.metadata};
    recording.metadata["meetingId"] = m.meeting_id;
    recording.metadata["meetingName"] = m.name;
    recording.metadata["isBreakout"] = "false";
    recordings_.push_back(std::move(recording));
  }
  ended_.push_back(std::move(m));
}

void SimBbb::ExpireLocked() {
  const std::int64_t now = Now();
  std::vector<std::string> expired;
  for (const auto& [id, m] : meetings_) {
    const bool no_join = !m.has_user_joined && m.expire_no_join_minutes > 0 &&
                         now >= m.create_time + m.expire_no_join_minutes * 60000;
    const bool left = m.has_user_joined && m.attendees.empty() && m.expire_last_left_minutes > 0 &&
                      now >= m.last_left_time + m.expire_last_left_minutes * 60000;
    const bool over = m.duration_minutes > 0 && now >= m.create_time + m.duration_minutes * 60000;
    if (no_join || left || over) expired.push_back(id);
  }
  for (const auto& id : expired) EndLocked(id, false);
}

void SimBbb::ExpireMeetings() {
  std::lock_guard lock(mutex_);
  ExpireLocked();
}

std::expected<std::string, std::string> SimBbb::AddAttendee(
    const std::string& meeting_id, const std::string& full_name, const std::string& role,
    const std::optional<std::string>& user_id) {
  std::lock_guard lock(mutex_);
  ExpireLocked();
  auto found = meetings_.find(meeting_id);
  if (found == meetings_.end()) return std::unexpected("no running meeting " + meeting_id);
  const std::string upper_role = Upper(role.empty() ? "VIEWER" : role);
  if (upper_role != "MODERATOR" && upper_role != "VIEWER") {
    return std::unexpected("role must be MODERATOR or VIEWER");
  }
  SimMeeting& m = found->second;
  SimAttendee attendee;
  attendee.internal_user_id = "w_" + RandomText(12, true);
  attendee.user_id = user_id.value_or(attendee.internal_user_id);
  attendee.full_name = full_name.empty() ? "Simulated User" : full_name;
  attendee.role = upper_role;
  attendee.is_presenter = m.attendees.empty();
  m.attendees.push_back(attendee);
  m.has_user_joined = true;
  ++m.participants_ever;
  return attendee.user_id;
}

std::expected<void, std::string> SimBbb::RemoveAttendee(const std::string& meeting_id,
                                                        const std::string& user_id) {
  std::lock_guard lock(mutex_);
  auto found = meetings_.find(meeting_id);
  if (found == meetings_.end()) return std::unexpected("no running meeting " + meeting_id);
  auto& attendees = found->second.attendees;
  auto removed = std::erase_if(attendees, [&](const SimAttendee& a) {
    return a.user_id == user_id || a.internal_user_id == user_id;
  });
  if (removed == 0) return std::unexpected("no attendee " + user_id + " in " + meeting_id);
  if (attendees.empty()) found->second.last_left_time = Now();
  return {};
}

std::expected<void, std::string> SimBbb::EndMeeting(const std::string& meeting_id) {
  std::lock_guard lock(mutex_);
  if (!meetings_.contains(meeting_id)) return std::unexpected("no running meeting " + meeting_id);
  EndLocked(meeting_id, true);
  return {};
}

std::optional<QueryParams> SimBbb::CreateParams(const std::string& meeting_id) const {
  std::lock_guard lock(mutex_);
  if (auto found = meetings_.find(meeting_id); found != meetings_.end()) {
    return found->second.create_params;
  }
  for (auto it = ended_.rbegin(); it != ended_.rend(); ++it) {
    if (it->meeting_id == meeting_id) return it->create_params;
  }
  return std::nullopt;
}

std::expected<std::string, std::string> SimBbb::AddRecording(const std::string& meeting_id) {
  std::lock_guard lock(mutex_);
  const SimMeeting* m = nullptr;
  if (auto found = meetings_.find(meeting_id); found != meetings_.end()) m = &found->second;
  for (auto it = ended_.rbegin(); !m && it != ended_.rend(); ++it) {
    if (it->meeting_id == meeting_id) m = &*it;
  }
  if (!m) return std::unexpected("no meeting " + meeting_id + " was ever created");
  SimRecording recording{.record_id = m->internal_meeting_id,
                         .meeting_id = m->meeting_id,
                         .name = m->name,
                         .start_time = m->start_time,
                         .end_time = m->end_time != 0 ? m->end_time : Now(),
                         .participants = m->participants_ever,
                         .metadata = m->metadata};
  if (std::ranges::any_of(
          recordings_, [&](const SimRecording& r) { return r.record_id == recording.record_id; })) {
    return std::unexpected("session " + recording.record_id + " already has a recording");
  }
  recording.metadata["meetingId"] = m->meeting_id;
  recording.metadata["meetingName"] = m->name;
  recording.metadata["isBreakout"] = "false";
  recordings_.push_back(recording);
  return recording.record_id;
}

void SimBbb::Reset() {
  std::lock_guard lock(mutex_);
  meetings_.clear();
  ended_.clear();
  recordings_.clear();
}

}  // namespace schedulight::sim
