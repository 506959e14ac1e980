#include "router.h"

namespace tocsin::server {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (const Route& route : routes_) segments_.push_back(Split(route.path));
}

std::optional<Router::Match> Router::Find(std::string_view method, std::string_view path) const {
  const std::vector<std::string> request = Split(path);
  std::optional<Match> found;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const std::vector<std::string>& pattern = segments_[i];
    if (pattern.size() != request.size()) continue;
    Match match;
    bool matches = true;
    for (std::size_t s = 0; s < pattern.size() && matches; ++s) {
      if (IsParameter(pattern[s])) {
        if (request[s].empty()) matches = false;
        match.path_parameters[pattern[s].substr(1, pattern[s].size() - 2)] = request[s];
      } else {
        matches = pattern[s] == request[s];
      }
    }
    if (!matches) continue;
    if (routes_[i].method == method || (method == "HEAD" && routes_[i].method == "GET")) {
      match.route = &routes_[i];
      return match;
    }
    if (!found) found = Match{};
    const std::string_view allowed = routes_[i].method;
    std::string& methods = found->allowed_methods;
    if (methods.find(allowed) == std::string::npos)
      methods.append(methods.empty() ? "" : ", ").append(allowed);
    if (allowed == "GET" && methods.find("HEAD") == std::string::npos) methods.append(", HEAD");
  }
  return found;
}

std::vector<std::string> PathParameterNames(std::string_view path_template) {
  std::vector<std::string> names;
  for (const std::string& segment : Split(path_template)) {
    if (IsParameter(segment)) names.push_back(segment.substr(1, segment.size() - 2));
  }
  return names;
}

}  // namespace tocsin::server
