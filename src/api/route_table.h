#pragma once
// The API's routes: method + path template ("/meetings/{id}/status/{step}",
// below /api/v1, the same spelling openapi.json uses) + handler. The table
// matches a request path to its route, telling apart "no such path" (404)
// from "path exists, method does not" (405, with the allowed methods), and
// lists every route so a test can hold it against openapi.json.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_reply.h"

namespace schedulight {

using RouteHandler = std::function<ApiReply(const ApiRequest&)>;

// What a route expects of a request.
enum class RouteBody {
  kNone,       // no body is read
  kJsonObject  // a JSON object body is required (POST, PUT)
};

struct Route {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // template below /api/v1: "/servers/{id}"
  RouteBody body = RouteBody::kNone;
  bool public_route = false;  // reachable without a token (GET /healthz only)
  RouteHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;               // null: see path_exists / allowed
  std::map<std::string, std::string> params;  // {name} -> value
  bool path_exists = false;                   // some route has this path
  std::vector<std::string> allowed;           // its methods, for 405's Allow header
};

class RouteTable {
 public:
  void Add(Route route);
  // method "HEAD" matches GET routes.
  RouteMatch Match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // A path template split at '/': a literal segment, or "{name}", which
  // matches any one non-empty segment. Matching walks the path once (no regex).
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool parameter = false;
  };
  static bool MatchSegments(const std::vector<Segment>& segments, std::string_view path,
                            std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_;  // parallel to routes_
};

}  // namespace schedulight
