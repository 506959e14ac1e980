// Matches a request's method and path against the route table.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "route.h"

namespace tocsin::server {

class Router {
 public:
  explicit Router(std::vector<Route> routes);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> path_parameters;
    std::string allowed_methods;  // without a route: the path's methods ("GET, POST"), for Allow
  };

  // The route for `method` and `path`, with the values of its {parameters}.
  // nullopt when no route has the path; a Match without a route, naming the
  // methods the path has, when it exists but not for this method (405).
  std::optional<Match> Find(std::string_view method, std::string_view path) const;

  std::span<const Route> routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // per route, split at '/'
};

// The template's {parameter} names, in order.
std::vector<std::string> PathParameterNames(std::string_view path_template);

}  // namespace tocsin::server
