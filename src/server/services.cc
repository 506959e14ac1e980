#include "services.h"

#include "tocsin/access/password.h"
#include "tocsin/access/secret.h"

namespace tocsin::server {
namespace {

// The cache holds a handful of bodies (the forecast map per visible run); this
// only guards against unbounded growth.
constexpr std::size_t kMaximumCachedBodies = 256;

}  // namespace

const std::string& Services::DecoyHash() {
  std::call_once(decoy_once_, [this] {
    constexpr std::size_t kDecoyBytes = 16;
    auto hash = access::HashPassword(access::RandomHex(kDecoyBytes), options_.password_hashing);
    // Without a decoy (out of memory) unknown users fail fast; nothing else changes.
    if (hash.ok()) decoy_hash_ = std::move(hash).value();
  });
  return decoy_hash_;
}

std::shared_ptr<const CachedBody> Services::Cached(const std::string& key) {
  std::lock_guard lock(cache_mutex_);
  const auto found = cache_.find(key);
  return found == cache_.end() ? nullptr : found->second;
}

void Services::Cache(const std::string& key, std::shared_ptr<const CachedBody> body) {
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kMaximumCachedBodies) cache_.clear();
  cache_[key] = std::move(body);
}

Status Services::LoadRules() {
  auto rules = options_.rules_file.empty() ? monitor::DefaultRules() : monitor::LoadRules(options_.rules_file);
  if (!rules.ok()) return rules.status();
  rules_ = std::move(rules).value();
  return Status::Ok();
}

void Services::InvalidateCache() {
  std::lock_guard lock(cache_mutex_);
  cache_.clear();
}

}  // namespace tocsin::server
