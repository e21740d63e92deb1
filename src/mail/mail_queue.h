#pragma once
// The administrative operations on the mail queue, shared by the CLI
// (`schedulight mail ...`) and the REST API (/api/v1/mails): list, show,
// delete, purge and retry, plus the JSON form both print.

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace schedulight {

struct MailQueueError {
  enum class Kind { kNotFound, kConflict, kStore };
  Kind kind = Kind::kStore;
  std::string message;
};

std::expected<std::vector<StoredMail>, MailQueueError> ListQueueMails(
    Store& store, std::optional<MailState> state);
std::expected<StoredMail, MailQueueError> GetQueueMail(Store& store, std::int64_t id);
std::expected<void, MailQueueError> DeleteQueueMail(Store& store, std::int64_t id);
// Deletes every mail in state; returns how many went.
std::expected<int, MailQueueError> PurgeQueueMails(Store& store, MailState state);
// Queues a failed (or queued) mail again, due now, with its attempts reset;
// the last error stays for reference. A sent mail is a conflict.
std::expected<StoredMail, MailQueueError> RetryQueueMail(Store& store, std::int64_t id,
                                                         UtcTime now);

// {"id", "state", "kind", "meeting_id", "server", "recipient", "from",
//  "subject", "attempts", "last_error", "next_attempt_at", "claimed_by",
//  "claim_until" (the worker sending it, null when none), "created_at",
//  "updated_at"}, plus "message" (the MIME text) when with_message.
nlohmann::json MailJson(const StoredMail& mail, bool with_message);

}  // namespace schedulight
