#pragma once
// A problem found while validating a document, located by its field path
// (for example "meetings.m1.owner.email"). Validation collects every problem
// instead of stopping at the first, so an admin can fix a file in one pass.

#include <string>
#include <vector>

namespace schedulight {

struct FieldError {
  std::string path;     // dotted path from the document root; empty for the root itself
  std::string message;  // what is wrong, in plain words

  std::string ToString() const { return path.empty() ? message : path + ": " + message; }
  bool operator==(const FieldError&) const = default;
};

using FieldErrors = std::vector<FieldError>;

// Joins a parent path and a child key: JoinPath("meetings", "m1") == "meetings.m1".
inline std::string JoinPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

}  // namespace schedulight
