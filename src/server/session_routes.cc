// Login (POST /api/v1/session), who am I (GET), logout (DELETE), and the caller's
// own API tokens.
#include <fmt/format.h>

#include "api_routes.h"
#include "audit_trail.h"
#include "authenticator.h"
#include "client_address.h"
#include "http_status.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/access/api_token.h"
#include "tocsin/access/user_repository.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

constexpr std::string_view kWrongCredentials = "wrong user name or password";
constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;
// Longer-lived tokens are what revocation is for; the bound also keeps the expiry
// time within what a clock can count.
constexpr std::int64_t kLongestTokenDays = 3650;

// What the caller's roles permit, as "resource:action" ("case:create"), so that
// a client offers only what the policy allows. Record-level decisions (label,
// organisation, case) still happen on every request.
nlohmann::json Permissions(const access::Principal& principal) {
  nlohmann::json permissions = nlohmann::json::array();
  for (access::Resource resource : access::kAllResources) {
    for (access::Action action : access::kAllActions) {
      if (access::DecideRole(principal, action, resource)) {
        permissions.push_back(fmt::format("{}:{}", access::ResourceName(resource), access::ActionName(action)));
      }
    }
  }
  return permissions;
}

nlohmann::json PrincipalJson(const access::Principal& principal) {
  return {{"id", principal.user.value()},
          {"name", principal.name},
          {"organisation_id", principal.organisation.value()},
          {"roles", RoleNames(principal.roles)},
          {"clearance", access::ClearanceName(principal.clearance)},
          {"permissions", Permissions(principal)}};
}

Result<Reply> Login(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "name"));
  TOCSIN_ASSIGN_OR_RETURN(const std::string password, RequiredString(body, "password"));
  LoginThrottle& throttle = call.services.throttle();
  const std::string address = ClientAddress(call.request, call.services.options().trusted_proxies);
  if (const auto wait = throttle.RetryAfter(name, address, LoginThrottle::Clock::now())) {
    Reply reply{.status = kHttpTooManyRequests,
                .body = {{"error",
                          {{"status", kHttpTooManyRequests},
                           {"message", "too many failed logins; try again later"}}}}};
    reply.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return reply;
  }
  std::optional<std::pair<access::UserId, std::string>> credentials;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    auto found = access::FindLoginCredentials(transaction, name);
    if (found.ok()) credentials = std::move(found).value();
    return Status::Ok();
  }));
  // Verifying against a decoy when the user does not exist keeps the answer's
  // timing from telling which user names exist.
  const bool verified =
      access::VerifyPassword(password, credentials ? credentials->second : call.services.DecoyHash());
  if (!credentials || !verified) {
    throttle.RecordFailure(name, address, LoginThrottle::Clock::now());
    return Reply{.status = kHttpUnauthorized,
                 .body = {{"error", {{"status", kHttpUnauthorized}, {"message", kWrongCredentials}}}}};
  }
  throttle.RecordSuccess(name);
  access::SessionSecrets secrets;
  access::Principal principal;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(principal, access::LoadPrincipal(transaction, credentials->first));
    TOCSIN_ASSIGN_OR_RETURN(
        secrets, access::StartSession(transaction, credentials->first, call.services.options().sessions,
                                      access::Clock::now()));
    Call as_user{call.request, principal, {}, call.services};
    return AuditWrite(transaction, as_user, "login", Resource::kUser, std::to_string(principal.user.value()),
                      {{"address", address}});
  }));
  Reply reply{.body = {{"user", PrincipalJson(principal)},
                       {"csrf_token", secrets.csrf_token},
                       {"expires_at", secrets.expires_at}}};
  reply.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(secrets.token, call.services.options().sessions.absolute_timeout, call.services.tls()));
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

Result<Reply> Logout(Call& call) {
  const std::optional<std::string> token = CookieValue(call.request, kSessionCookie);
  if (!token) {
    return FailedPreconditionError(
        "no session to end: this request carries an API token, not a session cookie; revoke the token with "
        "DELETE /api/v1/tokens/{id} (GET /api/v1/tokens lists yours)");
  }
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(access::EndSession(transaction, *token, access::Clock::now()));
    return AuditWrite(transaction, call, "logout", Resource::kUser,
                      std::to_string(call.principal.user.value()), {});
  }));
  Reply reply{.status = kHttpNoContent};
  reply.headers.emplace_back("Set-Cookie", SessionCookie("", std::chrono::seconds(0), call.services.tls()));
  return reply;
}

Result<Reply> ListTokens(Call& call) {
  nlohmann::json tokens = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto found, access::ListApiTokens(transaction, call.principal.user));
    for (const access::ApiTokenInfo& token : found) {
      tokens.push_back({{"id", token.id},
                        {"name", token.name},
                        {"created_at", token.created_at},
                        {"expires_at", Nullable(token.expires_at)},
                        {"revoked_at", Nullable(token.revoked_at)}});
    }
    return Status::Ok();
  }));
  return Reply{.body = {{"tokens", std::move(tokens)}}};
}

Result<Reply> CreateToken(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "name"));
  TOCSIN_ASSIGN_OR_RETURN(const auto days, OptionalInteger(body, "expires_in_days"));
  if (days && (*days <= 0 || *days > kLongestTokenDays)) {
    return InvalidArgumentError(
        fmt::format("field 'expires_in_days' must be from 1 to {} (ten years); leave it out for a token "
                    "that lasts until revoked",
                    kLongestTokenDays));
  }
  std::optional<access::Clock::time_point> expires;
  if (days) expires = access::Clock::now() + std::chrono::seconds(*days * kSecondsPerDay);
  access::NewApiToken token;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(token, access::CreateApiToken(transaction, call.principal.user, name, expires));
    return AuditWrite(transaction, call, "create", Resource::kApiToken, std::to_string(token.id),
                      {{"name", name}});
  }));
  return Reply{.status = kHttpCreated, .body = {{"id", token.id}, {"name", name}, {"token", token.token}}};
}

Result<Reply> RevokeToken(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    const Status revoked = access::RevokeApiToken(transaction, call.principal.user, id, access::Clock::now());
    if (revoked.code() == StatusCode::kNotFound) return Hidden(Resource::kApiToken);
    TOCSIN_RETURN_IF_ERROR(revoked);
    return AuditWrite(transaction, call, "delete", Resource::kApiToken, std::to_string(id), {});
  }));
  return Reply{.status = kHttpNoContent};
}

}  // namespace

void AddSessionRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "POST",
                    .path = "/api/v1/session",
                    .summary = "Log in: sets the session cookie and returns the CSRF token for later writes",
                    .tag = "session",
                    .guard = Guard::kPublic,
                    .request_schema = "Login",
                    .response_schema = "Session",
                    .handler = Login});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/session",
                    .summary = "The signed-in user, their organisation, roles and clearance",
                    .tag = "session",
                    .guard = Guard::kAuthenticated,
                    .response_schema = "Principal",
                    .handler = [](Call& call) -> Result<Reply> {
                      return Reply{.body = {{"user", PrincipalJson(call.principal)}}};
                    }});
  routes.push_back({.method = "DELETE",
                    .path = "/api/v1/session",
                    .summary = "Log out: ends the session at once",
                    .tag = "session",
                    .guard = Guard::kAuthenticated,
                    .success_status = kHttpNoContent,
                    .handler = Logout});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/tokens",
                    .summary = "The caller's API tokens (never the tokens themselves), to find one to revoke",
                    .tag = "session",
                    .guard = Guard::kAuthenticated,
                    .response_schema = "ApiTokenList",
                    .handler = ListTokens});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/tokens",
                    .summary = "Create an API token for the caller (shown once)",
                    .tag = "session",
                    .resource = Resource::kApiToken,
                    .action = Action::kCreate,
                    .request_schema = "NewApiToken",
                    .response_schema = "ApiToken",
                    .success_status = kHttpCreated,
                    .handler = CreateToken});
  routes.push_back({.method = "DELETE",
                    .path = "/api/v1/tokens/{id}",
                    .summary = "Revoke one of the caller's API tokens",
                    .tag = "session",
                    .resource = Resource::kApiToken,
                    .action = Action::kDelete,
                    .success_status = kHttpNoContent,
                    .handler = RevokeToken});
}

}  // namespace tocsin::server
