#pragma once
// What one step of a meeting pass reached, for the pass to record in the
// meeting's status history (store.h RecordPassStatus): the step path
// (core/status.h `step::`), the status code and a message for the admin.
// Steps return these and never write the store themselves; the pass records
// them in order, and only while its claim holds.

#include <string>
#include <vector>

namespace schedulight {

struct StepStatus {
  std::string step;
  int code = 0;
  std::string message;
};

// A step may reach several statuses (ending a meeting: end_meeting, then
// status) or none (a poll that found nothing new).
using StepStatuses = std::vector<StepStatus>;

}  // namespace schedulight
