// The dashboard's files (web/, bundled at build time and compiled into the
// binary): served at "/" and beside it, with no network needed at run time.
#pragma once

#include <string>
#include <string_view>

namespace tocsin::server {

struct WebAsset {
  std::string_view path;          // "/", "/app.js", ...
  std::string_view content_type;  // with charset for text
  std::string_view body;
  std::string etag;  // strong, of the body
};

// The asset served at `path`, or nullptr. Thread-safe.
const WebAsset* FindWebAsset(std::string_view path);

}  // namespace tocsin::server
