// Who sent a request: an API token (Authorization: Bearer), a session cookie, or
// nobody. The user is re-read from the store on every request.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "services.h"
#include "tocsin/access/session.h"

namespace tocsin::server {

inline constexpr std::string_view kSessionCookie = "tocsin_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

enum class Credential : std::uint8_t { kNone, kApiToken, kSession };

struct Authentication {
  Credential credential = Credential::kNone;
  access::Principal principal;  // anonymous for kNone
  std::optional<access::ActiveSession> session;
};

// Errors: NotFound or PermissionDenied when credentials were presented but are
// not (or no longer) valid; the caller answers 401.
Result<Authentication> Authenticate(Services& services, const httplib::Request& request);

// The value of cookie `name` in the request's Cookie headers, if present.
std::optional<std::string> CookieValue(const httplib::Request& request, std::string_view name);

// The session cookie to set after login (`token`) or to clear it (empty token).
std::string SessionCookie(const std::string& token, std::chrono::seconds max_age, bool secure);

}  // namespace tocsin::server
