#include "admin/meeting_calendar.h"

#include <libical/ical.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

namespace schedulight {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

struct CharFree {
  void operator()(char* text) const { std::free(text); }
};

struct CalendarEntry {
  StoredMeeting meeting;
  std::string link_base;  // the server's, or empty
};

icaltimetype IcalUtc(UtcTime time) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(ToUnixSeconds(time)), 0,
                                       icaltimezone_get_utc_timezone());
}

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string EventUid(const StoredMeeting& meeting) {
  std::string email = meeting.document.contains("owner") && meeting.document["owner"].is_object()
                          ? Text(meeting.document["owner"], "email")
                          : std::string();
  const std::size_t at = email.rfind('@');
  return meeting.id + "@" + (at == std::string::npos ? "schedulight" : email.substr(at + 1));
}

std::int64_t DurationMinutes(const nlohmann::json& document) {
  for (const char* key : {"duration", "endAfterMinutes"}) {
    auto it = document.find(key);
    if (it != document.end() && it->is_number_integer() && it->get<std::int64_t>() > 0) {
      return it->get<std::int64_t>();
    }
  }
  return 60;
}

void AddEvent(icalcomponent* calendar, const CalendarEntry& entry, UtcTime now) {
  const StoredMeeting& meeting = entry.meeting;
  const nlohmann::json& document = meeting.document;
  icalcomponent* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  icalcomponent_add_component(calendar, event);  // the calendar owns it now
  icalcomponent_add_property(event, icalproperty_new_uid(EventUid(meeting).c_str()));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(IcalUtc(now)));
  icalcomponent_add_property(event, icalproperty_new_lastmodified(IcalUtc(meeting.updated_at)));
  icalcomponent_add_property(event, icalproperty_new_dtstart(IcalUtc(*meeting.starts_at)));
  icalcomponent_add_property(
      event, icalproperty_new_dtend(
                 IcalUtc(*meeting.starts_at + std::chrono::minutes(DurationMinutes(document)))));
  icalcomponent_add_property(event,
                             icalproperty_new_summary(Text(document, "meetingName").c_str()));
  if (const std::string description = Text(document, "description"); !description.empty()) {
    icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
  }
  const std::string uid = Text(document, "meetingUID");
  if (!entry.link_base.empty() && !uid.empty()) {
    const std::string url = entry.link_base + (entry.link_base.ends_with("/") ? "" : "/") + uid;
    icalcomponent_add_property(event, icalproperty_new_url(url.c_str()));
    icalcomponent_add_property(event, icalproperty_new_location(url.c_str()));
  }
  if (const std::string rule = Text(document, "recurrence"); !rule.empty()) {
    icalerror_set_errors_are_fatal(0);
    const icalrecurrencetype recurrence = icalrecurrencetype_from_string(rule.c_str());
    icalerror_clear_errno();
    if (recurrence.freq != ICAL_NO_RECURRENCE) {
      icalcomponent_add_property(event, icalproperty_new_rrule(recurrence));
    }
  }
}

std::string WriteCalendar(const std::vector<CalendarEntry>& entries, UtcTime now) {
  Component calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//scheduLight//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* name = icalproperty_new_x("scheduLight");
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  for (const auto& entry : entries) AddEvent(calendar.get(), entry, now);
  std::unique_ptr<char, CharFree> text(icalcomponent_as_ical_string_r(calendar.get()));
  return text ? std::string(text.get()) : std::string();
}

AdminFailure StoreFailure(const StoreError& error) {
  return {AdminFailure::Kind::kStore, "store: " + error.message, {}};
}

// Enabled meetings with a start date (only `id` when given), with their server's link_base.
std::expected<std::vector<CalendarEntry>, AdminFailure> CalendarEntries(Store& store,
                                                                        const std::string* id) {
  std::vector<CalendarEntry> entries;
  auto done = store.Transact([&](StoreSession& session) {
    std::vector<StoredMeeting> meetings;
    if (id != nullptr) {
      if (auto meeting = session.FindMeeting(*id)) meetings.push_back(std::move(*meeting));
    } else {
      meetings = session.ListMeetings();
    }
    std::map<std::string, std::string> link_bases;
    for (const auto& server : session.ListServers()) {
      link_bases[server.id] = Text(server.document, "link_base");
    }
    for (auto& meeting : meetings) {
      if (!meeting.starts_at) continue;
      auto status = session.LatestStatus(meeting.id, kMainStep);
      if (status && status->code == status_code::kDisabled && id == nullptr) continue;
      std::string link_base = link_bases[meeting.server_id];
      entries.push_back({std::move(meeting), std::move(link_base)});
    }
  });
  if (!done) return std::unexpected(StoreFailure(done.error()));
  return entries;
}

}  // namespace

std::expected<std::string, AdminFailure> MeetingCalendar(Store& store, const std::string& id,
                                                         UtcTime now) {
  auto entries = CalendarEntries(store, &id);
  if (!entries) return std::unexpected(entries.error());
  if (entries->empty()) {
    return std::unexpected(AdminFailure{AdminFailure::Kind::kNotFound,
                                        "no meeting '" + id + "' with a startDate in the store",
                                        {}});
  }
  return WriteCalendar(*entries, now);
}

std::expected<std::string, AdminFailure> CalendarFeed(Store& store, UtcTime now) {
  auto entries = CalendarEntries(store, nullptr);
  if (!entries) return std::unexpected(entries.error());
  return WriteCalendar(*entries, now);
}

}  // namespace schedulight
