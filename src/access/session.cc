#include "tocsin/access/session.h"

#include "principal_query.h"
#include "tocsin/access/secret.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/core/time.h"

namespace tocsin::access {
namespace {

// 256 bits: guessing a live token is hopeless.
constexpr std::size_t kSecretBytes = 32;
// CheckSession selects three session columns before the principal's.
constexpr int kFirstPrincipalColumn = 3;

}  // namespace

Result<SessionSecrets> StartSession(store::Transaction& transaction, UserId user,
                                    const SessionOptions& options, Clock::time_point now) {
  SessionSecrets secrets{RandomHex(kSecretBytes), RandomHex(kSecretBytes),
                         FormatUtc(now + options.absolute_timeout)};
  const std::string started = FormatUtc(now);
  const std::vector<store::Value> params = {
      Sha256Hex(secrets.token), Sha256Hex(secrets.csrf_token), user.value(), started, started,
      secrets.expires_at};
  TOCSIN_RETURN_IF_ERROR(
      transaction
          .Execute("INSERT INTO sessions (token_hash, csrf_hash, user_id, created_at, last_seen_at, "
                   "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                   params)
          .status());
  return secrets;
}

Result<ActiveSession> CheckSession(store::Transaction& transaction, std::string_view token,
                                   const SessionOptions& options, Clock::time_point now) {
  // Timestamps are ISO 8601 UTC text, which compares as it sorts.
  const std::vector<store::Value> params = {Sha256Hex(token), FormatUtc(now),
                                            FormatUtc(now - options.idle_timeout)};
  ActiveSession session;
  std::string last_seen;
  std::optional<Result<Principal>> principal;
  const PrincipalColumns principal_columns(transaction.dialect());
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT sessions.id, sessions.csrf_hash, sessions.last_seen_at, " + principal_columns.sql +
          " FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = ? "
          "AND sessions.ended_at IS NULL AND sessions.expires_at > ? AND sessions.last_seen_at >= ?",
      params, [&](const store::Row& row) {
        session.id = row.Integer(0);
        session.csrf_hash = row.Text(1);
        last_seen = row.Text(2);
        principal = PrincipalFromRow(row, kFirstPrincipalColumn);
        return Status::Ok();
      }));
  if (!principal) return NotFoundError("no such session, or it has expired; log in again");
  if (!principal->ok()) return principal->status();
  session.principal = std::move(*principal).value();
  session.needs_touch = last_seen < FormatUtc(now - options.touch_interval);
  return session;
}

Status TouchSession(store::Transaction& transaction, std::int64_t id, Clock::time_point now) {
  const std::vector<store::Value> params = {FormatUtc(now), id};
  return transaction.Execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", params).status();
}

Status EndSession(store::Transaction& transaction, std::string_view token, Clock::time_point now) {
  const std::vector<store::Value> params = {FormatUtc(now), Sha256Hex(token)};
  return transaction
      .Execute("UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", params)
      .status();
}

Status EndSessionsOf(store::Transaction& transaction, UserId user, Clock::time_point now) {
  const std::vector<store::Value> params = {FormatUtc(now), user.value()};
  return transaction
      .Execute("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", params)
      .status();
}

bool CsrfTokenMatches(const ActiveSession& session, std::string_view csrf_token) {
  return ConstantTimeEquals(Sha256Hex(csrf_token), session.csrf_hash);
}

}  // namespace tocsin::access
