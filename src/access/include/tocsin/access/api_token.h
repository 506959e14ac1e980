// API tokens for machine clients (Authorization: Bearer TOKEN). The store holds
// only each token's SHA-256; the token itself is shown once, when created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/session.h"

namespace tocsin::access {

// Every token starts with this, so that a leaked one is recognisable (secret scanners).
inline constexpr std::string_view kApiTokenPrefix = "tocsin_";

struct NewApiToken {
  std::int64_t id = 0;
  std::string token = {};
};

// Creates a token for `user` named `name`; `expires` none: until revoked.
Result<NewApiToken> CreateApiToken(store::Transaction& transaction, UserId user, const std::string& name,
                                   std::optional<Clock::time_point> expires);

// The enabled user `token` belongs to. Errors: NotFound for an unknown, revoked
// or expired token; PermissionDenied for a disabled user.
Result<Principal> AuthenticateApiToken(store::Transaction& transaction, std::string_view token,
                                       Clock::time_point now);

// What is kept of a token (never the token itself): for its owner to find the
// id of one to revoke.
struct ApiTokenInfo {
  std::int64_t id = 0;
  std::string name = {};
  std::string created_at = {};
  std::optional<std::string> expires_at = {};
  std::optional<std::string> revoked_at = {};
};

// Every token of `owner`, oldest first, revoked and expired ones included.
Result<std::vector<ApiTokenInfo>> ListApiTokens(store::Transaction& transaction, UserId owner);

// Revokes token `id` of `owner`. Errors: NotFound when `owner` has no such token.
Status RevokeApiToken(store::Transaction& transaction, UserId owner, std::int64_t id, Clock::time_point now);
// Revokes every token of `owner` still in force; returns how many.
Result<std::int64_t> RevokeApiTokensOf(store::Transaction& transaction, UserId owner, Clock::time_point now);

}  // namespace tocsin::access
