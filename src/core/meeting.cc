#include "core/meeting.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <libical/ical.h>

#include <algorithm>

#include "core/document_id.h"
#include "core/object_reader.h"
#include "core/text_scan.h"

namespace schedulight {

const Recipient* FindRecipient(const std::vector<Recipient>& list, const std::string& email) {
  for (const auto& recipient : list) {
    if (recipient.email == email) return &recipient;
  }
  return nullptr;
}
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
  owner.full_name = reader.Text("fullName", kNameRule, Presence::kRequired).value_or("");
  owner.password = reader.Text("password", kSecretRule);
  owner.uid = reader.Text("uid", kCodeRule);
  owner.social_uid = reader.Text("socialUid", kLineRule);
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
      errors.push_back({path, QuoteForMessage(email) + " is not a mail address"});
      continue;
    }
    Recipient recipient{.email = email};
    if (value.is_string()) {
      recipient.full_name = CheckTextValue(value, kNameRule, path, errors);
    } else if (value.is_object()) {
      ObjectReader reader(value, path, errors);
      recipient.full_name = reader.Text("fullName", kNameRule);
      recipient.send_emails = reader.Bool("send_emails");
    } else if (!value.is_null()) {
      errors.push_back({path, "must be a name or a mapping with fullName and send_emails"});
      continue;
    }
    recipients.push_back(std::move(recipient));
  }
  return recipients;
}

// BBB's meetingID: 2 to 256 characters without a comma (bbb-web refuses others).
std::optional<std::string> ReadBbbMeetingId(ObjectReader& meeting) {
  TextRule rule = kCodeRule;
  rule.min_length = 2;
  auto id = meeting.Text("meetingID", rule);
  if (id && id->find(',') != std::string::npos) {
    meeting.AddError("meetingID", "must not contain ',' (BBB refuses it)");
    return std::nullopt;
  }
  return id;
}

std::optional<LiveStreaming> ReadLiveStreaming(ObjectReader& meeting, FieldErrors& errors) {
  const nlohmann::json* document = meeting.Object("liveStreaming");
  if (document == nullptr) return std::nullopt;
  ObjectReader reader(*document, meeting.PathOf("liveStreaming"), errors);
  LiveStreaming streaming;
  streaming.streamer_host =
      reader.Text("streamerHost", kHostRule, Presence::kRequired).value_or("");
  if (!streaming.streamer_host.empty() && !IsHostAndPort(streaming.streamer_host)) {
    reader.AddError("streamerHost", QuoteForMessage(streaming.streamer_host) +
                                        " is not a host name (write it without http://)");
  }
  TextRule target_rule = kUrlRule;
  target_rule.min_length = 1;
  streaming.target_url = reader.Text("targetUrl", target_rule, Presence::kRequired).value_or("");
  streaming.play_intro = reader.Text("playIntro", kUrlRule);
  return streaming;
}

void CheckCreateParams(ObjectReader& meeting, FieldErrors& errors) {
  const nlohmann::json* params = meeting.Object("createParams");
  if (params == nullptr) return;
  for (const auto& [name, value] : params->items()) {
    const std::string path = JoinPath(meeting.PathOf("createParams"), name);
    if (name.size() > kMaxParamNameLength) {
      errors.push_back({path, fmt::format("is not a BBB create parameter name (longer than {} "
                                          "characters)",
                                          kMaxParamNameLength)});
    } else if (!IsCreateParamName(name)) {
      errors.push_back({path, "is not a BBB create parameter name"});
    } else if (value.is_string()) {
      CheckTextValue(value, kFreeTextRule, path, errors);
    } else if (!value.is_primitive() || value.is_null()) {
      errors.push_back({path, "must be text, a number or true/false"});
    }
  }
}

void CheckTemplates(ObjectReader& meeting) {
  for (const auto& key : MeetingTemplateKeys()) {
    auto name = meeting.Text(key, kCodeRule);
    if (name && !IsSafeTemplateName(*name)) {
      meeting.AddError(key, QuoteForMessage(*name) +
                                " must be a plain file name inside the template directories "
                                "(no '/', no '..')");
    }
  }
}

std::optional<std::string> ReadRecurrence(ObjectReader& meeting, bool has_start) {
  auto rule = meeting.Text("recurrence", kRecurrenceRule);
  if (!rule) return std::nullopt;
  const std::string text = rule->starts_with("RRULE:") ? rule->substr(6) : *rule;
  icalerror_set_errors_are_fatal(0);
  const icalrecurrencetype parsed = icalrecurrencetype_from_string(text.c_str());
  icalerror_clear_errno();
  if (parsed.freq == ICAL_NO_RECURRENCE) {
    meeting.AddError("recurrence", QuoteForMessage(*rule) +
                                       " is not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;COUNT=10)");
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

bool IsSafeTemplateName(const std::string& name) { return IsTemplateFileName(name); }

std::optional<Meeting> ValidateMeeting(const std::string& id, const nlohmann::json& document,
                                       const std::string& path, const MeetingDefaults& defaults,
                                       FieldErrors& errors) {
  const std::size_t errors_before = errors.size();
  CheckDocumentId(id, path, errors);
  ObjectReader reader(document, path, errors);
  if (!reader.IsObject()) return std::nullopt;

  Meeting meeting;
  meeting.id = id;
  if (auto given = reader.Text("id", kIdRule); given && *given != id) {
    reader.AddError(
        "id", QuoteForMessage(*given) + " differs from the meeting's key " + QuoteForMessage(id));
  }
  meeting.server_id = reader.Text("server", kIdRule).value_or(kDefaultServerId);
  meeting.name = reader.Text("meetingName", kMeetingNameRule, Presence::kRequired).value_or("");
  meeting.owner = ReadOwner(reader, errors);

  const date::time_zone* zone = defaults.timezone;
  if (auto zone_name = reader.Text("timezone", kZoneRule)) {
    zone = FindTimeZone(*zone_name);
    if (zone == nullptr) {
      reader.AddError("timezone", QuoteForMessage(*zone_name) +
                                      " is not an IANA time zone (e.g. Europe/Vienna)");
      zone = defaults.timezone;
    }
  }
  meeting.timezone = zone->name();
  if (auto start = reader.Text("startDate", kDateRule)) {
    auto parsed = ParseStartDate(*start, zone);
    if (parsed) {
      meeting.starts_at = *parsed;
    } else {
      reader.AddError("startDate", parsed.error());
    }
  }

  meeting.meeting_id = ReadBbbMeetingId(reader);
  TextRule uid_rule = kCodeRule;
  uid_rule.min_length = 1;
  meeting.meeting_uid = reader.Text("meetingUID", uid_rule);
  meeting.use_home_room = reader.Bool("useHomeRoom").value_or(false);
  // A meeting that names no room uses its owner's home room (the original
  // silently did nothing with such a meeting).
  if (!meeting.meeting_uid) meeting.use_home_room = true;
  meeting.pre_open_minutes = reader.Minutes("preOpenMinutes");
  meeting.pre_start_minutes = reader.Minutes("preStartMinutes");
  meeting.end_after_minutes = reader.Minutes("endAfterMinutes");
  meeting.reminder_minutes = reader.Minutes("reminderMinutes");
  reader.Minutes("duration");
  reader.NonNegativeInteger("maxParticipants", kMaxParticipants);
  for (const char* flag :
       {"muteOnStart", "record", "allowStartStopRecording", "autoStartRecording", "send_emails"}) {
    reader.Bool(flag);
  }
  reader.Text("accessCode", kCodeRule);
  for (const char* text : {"bannerText", "welcome", "description"}) {
    reader.Text(text, kFreeTextRule);
  }
  // Not checked as a URL: the original's CSV import wrote "importet.logout.url".
  reader.Text("logoutURL", kUrlRule);
  reader.Text("mailFromName", kNameRule);
  reader.Text("mailToName", kNameRule);
  reader.Email("mailFrom");
  reader.Email("mailTo");
  if (auto language = reader.Text("language", kWordRule)) {
    if (!IsLanguageCode(*language)) {
      reader.AddError("language",
                      QuoteForMessage(*language) + " is not a language code like en or de");
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
