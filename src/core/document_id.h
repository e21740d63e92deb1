#pragma once
// Ids of servers, meetings and commands appear in URLs (/meetings/{id}), file
// names and step paths, so they are restricted to a safe alphabet.

#include <string>

#include "core/field_error.h"

namespace schedulight {

// Letters, digits and _ . @ + -, starting with a letter or digit, 1 to 128 characters.
bool IsValidDocumentId(const std::string& id);

// Appends an error at path when id is not valid.
void CheckDocumentId(const std::string& id, const std::string& path, FieldErrors& errors);

}  // namespace schedulight
