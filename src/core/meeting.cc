#include "core/meeting.h"

#include <date/tz.h>
#include <libical/ical.h>

#include <algorithm>
#include <regex>

#include "core/document_id.h"
#include "core/object_reader.h"

namespace schedulight {
namespace {

std::string LowerTrimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  text = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

Owner ReadOwner(ObjectReader& meeting, FieldErrors& errors) {
  Owner owner;
  const nlohmann::json* document = meeting.Object("owner", Presence::kRequired);
  if (document == nullptr) return owner;
  ObjectReader reader(*document, meeting.PathOf("owner"), errors);
  owner.email = LowerTrimmed(reader.Email("email", Presence::kRequired).value_or(""));
  owner.full_name = reader.NonEmptyString("fullName", Presence::kRequired).value_or("");
  owner.password = reader.String("password");
  owner.uid = reader.String("uid");
  owner.social_uid = reader.String("socialUid");
  return owner;
}

// shareWith / sendInvitationLink / sendModeratorLink: email -> null | name | {fullName,
// send_emails}.
std::vector<Recipient> ReadRecipients(ObjectReader& meeting, std::string_view key,
                                      FieldErrors& errors) {
  std::vector<Recipient> recipients;
  const nlohmann::json* list = meeting.Object(key);
  if (list == nullptr) return recipients;
  for (const auto& [email, value] : list->items()) {
    const std::string path = JoinPath(meeting.PathOf(key), email);
    if (!IsEmailAddress(email)) {
      errors.push_back({path, "'" + email + "' is not a mail address"});
      continue;
    }
    Recipient recipient{.email = email};
    if (value.is_string()) {
      recipient.full_name = value.get<std::string>();
    } else if (value.is_object()) {
      ObjectReader reader(value, path, errors);
      recipient.full_name = reader.String("fullName");
      recipient.send_emails = reader.Bool("send_emails");
    } else if (!value.is_null()) {
      errors.push_back({path, "must be a name or a mapping with fullName and send_emails"});
      continue;
    }
    recipients.push_back(std::move(recipient));
  }
  return recipients;
}

std::optional<LiveStreaming> ReadLiveStreaming(ObjectReader& meeting, FieldErrors& errors) {
  const nlohmann::json* document = meeting.Object("liveStreaming");
  if (document == nullptr) return std::nullopt;
  ObjectReader reader(*document, meeting.PathOf("liveStreaming"), errors);
  LiveStreaming streaming;
  streaming.streamer_host = reader.NonEmptyString("streamerHost", Presence::kRequired).value_or("");
  static const std::regex kHost("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");
  if (!streaming.streamer_host.empty() && !std::regex_match(streaming.streamer_host, kHost)) {
    reader.AddError("streamerHost", "'" + streaming.streamer_host +
                                        "' is not a host name (write it without http://)");
  }
  streaming.target_url = reader.NonEmptyString("targetUrl", Presence::kRequired).value_or("");
  streaming.play_intro = reader.String("playIntro");
  return streaming;
}

void CheckCreateParams(ObjectReader& meeting, FieldErrors& errors) {
  const nlohmann::json* params = meeting.Object("createParams");
  if (params == nullptr) return;
  static const std::regex kName("[A-Za-z][A-Za-z0-9_-]*");
  for (const auto& [name, value] : params->items()) {
    const std::string path = JoinPath(meeting.PathOf("createParams"), name);
    if (!std::regex_match(name, kName)) {
      errors.push_back({path, "is not a BBB create parameter name"});
    } else if (!value.is_primitive() || value.is_null()) {
      errors.push_back({path, "must be text, a number or true/false"});
    }
  }
}

void CheckTemplates(ObjectReader& meeting) {
  for (const auto& key : MeetingTemplateKeys()) {
    auto name = meeting.String(key);
    if (name && !IsSafeTemplateName(*name)) {
      meeting.AddError(key, "'" + *name +
                                "' must be a plain file name inside the template directories "
                                "(no '/', no '..')");
    }
  }
}

std::optional<std::string> ReadRecurrence(ObjectReader& meeting, bool has_start) {
  auto rule = meeting.NonEmptyString("recurrence");
  if (!rule) return std::nullopt;
  const std::string text = rule->starts_with("RRULE:") ? rule->substr(6) : *rule;
  icalerror_set_errors_are_fatal(0);
  const icalrecurrencetype parsed = icalrecurrencetype_from_string(text.c_str());
  icalerror_clear_errno();
  if (parsed.freq == ICAL_NO_RECURRENCE) {
    meeting.AddError("recurrence",
                     "'" + *rule + "' is not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;COUNT=10)");
    return std::nullopt;
  }
  if (!has_start) meeting.AddError("recurrence", "needs a startDate");
  return text;
}

}  // namespace

const std::vector<std::string>& MeetingTemplateKeys() {
  static const std::vector<std::string> kKeys = {
      "meetingInvitationInfoTemplate", "meetingModeratorInfoTemplate", "meetingOwnerInfoTemplate",
      "meetingOwnerReminderTemplate",  "meetingOwnerStartedTemplate",  "meetingShareInfoTemplate"};
  return kKeys;
}

bool IsSafeTemplateName(const std::string& name) {
  static const std::regex kName("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  return std::regex_match(name, kName) && name.find("..") == std::string::npos;
}

std::optional<Meeting> ValidateMeeting(const std::string& id, const nlohmann::json& document,
                                       const std::string& path, const MeetingDefaults& defaults,
                                       FieldErrors& errors) {
  const std::size_t errors_before = errors.size();
  CheckDocumentId(id, path, errors);
  ObjectReader reader(document, path, errors);
  if (!reader.IsObject()) return std::nullopt;

  Meeting meeting;
  meeting.id = id;
  if (auto given = reader.String("id"); given && *given != id) {
    reader.AddError("id", "'" + *given + "' differs from the meeting's key '" + id + "'");
  }
  meeting.server_id = reader.NonEmptyString("server").value_or(kDefaultServerId);
  meeting.name = reader.NonEmptyString("meetingName", Presence::kRequired).value_or("");
  meeting.owner = ReadOwner(reader, errors);

  const date::time_zone* zone = defaults.timezone;
  if (auto zone_name = reader.NonEmptyString("timezone")) {
    zone = FindTimeZone(*zone_name);
    if (zone == nullptr) {
      reader.AddError("timezone",
                      "'" + *zone_name + "' is not an IANA time zone (e.g. Europe/Vienna)");
      zone = defaults.timezone;
    }
  }
  meeting.timezone = zone->name();
  if (auto start = reader.NonEmptyString("startDate")) {
    auto parsed = ParseStartDate(*start, zone);
    if (parsed) {
      meeting.starts_at = *parsed;
    } else {
      reader.AddError("startDate", parsed.error());
    }
  }

  meeting.meeting_id = reader.NonEmptyString("meetingID");
  meeting.meeting_uid = reader.NonEmptyString("meetingUID");
  meeting.use_home_room = reader.Bool("useHomeRoom").value_or(false);
  // A meeting that names no room uses its owner's home room (the original
  // silently did nothing with such a meeting).
  if (!meeting.meeting_uid) meeting.use_home_room = true;
  meeting.pre_open_minutes = reader.NonNegativeInteger("preOpenMinutes");
  meeting.pre_start_minutes = reader.NonNegativeInteger("preStartMinutes");
  meeting.end_after_minutes = reader.NonNegativeInteger("endAfterMinutes");
  meeting.reminder_minutes = reader.NonNegativeInteger("reminderMinutes");
  reader.NonNegativeInteger("duration");
  reader.NonNegativeInteger("maxParticipants");
  for (const char* flag :
       {"muteOnStart", "record", "allowStartStopRecording", "autoStartRecording", "send_emails"}) {
    reader.Bool(flag);
  }
  for (const char* text : {"accessCode", "bannerText", "welcome", "logoutURL", "mailFromName",
                           "mailToName", "description"}) {
    reader.String(text);
  }
  reader.Email("mailFrom");
  reader.Email("mailTo");
  if (auto language = reader.String("language")) {
    static const std::regex kLanguage("[a-z]{2}([_-][A-Za-z]{2})?");
    if (!std::regex_match(*language, kLanguage)) {
      reader.AddError("language", "'" + *language + "' is not a language code like en or de");
    }
  }
  meeting.live_streaming = ReadLiveStreaming(reader, errors);
  meeting.share_with = ReadRecipients(reader, "shareWith", errors);
  meeting.invitations = ReadRecipients(reader, "sendInvitationLink", errors);
  meeting.moderator_links = ReadRecipients(reader, "sendModeratorLink", errors);
  meeting.recurrence = ReadRecurrence(reader, meeting.starts_at.has_value());
  CheckCreateParams(reader, errors);
  CheckTemplates(reader);
  meeting.document = document;

  if (errors.size() != errors_before) return std::nullopt;
  return meeting;
}

}  // namespace schedulight
