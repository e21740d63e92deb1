#include "mail/mail_queue.h"

namespace schedulight {
namespace {

MailQueueError FromStore(const StoreError& error) {
  return {MailQueueError::Kind::kStore, error.message};
}

MailQueueError NotFound(std::int64_t id) {
  return {MailQueueError::Kind::kNotFound, "no mail " + std::to_string(id) + " in the queue"};
}

nlohmann::json OptionalTimeJson(const std::optional<UtcTime>& time) {
  return time ? nlohmann::json(FormatUtc(*time)) : nlohmann::json(nullptr);
}

}  // namespace

std::expected<std::vector<StoredMail>, MailQueueError> ListQueueMails(
    Store& store, std::optional<MailState> state) {
  std::vector<StoredMail> mails;
  auto read = store.Transact([&](StoreSession& session) { mails = session.ListMails(state); });
  if (!read) return std::unexpected(FromStore(read.error()));
  return mails;
}

std::expected<StoredMail, MailQueueError> GetQueueMail(Store& store, std::int64_t id) {
  std::optional<StoredMail> mail;
  auto read = store.Transact([&](StoreSession& session) { mail = session.FindMail(id); });
  if (!read) return std::unexpected(FromStore(read.error()));
  if (!mail) return std::unexpected(NotFound(id));
  return *mail;
}

std::expected<void, MailQueueError> DeleteQueueMail(Store& store, std::int64_t id) {
  bool deleted = false;
  auto done = store.Transact([&](StoreSession& session) { deleted = session.DeleteMail(id); });
  if (!done) return std::unexpected(FromStore(done.error()));
  if (!deleted) return std::unexpected(NotFound(id));
  return {};
}

std::expected<int, MailQueueError> PurgeQueueMails(Store& store, MailState state) {
  int purged = 0;
  auto done = store.Transact([&](StoreSession& session) { purged = session.PurgeMails(state); });
  if (!done) return std::unexpected(FromStore(done.error()));
  return purged;
}

std::expected<StoredMail, MailQueueError> RetryQueueMail(Store& store, std::int64_t id,
                                                         UtcTime now) {
  std::optional<StoredMail> mail;
  auto done = store.Transact([&](StoreSession& session) {
    mail = session.FindMail(id);
    if (!mail || mail->state == MailState::kSent) return;
    mail->state = MailState::kQueued;
    mail->attempts = 0;
    mail->next_attempt_at.reset();
    mail->updated_at = now;
    session.UpdateMail(*mail);
  });
  if (!done) return std::unexpected(FromStore(done.error()));
  if (!mail) return std::unexpected(NotFound(id));
  if (mail->state == MailState::kSent) {
    return std::unexpected(MailQueueError{MailQueueError::Kind::kConflict,
                                          "mail " + std::to_string(id) + " was already sent"});
  }
  return *mail;
}

nlohmann::json MailJson(const StoredMail& mail, bool with_message) {
  nlohmann::json json = {
      {"id", mail.id},
      {"state", ToString(mail.state)},
      {"kind", mail.kind},
      {"meeting_id", mail.meeting_id ? nlohmann::json(*mail.meeting_id) : nlohmann::json(nullptr)},
      {"server", mail.message.value("server", "")},
      {"recipient", mail.recipient},
      {"from", mail.message.value("from", "")},
      {"subject", mail.message.value("subject", "")},
      {"attempts", mail.attempts},
      {"last_error", mail.last_error},
      {"next_attempt_at", OptionalTimeJson(mail.next_attempt_at)},
      {"claimed_by", mail.claimed_by ? nlohmann::json(*mail.claimed_by) : nlohmann::json(nullptr)},
      {"claim_until", OptionalTimeJson(mail.claim_until)},
      {"created_at", FormatUtc(mail.created_at)},
      {"updated_at", FormatUtc(mail.updated_at)},
  };
  if (with_message) json["message"] = mail.message.value("mime", "");
  return json;
}

}  // namespace schedulight
