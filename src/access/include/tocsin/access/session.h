// Server-side login sessions. The browser holds a random session token in a
// cookie; the store holds only its SHA-256, with the user, the times that bound
// it and the hash of the session's CSRF token. Every request re-reads the user,
// so logout, disabling a user or lowering a clearance applies to the next one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "tocsin/access/principal.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

using Clock = std::chrono::system_clock;

struct SessionOptions {
  std::chrono::seconds idle_timeout = std::chrono::minutes(30);
  std::chrono::seconds absolute_timeout = std::chrono::hours(12);
  // last_seen_at is rewritten at most this often, so that most requests stay
  // reads; the idle timeout is therefore exact to within this interval.
  std::chrono::seconds touch_interval = std::chrono::minutes(1);
};

// The secrets of a new session, handed to the client once and never stored.
struct SessionSecrets {
  std::string token = {};       // the cookie value
  std::string csrf_token = {};  // sent back in X-CSRF-Token on state-changing requests
  std::string expires_at = {};  // UTC: the absolute timeout
};

// Starts a session for `user` in the caller's write transaction.
Result<SessionSecrets> StartSession(store::Transaction& transaction, UserId user,
                                    const SessionOptions& options, Clock::time_point now);

struct ActiveSession {
  std::int64_t id = 0;
  Principal principal = {};
  std::string csrf_hash = {};
  bool needs_touch = false;  // last_seen_at is older than the touch interval
};

// The live session `token` names. Errors: NotFound for an unknown, ended, idle or
// expired session (the client must log in again); PermissionDenied for a
// disabled user.
Result<ActiveSession> CheckSession(store::Transaction& transaction, std::string_view token,
                                   const SessionOptions& options, Clock::time_point now);

// Records activity on session `id` (a write).
Status TouchSession(store::Transaction& transaction, std::int64_t id, Clock::time_point now);

// Ends the session `token` names; ending an unknown or ended one is not an error.
Status EndSession(store::Transaction& transaction, std::string_view token, Clock::time_point now);

// Ends every session of `user` (after a password change or when disabled).
Status EndSessionsOf(store::Transaction& transaction, UserId user, Clock::time_point now);

// Whether `csrf_token` is the one issued with `session`. Constant time.
bool CsrfTokenMatches(const ActiveSession& session, std::string_view csrf_token);

}  // namespace tocsin::access
