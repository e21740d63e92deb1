#include "mail/smtp_sender.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <mutex>

namespace schedulight {
namespace {

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// The message being uploaded and how much of it libcurl has taken.
struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::copy_n(upload->data.data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// 5xx answers (mailbox unknown, message refused) will not change on a retry;
// everything else (4xx, network, TLS, login) may.
bool IsTemporary(CURLcode code, long smtp_code) {
  if (code == CURLE_LOGIN_DENIED) return true;
  return !(smtp_code >= 500 && smtp_code <= 599);
}

// Failures of the relay as a whole (it cannot be reached, does not answer,
// fails TLS or the login), as opposed to an answer about one mail.
bool IsRelayDown(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
    case CURLE_LOGIN_DENIED:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

// libcurl calls this about once a second, also while it connects and waits
// for the greeting; a non-zero answer aborts the transfer.
int StopRequested(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::stop_token*>(user)->stop_requested() ? 1 : 0;
}

}  // namespace

void SmtpSender::CurlDeleter::operator()(void* handle) const {
  curl_easy_cleanup(static_cast<CURL*>(handle));
}

SmtpSender::SmtpSender(SmtpSettings settings, std::stop_token stop)
    : settings_(std::move(settings)), stop_(std::move(stop)) {
  InitCurlOnce();
  curl_.reset(curl_easy_init());
}

SmtpSender::~SmtpSender() = default;

std::expected<void, SendError> SmtpSender::Send(const std::string& from, const std::string& to,
                                                std::string_view message) {
  auto* curl = static_cast<CURL*>(curl_.get());
  if (!curl) return std::unexpected(SendError{true, "libcurl could not create a handle"});
  Slist recipients(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  Upload upload{message};
  char error_buffer[CURL_ERROR_SIZE] = {};
  const std::string envelope_from = "<" + from + ">";

  curl_easy_setopt(curl, CURLOPT_URL, settings_.endpoint.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(settings_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.transfer_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   settings_.endpoint.tls == SmtpTls::kNone ? static_cast<long>(CURLUSESSL_NONE)
                                                            : static_cast<long>(CURLUSESSL_ALL));
  if (settings_.ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file->c_str());
  if (!settings_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, StopRequested);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &stop_);

  const CURLcode code = curl_easy_perform(curl);
  long smtp_code = 0;
  long new_connections = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtp_code);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections);
  connections_opened_ += static_cast<std::size_t>(new_connections);
  // The list and the buffers die with this call: leave no dangling pointers.
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(curl, CURLOPT_READDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code == CURLE_OK) return {};
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    return std::unexpected(SendError{.temporary = true,
                                     .message = settings_.endpoint.url + ": stopped",
                                     .relay_down = false,
                                     .stopped = true});
  }

  std::string message_text =
      fmt::format("{} ({}): {}", settings_.endpoint.url, curl_easy_strerror(code), error_buffer);
  if (smtp_code != 0) message_text += fmt::format(" [SMTP {}]", smtp_code);
  return std::unexpected(SendError{.temporary = IsTemporary(code, smtp_code),
                                   .message = std::move(message_text),
                                   .relay_down = IsRelayDown(code)});
}

}  // namespace schedulight
