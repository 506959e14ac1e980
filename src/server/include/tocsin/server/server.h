// Tocsin's HTTP server: the JSON API under /api/v1, its OpenAPI document, and
// /healthz. Every request is authenticated (session cookie or API token) and
// every answer is decided by the access policy (tocsin/access/policy.h).
//
// The server does not own the store and does not handle signals: the caller
// (`tocsin serve`) opens the store, starts the server and calls Stop() on
// SIGTERM. Stop() lets requests in flight finish, then Run() returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/password.h"
#include "tocsin/access/session.h"
#include "tocsin/core/result.h"
#include "tocsin/respond/clock.h"
#include "tocsin/store/store.h"

namespace tocsin::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  // TLS: both set, or both empty for plain HTTP (behind a terminating proxy).
  std::string tls_certificate;             // PEM file
  std::string tls_private_key;             // PEM file
  std::size_t max_body_bytes = 1 << 20;    // larger bodies get 413
  std::size_t max_header_bytes = 8 << 10;  // larger header blocks get 431
  std::chrono::seconds read_timeout = std::chrono::seconds(10);
  std::chrono::seconds write_timeout = std::chrono::seconds(10);
  std::chrono::seconds keep_alive_timeout = std::chrono::seconds(5);
  // Each keep-alive connection holds a thread while open, so this bounds the
  // number of clients served at once.
  std::size_t threads = 96;
  // Extra database connections for reads, used beside the store's own (which
  // keeps the writes). Ignored for in-memory databases.
  std::size_t read_connections = 4;
  access::SessionOptions sessions;
  access::PasswordHashOptions password_hashing;
  // Failed logins allowed per account and per address within `throttle_window`
  // before further attempts are refused with 429 until the window has passed.
  int login_failures_allowed = 5;
  std::chrono::seconds throttle_window = std::chrono::minutes(15);
  // Addresses of the reverse proxies in front of the server. A request from one
  // of them is counted (login throttle, access log) as coming from the client
  // named in its X-Forwarded-For; from any other peer that header is ignored.
  // Empty: every request is the connection's peer's, so behind a proxy all
  // clients share one address and its throttle.
  std::vector<std::string> trusted_proxies;
  // One JSON line per request (time, address, method, path, status, bytes,
  // milliseconds, user). Never headers, cookies, tokens, query strings or bodies.
  // Empty: no access log.
  std::function<void(std::string_view line)> access_log;
  // The escalation rules POST /api/v1/events evaluates (TOML, src/monitor/rules.h);
  // empty: the rules built into tocsin. Checked when the server starts.
  std::string rules_file;
  // The clock the response workflow reads (deadlines, overdue tasks, the gap);
  // null: the system's. Tests set a respond::FixedClock.
  std::shared_ptr<const respond::Clock> clock;
};

class Server {
 public:
  // Binds the listening socket. Errors: InvalidArgument for half a TLS
  // configuration or unreadable certificate files; Unavailable when the address
  // cannot be bound. `store` must outlive the server.
  static Result<std::unique_ptr<Server>> Start(store::Store& store, ServerOptions options);

  virtual ~Server() = default;

  // The bound port (useful with port 0).
  virtual int port() const = 0;
  virtual bool tls() const = 0;

  // Serves until Stop(); returns after in-flight requests have finished.
  virtual Status Run() = 0;
  // Stops accepting connections and asks Run() to return. Thread-safe and
  // async-signal-unsafe: call it from a normal thread, not a signal handler.
  virtual void Stop() = 0;
};

}  // namespace tocsin::server
