#include "web_assets.h"

#include <deque>
#include <span>

#include "http_status.h"
#include "tocsin/access/secret.h"
#include "tocsin/core/embedded_file.h"

namespace tocsin::server {

// Defined in the generated web_assets_data.cc (cmake/Web.cmake).
extern const std::span<const ::tocsin::EmbeddedFile> kWebAssets;

namespace {

std::string_view ContentType(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

struct Table {
  std::deque<std::string> paths;  // stable addresses for WebAsset::path
  std::deque<WebAsset> assets;
};

const Table& Assets() {
  static const Table kTable = [] {
    Table built;
    for (const EmbeddedFile& file : kWebAssets) {
      const std::string& path =
          built.paths.emplace_back(file.name == "index.html" ? "/" : "/" + std::string(file.name));
      built.assets.push_back(
          {.path = path,
           .content_type = ContentType(file.name),
           .body = file.text,
           .etag = "\"" + access::Sha256Hex(file.text).substr(0, kEtagHexDigits) + "\""});
    }
    return built;
  }();
  return kTable;
}

}  // namespace

const WebAsset* FindWebAsset(std::string_view path) {
  if (path == "/index.html") path = "/";
  for (const WebAsset& asset : Assets().assets) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace tocsin::server
