#include "engine/meeting_create_request.h"

#include <date/tz.h>

#include "core/start_date.h"

namespace schedulight {
namespace {

// A JSON scalar as BBB reads it: true/false, numbers as written, text as is.
std::string ParamText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Greenlight's origin URL: link_base without its room path (/b or /rooms).
std::string GreenlightBase(std::string link_base) {
  while (!link_base.empty() && link_base.back() == '/') link_base.pop_back();
  const auto slash = link_base.rfind('/');
  if (slash != std::string::npos && slash > link_base.find("://") + 2) link_base.resize(slash);
  return link_base;
}

std::string HostOf(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return url;
  const auto end = url.find_first_of("/:", start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

}  // namespace

std::string StartDateText(const Meeting& meeting) {
  if (!meeting.starts_at) return "";
  const date::time_zone* zone = FindTimeZone(meeting.timezone);
  if (zone == nullptr) zone = FindTimeZone("UTC");
  return date::format("%Y-%m-%d %H:%M", date::zoned_seconds(zone, *meeting.starts_at));
}

CreateMeetingRequest BuildCreateRequest(const Meeting& meeting, const GreenlightRoom& room,
                                        int greenlight_version,
                                        const std::optional<std::string>& link_base) {
  CreateMeetingRequest request;
  request.meeting_id = room.meeting_id;
  request.name = meeting.name;
  if (greenlight_version != 3) {
    request.attendee_pw = room.attendee_pw;
    request.moderator_pw = room.moderator_pw;
  }
  const nlohmann::json& doc = meeting.document;
  const nlohmann::json free_params = doc.contains("createParams") && doc["createParams"].is_object()
                                         ? doc["createParams"]
                                         : nlohmann::json::object();
  // A parameter given under createParams wins over the same one at the top level.
  auto given = [&](const char* key) {
    return doc.contains(key) && !doc[key].is_null() && !free_params.contains(key);
  };
  const std::string start_text = StartDateText(meeting);
  for (const char* key : {"welcome", "bannerText"}) {
    if (!given(key) || !doc[key].is_string()) continue;
    std::string text = doc[key].get<std::string>();
    if (meeting.starts_at) ReplaceAll(text, "__startDate__", start_text);
    request.extra.emplace_back(key, text);
  }
  for (const char* key : {"muteOnStart", "maxParticipants", "logoutURL", "record", "duration",
                          "autoStartRecording", "allowStartStopRecording"}) {
    if (given(key)) request.extra.emplace_back(key, ParamText(doc[key]));
  }
  for (const auto& [name, value] : free_params.items()) {
    request.extra.emplace_back(name, ParamText(value));
  }
  if (link_base && greenlight_version != 0) {
    const std::string base = GreenlightBase(*link_base);
    request.extra.emplace_back("meta_bbb-origin", "Greenlight");
    request.extra.emplace_back("meta_bbb-origin-server-name", HostOf(base));
    if (greenlight_version == 3) {
      // Greenlight 3 learns of the end and of recordings through these callbacks.
      request.extra.emplace_back("meta_endCallbackUrl", base + "/meeting_ended");
      request.extra.emplace_back("meta_bbb-recording-ready-url", base + "/recording_ready");
      request.extra.emplace_back("meta_bbb-context-name", room.name);
      request.extra.emplace_back("meta_bbb-context-id", room.uid);
    }
  }
  return request;
}

}  // namespace schedulight
