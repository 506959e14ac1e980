#include "tocsin/access/api_token.h"

#include "principal_query.h"
#include "tocsin/access/secret.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/core/time.h"

namespace tocsin::access {
namespace {

constexpr std::size_t kTokenBytes = 32;

}  // namespace

Result<NewApiToken> CreateApiToken(store::Transaction& transaction, UserId user, const std::string& name,
                                   std::optional<Clock::time_point> expires) {
  NewApiToken created;
  created.token = std::string(kApiTokenPrefix) + RandomHex(kTokenBytes);
  const std::vector<store::Value> params = {Sha256Hex(created.token), user.value(), name, NowUtc(),
                                            expires ? store::Value(FormatUtc(*expires)) : store::Value()};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO api_tokens (token_hash, user_id, name, created_at, "
                                      "expires_at) VALUES (?, ?, ?, ?, ?)",
                                      params)
                             .status());
  created.id = transaction.LastInsertId();
  return created;
}

Result<Principal> AuthenticateApiToken(store::Transaction& transaction, std::string_view token,
                                       Clock::time_point now) {
  if (!token.starts_with(kApiTokenPrefix)) return NotFoundError("not a tocsin API token");
  const std::vector<store::Value> params = {Sha256Hex(token), FormatUtc(now)};
  std::optional<Result<Principal>> principal;
  const PrincipalColumns principal_columns(transaction.dialect());
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT " + principal_columns.sql +
          " FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.token_hash = ? "
          "AND api_tokens.revoked_at IS NULL AND (api_tokens.expires_at IS NULL OR api_tokens.expires_at > "
          "?)",
      params, [&](const store::Row& row) {
        principal = PrincipalFromRow(row);
        return Status::Ok();
      }));
  if (!principal) return NotFoundError("unknown, revoked or expired API token");
  return *principal;
}

Result<std::vector<ApiTokenInfo>> ListApiTokens(store::Transaction& transaction, UserId owner) {
  std::vector<ApiTokenInfo> tokens;
  const std::vector<store::Value> params = {owner.value()};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT id, name, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id",
      params, [&](const store::Row& row) {
        ApiTokenInfo& token = tokens.emplace_back();
        token.id = row.Integer(0);
        token.name = row.Text(1);
        token.created_at = row.Text(2);
        if (!row.IsNull(3)) token.expires_at = row.Text(3);
        if (!row.IsNull(4)) token.revoked_at = row.Text(4);
        return Status::Ok();
      }));
  return tokens;
}

Status RevokeApiToken(store::Transaction& transaction, UserId owner, std::int64_t id, Clock::time_point now) {
  const std::vector<store::Value> params = {FormatUtc(now), id, owner.value()};
  TOCSIN_ASSIGN_OR_RETURN(
      const std::int64_t changed,
      transaction.Execute(
          "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
          params));
  if (changed == 0) return NotFoundError("no such API token");
  return Status::Ok();
}

Result<std::int64_t> RevokeApiTokensOf(store::Transaction& transaction, UserId owner, Clock::time_point now) {
  const std::vector<store::Value> params = {FormatUtc(now), owner.value()};
  return transaction.Execute("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                             params);
}

}  // namespace tocsin::access
