#include "engine/routed_mail.h"

namespace schedulight {

std::expected<std::optional<StoredMail>, MailNotComposed> ComposeRoutedMail(
    const TemplateSet& templates, const MailRouteInput& route, MailRequest request, UtcTime now) {
  auto resolved = ResolveMailRoute(route);
  if (!resolved)
    return std::unexpected(MailNotComposed{.permanent = false, .reason = resolved.error()});
  if (!resolved->send) return std::nullopt;
  request.route = *resolved;
  request.model.sender = resolved->from;
  auto mail = MailComposer(templates).Compose(request, now);
  if (!mail) return std::unexpected(MailNotComposed{.permanent = true, .reason = mail.error()});
  return std::optional<StoredMail>(std::move(*mail));
}

}  // namespace schedulight
