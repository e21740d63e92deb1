#pragma once
// The meeting mails of a pass (owner info, started, reminder, share,
// invitation, moderator link): composes the mail one planned action asks
// for, through the override chain (routed_mail.h). It returns the mail for
// the pass to queue in the same transaction as the step's 250 "mail queued",
// or the status to record when no mail goes (440 retry later, 550 never
// without a change). Like every step, it writes nothing itself.

#include <expected>

#include "bbb/bbb_client.h"
#include "config/app_config.h"
#include "core/meeting.h"
#include "core/meeting_planner.h"
#include "core/server.h"
#include "engine/step_status.h"
#include "greenlight/directory.h"
#include "mail/template_set.h"
#include "store/store.h"

namespace schedulight {

struct MeetingMailInput {
  const AppConfig& config;  // the default language
  const TemplateSet& templates;
  const Server& server;
  const Meeting& meeting;
  const GreenlightRoom& room;
  // Builds join links (servers without Greenlight, moderator links); none:
  // the links are left empty.
  const BbbClient* bbb = nullptr;
  std::int64_t end_after_minutes = 0;  // the resolved duration; 0: none
  UtcTime now;
};

// The mail `action` (one of the mail ActionKinds) asks for, ready to store.
std::expected<StoredMail, StepStatus> ComposeMeetingMail(const PlannedAction& action,
                                                         const MeetingMailInput& input);

}  // namespace schedulight
