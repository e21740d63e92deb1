#include "bbb/http_session.h"

#include <curl/curl.h>
#include <fmt/format.h>

namespace schedulight {
namespace {

// curl_global_init once per process, before the first handle; cleaned up at exit.
struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

void EnsureCurlGlobal() { static CurlGlobal global; }

size_t AppendBody(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

BbbErrorKind KindOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return BbbErrorKind::kUnreachable;
    case CURLE_OPERATION_TIMEDOUT:
      return BbbErrorKind::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return BbbErrorKind::kTls;
    default:
      return BbbErrorKind::kTransport;
  }
}

}  // namespace

struct HttpSession::Handle {
  struct Deleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };
  std::unique_ptr<CURL, Deleter> curl;
};

HttpSession::HttpSession(HttpTimeouts timeouts, std::optional<std::string> ca_file)
    : handle_(std::make_unique<Handle>()), timeouts_(timeouts), ca_file_(std::move(ca_file)) {
  EnsureCurlGlobal();
}

HttpSession::~HttpSession() = default;
HttpSession::HttpSession(HttpSession&&) noexcept = default;
HttpSession& HttpSession::operator=(HttpSession&&) noexcept = default;

std::expected<HttpResponse, BbbError> HttpSession::Get(const std::string& url,
                                                       const std::string& where) {
  if (!handle_) handle_ = std::make_unique<Handle>();  // a moved-from session starts afresh
  if (!handle_->curl) {
    handle_->curl.reset(curl_easy_init());
    if (!handle_->curl) {
      return std::unexpected(BbbError{.kind = BbbErrorKind::kTransport,
                                      .message = "could not create a libcurl handle"});
    }
  }
  CURL* curl = handle_->curl.get();
  HttpResponse response;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  // Reset the per-request options; the handle keeps its connection cache.
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file_) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file_->c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.total.count()));
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "scheduLight");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);  // the buffer dies with this frame
  if (code != CURLE_OK) {
    std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return std::unexpected(
        BbbError{.kind = KindOf(code), .message = fmt::format("{} ({})", where, detail)});
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &response.new_connections);
  char* location = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) {
    response.location = location;
  }
  return response;
}

}  // namespace schedulight
