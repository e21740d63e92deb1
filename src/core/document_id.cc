#include "core/document_id.h"

#include <regex>

namespace schedulight {

bool IsValidDocumentId(const std::string& id) {
  static const std::regex kId("[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}");
  return std::regex_match(id, kId);
}

void CheckDocumentId(const std::string& id, const std::string& path, FieldErrors& errors) {
  if (!IsValidDocumentId(id)) {
    errors.push_back({path, "id '" + id +
                                "' must start with a letter or digit and use only letters, "
                                "digits and _ . @ + - (at most 128 characters)"});
  }
}

}  // namespace schedulight
