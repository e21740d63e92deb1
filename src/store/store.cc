#include "store/store.h"

#include "store/sqlite_store.h"

namespace schedulight {

std::string ToString(CommandState state) {
  switch (state) {
    case CommandState::kQueued:
      return "queued";
    case CommandState::kRunning:
      return "running";
    case CommandState::kDone:
      return "done";
    case CommandState::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<CommandState> CommandStateFromString(const std::string& text) {
  for (auto state : {CommandState::kQueued, CommandState::kRunning, CommandState::kDone,
                     CommandState::kFailed}) {
    if (ToString(state) == text) return state;
  }
  return std::nullopt;
}

std::string ToString(MailState state) {
  switch (state) {
    case MailState::kQueued:
      return "queued";
    case MailState::kSent:
      return "sent";
    case MailState::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<MailState> MailStateFromString(const std::string& text) {
  for (auto state : {MailState::kQueued, MailState::kSent, MailState::kFailed}) {
    if (ToString(state) == text) return state;
  }
  return std::nullopt;
}

namespace {

// PATH of "sqlite:PATH" ("" when it names none); none for another kind of URL.
std::optional<std::string> SqlitePathOf(const std::string& url) {
  if (!url.starts_with("sqlite:")) return std::nullopt;
  std::string path = url.substr(7);
  if (path.starts_with("//")) path = path.substr(2);  // sqlite:///var/lib/x.db
  return path;
}

}  // namespace

std::optional<std::string> SqliteStorePath(const std::string& url) {
  auto path = SqlitePathOf(url);
  if (!path || path->empty() || *path == ":memory:") return std::nullopt;
  return path;
}

std::expected<std::unique_ptr<Store>, StoreError> OpenStore(const std::string& url, Clock clock) {
  if (auto path = SqlitePathOf(url)) {
    if (path->empty()) return std::unexpected(StoreError{"store URL '" + url + "' names no file"});
    auto store = SqliteStore::Open(*path, std::move(clock));
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<Store>(std::move(*store));
  }
  if (url.starts_with("postgresql:") || url.starts_with("postgres:")) {
    return std::unexpected(StoreError{
        "the PostgreSQL store is not available in this version yet; use store: sqlite:PATH"});
  }
  // Only the scheme is repeated: the rest may hold a password.
  const std::size_t colon = url.find(':');
  if (colon == std::string::npos) {
    return std::unexpected(
        StoreError{"store URL '" + url + "' has no scheme: did you mean 'sqlite:" + url + "'?"});
  }
  return std::unexpected(StoreError{"store URL '" + url.substr(0, colon) +
                                    ":…' is neither sqlite:PATH nor postgresql://..."});
}

}  // namespace schedulight
