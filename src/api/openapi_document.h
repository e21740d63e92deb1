#pragma once
// The API's OpenAPI 3 document, docs/openapi.json, compiled into the binary by
// the build (src/api/embed_openapi.cmake), served as GET /api/v1/openapi.json.
// A test holds it against the routes the server registers, both ways.

#include <string_view>

namespace schedulight {

std::string_view OpenApiDocument();

}  // namespace schedulight
