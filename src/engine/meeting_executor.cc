#include "engine/meeting_executor.h"

#include <spdlog/spdlog.h>

#include "engine/bbb_server_client.h"
#include "engine/meeting_pass.h"

namespace schedulight {

// --- MeetingExecutor ------------------------------------------------------------

MeetingExecutor::MeetingExecutor(const EngineContext& context, Server server,
                                 DirectoryOpener open_directory)
    : context_(context), server_(std::move(server)), open_directory_(std::move(open_directory)) {
  if (!open_directory_) {
    open_directory_ = [](const GreenlightAccess& access) {
      return OpenGreenlightDirectory(access);
    };
  }
}

MeetingExecutor::~MeetingExecutor() = default;

int MeetingExecutor::GreenlightVersion() const {
  if (server_.without_greenlight) return 0;
  return GreenlightAccessFor(
             server_, {context_.config.greenlight.version, context_.config.greenlight.database})
      .version;
}

std::expected<BbbClient*, std::string> MeetingExecutor::Bbb() {
  if (!bbb_) {
    auto client = MakeBbbClient(server_);
    if (!client) return std::unexpected(client.error());
    bbb_.emplace(std::move(*client));
  }
  return &*bbb_;
}

std::expected<GreenlightDirectory*, std::string> MeetingExecutor::Directory() {
  if (!directory_) {
    const GreenlightAccess access = GreenlightAccessFor(
        server_, {context_.config.greenlight.version, context_.config.greenlight.database});
    auto opened = open_directory_(access);
    if (!opened) return std::unexpected(opened.error().message);
    directory_ = std::move(*opened);
  }
  return directory_.get();
}

PassOutcome MeetingExecutor::Process(const StoredMeeting& stored, const MeetingClaim& claim,
                                     UtcTime now, std::stop_token stop) {
  FieldErrors errors;
  const date::time_zone* zone = context_.config.timezone;
  auto meeting =
      ValidateMeeting(stored.id, stored.document, "meetings." + stored.id, {zone}, errors);
  if (!meeting) {
    // Stored documents were validated on the way in; this means the rules got stricter.
    spdlog::error("meeting {}: stored document is no longer valid: {}", stored.id,
                  errors.empty() ? "" : errors.front().ToString());
    return {.end = PassOutcome::End::kFinished, .next_due = std::nullopt};
  }
  // The start as stored when the meeting was applied: the same instant
  // `meeting list` shows, whatever zone this process runs in.
  if (stored.starts_at) meeting->starts_at = stored.starts_at;
  return MeetingPass(*this, *meeting, claim, stored.updated_at, now, std::move(stop)).Run();
}

}  // namespace schedulight
