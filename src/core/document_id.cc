#include "core/document_id.h"

#include "core/text_scan.h"

namespace schedulight {

bool IsValidDocumentId(const std::string& id) { return IsDocumentId(id); }

void CheckDocumentId(const std::string& id, const std::string& path, FieldErrors& errors) {
  if (!IsValidDocumentId(id)) {
    errors.push_back({path, "id " + QuoteForMessage(id) +
                                " must start with a letter or digit and use only letters, "
                                "digits and _ . @ + - (at most 128 characters)"});
  }
}

}  // namespace schedulight
