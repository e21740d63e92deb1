#include "mail/mail_route.h"

#include <array>

namespace schedulight {
namespace {

std::optional<std::string> NonEmptyString(const nlohmann::json& document, const char* key) {
  if (!document.is_object()) return std::nullopt;
  auto found = document.find(key);
  if (found == document.end() || !found->is_string()) return std::nullopt;
  std::string value = found->get<std::string>();
  if (value.empty()) return std::nullopt;
  return value;
}

// The first level (most specific first) that sets the member.
template <typename T>
std::optional<T> FirstSet(const std::array<const MailOverrides*, 4>& levels,
                          std::optional<T> MailOverrides::*member) {
  for (const MailOverrides* level : levels) {
    if (level->*member) return level->*member;
  }
  return std::nullopt;
}

}  // namespace

MailOverrides ReadMailOverrides(const nlohmann::json& document) {
  MailOverrides overrides;
  if (document.is_object()) {
    auto send = document.find("send_emails");
    if (send != document.end() && send->is_boolean()) overrides.send_emails = send->get<bool>();
  }
  overrides.mail_from = NonEmptyString(document, "mailFrom");
  overrides.mail_from_name = NonEmptyString(document, "mailFromName");
  overrides.mail_to = NonEmptyString(document, "mailTo");
  overrides.mail_to_name = NonEmptyString(document, "mailToName");
  return overrides;
}

std::expected<MailRoute, std::string> ResolveMailRoute(const MailRouteInput& input) {
  const std::array<const MailOverrides*, 4> levels = {&input.recipient_level, &input.meeting,
                                                      &input.server, &input.app};
  static constexpr std::array<const char*, 4> kLevelNames = {"recipient", "meeting", "server",
                                                             "app"};
  MailRoute route;
  route.send_decided_by = "default";
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i]->send_emails) {
      route.send = *levels[i]->send_emails;
      route.send_decided_by = kLevelNames[i];
      break;
    }
  }

  const MailPerson owner = input.owner.value_or(MailPerson{});
  route.from.email = FirstSet(levels, &MailOverrides::mail_from).value_or(owner.email);
  route.from.name = FirstSet(levels, &MailOverrides::mail_from_name).value_or(owner.name);

  route.to = input.recipient;
  if (auto redirect = FirstSet(levels, &MailOverrides::mail_to)) {
    route.redirected = true;
    route.to.email = *redirect;
    route.to.name = FirstSet(levels, &MailOverrides::mail_to_name).value_or(input.recipient.name);
  }
  if (route.send && route.from.email.empty()) {
    return std::unexpected(
        "no sender address: set mailFrom on the meeting or server, or give the meeting an owner");
  }
  return route;
}

}  // namespace schedulight
