// What every handler shares: the store, the options, the login throttle and the
// cache of serialised responses. One per server; thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "login_throttle.h"
#include "tocsin/monitor/rules.h"
#include "tocsin/server/server.h"

namespace tocsin::server {

// A response body serialised once and served until the data behind it changes.
struct CachedBody {
  std::string json;
  std::string etag;
};

class Services {
 public:
  Services(store::Store& store, ServerOptions options, bool tls)
      : store_(store),
        options_(std::move(options)),
        tls_(tls),
        throttle_(options_.login_failures_allowed, options_.throttle_window) {}

  store::Store& store() { return store_; }
  const ServerOptions& options() const { return options_; }
  bool tls() const { return tls_; }
  LoginThrottle& throttle() { return throttle_; }
  // The response workflow's clock: ServerOptions::clock, else the system's.
  const respond::Clock& clock() const { return options_.clock ? *options_.clock : system_clock_; }

  // Set when the server is stopping: long-running streams end.
  bool stopping() const { return stopping_; }
  void set_stopping() { stopping_ = true; }

  // The OpenAPI document, generated from the route table before serving starts.
  const std::string& openapi() const { return openapi_; }
  void set_openapi(std::string document) { openapi_ = std::move(document); }

  // The escalation rules of the live path (ServerOptions::rules_file), loaded
  // by LoadRules() before serving starts.
  Status LoadRules();
  std::span<const monitor::Rule> rules() const { return rules_; }

  // A password hash of a random password at the configured cost, computed once:
  // logins for unknown users verify against it so that they take as long.
  const std::string& DecoyHash();

  // The cached body under `key`, or null.
  std::shared_ptr<const CachedBody> Cached(const std::string& key);
  void Cache(const std::string& key, std::shared_ptr<const CachedBody> body);
  // Called after any write that may change a cached body.
  void InvalidateCache();

 private:
  store::Store& store_;
  const ServerOptions options_;
  const bool tls_;
  LoginThrottle throttle_;
  respond::SystemClock system_clock_;
  std::string openapi_;
  std::atomic<bool> stopping_ = false;
  std::once_flag decoy_once_;
  std::string decoy_hash_;
  std::vector<monitor::Rule> rules_;
  std::mutex cache_mutex_;
  std::map<std::string, std::shared_ptr<const CachedBody>> cache_;
};

}  // namespace tocsin::server
