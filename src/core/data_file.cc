#include "core/data_file.h"

#include <algorithm>

namespace schedulight {
namespace {

// Calls visit(id, document, path) for each entry of the top-level mapping `section`.
template <typename Visit>
void ForEachEntry(const nlohmann::json& root, const std::string& section, FieldErrors& errors,
                  Visit visit) {
  if (!root.contains(section) || root[section].is_null()) return;
  const nlohmann::json& entries = root[section];
  if (!entries.is_object()) {
    errors.push_back(
        {section, "must be a mapping of id to " + section.substr(0, section.size() - 1)});
    return;
  }
  for (const auto& [id, document] : entries.items()) visit(id, document, JoinPath(section, id));
}

void CheckServerReference(const std::string& server_id, const std::string& path,
                          const std::set<std::string>& known, FieldErrors& errors) {
  if (!known.contains(server_id)) {
    errors.push_back(
        {JoinPath(path, "server"), "no server '" + server_id + "' in this file or in the store"});
  }
}

}  // namespace

std::optional<DataFile> ValidateDataFile(const YamlDocument& file, const MeetingDefaults& defaults,
                                         const std::set<std::string>& stored_server_ids,
                                         FieldErrors& errors) {
  const std::size_t errors_before = errors.size();
  const nlohmann::json& root = file.value;
  DataFile data;
  if (root.is_null()) {
    data.warnings.push_back("the file is empty");
    return data;
  }
  if (!root.is_object()) {
    errors.push_back({"", "the file must be a mapping with servers, meetings and commands"});
    return std::nullopt;
  }
  for (const auto& [key, value] : root.items()) {
    if (key != "servers" && key != "meetings" && key != "commands") {
      data.warnings.push_back("top-level key '" + key +
                              "' is ignored (only servers, meetings and commands are read)");
    }
  }

  std::set<std::string> known_servers = stored_server_ids;
  ForEachEntry(root, "servers", errors,
               [&](const std::string& id, const nlohmann::json& doc, const std::string& path) {
                 known_servers.insert(id);
                 if (auto server = ValidateServer(id, doc, path, errors))
                   data.servers.push_back(std::move(*server));
               });
  ForEachEntry(root, "meetings", errors,
               [&](const std::string& id, const nlohmann::json& doc, const std::string& path) {
                 auto meeting = ValidateMeeting(id, doc, path, defaults, errors);
                 if (meeting) {
                   CheckServerReference(meeting->server_id, path, known_servers, errors);
                   data.meetings.push_back(std::move(*meeting));
                 }
               });
  ForEachEntry(root, "commands", errors,
               [&](const std::string& id, const nlohmann::json& doc, const std::string& path) {
                 auto command = ValidateCommand(id, doc, path, errors);
                 if (command) {
                   CheckServerReference(command->server_id, path, known_servers, errors);
                   data.commands.push_back(std::move(*command));
                 }
               });
  // Commands run in the order they are written: a create_user before the create_room that needs it.
  std::ranges::stable_sort(data.commands, [&](const Command& a, const Command& b) {
    return file.Locate("commands." + a.id).line < file.Locate("commands." + b.id).line;
  });

  if (errors.size() != errors_before) return std::nullopt;
  return data;
}

}  // namespace schedulight
