#pragma once
// The directory for Greenlight 3.x (FACTS.md section 2): uuid ids, foreign
// keys without cascades (children are deleted first), unique indexes on
// friendly_id, meeting_id and shared_accesses, one provider for all users,
// no home-room pointer (the oldest room is the default), no room passwords,
// and room settings as one room_meeting_options row per meeting option.

#include <memory>

#include "greenlight/directory.h"
#include "greenlight/pg_connection.h"

namespace schedulight {

class GreenlightV3 final : public GreenlightDirectory {
 public:
  GreenlightV3(std::unique_ptr<PgConnection> connection, DirectoryOptions options);

  int Version() const override { return 2; }
  DirectoryResult<std::optional<GreenlightUser>> FindUser(const std::string& email) override;
  DirectoryResult<GreenlightUser> CreateUser(const NewUser& user) override;
  DirectoryResult<DeletedUser> DeleteUser(const std::string& email) override;
  DirectoryResult<std::optional<GreenlightRoom>> FindRoom(const std::string& uid) override;
  DirectoryResult<GreenlightRoom> CreateRoom(const NewRoom& room) override;
  DirectoryResult<void> RecordMeetingStarted(const std::string& uid,
                                             std::int64_t create_time_ms) override;
  DirectoryResult<GreenlightRoom> RenameRoom(const std::string& uid,
                                             const std::optional<std::string>& new_uid,
                                             const std::optional<std::string>& new_name) override;
  DirectoryResult<std::string> DeleteRoom(const std::string& uid) override;
  DirectoryResult<bool> ShareRoom(const std::string& uid, const std::string& email) override;
  DirectoryResult<bool> UnshareRoom(const std::string& uid, const std::string& email) override;
  DirectoryResult<std::vector<GreenlightUser>> SharedWith(const std::string& uid) override;
  DirectoryResult<std::optional<GreenlightRoom>> HomeRoom(const std::string& email) override;
  DirectoryResult<GreenlightRoom> EnsureHomeRoom(const std::string& email) override;
  DirectoryResult<std::vector<GreenlightRoom>> RoomsBy(const std::string& column,
                                                       const std::string& query) override;

 private:
  std::unique_ptr<PgConnection> connection_;
  DirectoryOptions options_;
};

}  // namespace schedulight
