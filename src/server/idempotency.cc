#include "idempotency.h"

#include "dispatcher.h"
#include "services.h"
#include "tocsin/access/secret.h"
#include "tocsin/core/time.h"
#include "tocsin/store/transaction_store.h"

namespace tocsin::server {
namespace {

constexpr int kFirstNonSuccessStatus = 300;

struct StoredAnswer {
  std::string request_hash;
  int status = 0;
  std::string body;
};

}  // namespace

Result<Reply> RunIdempotently(Call& call, const std::string& key, const Handler& handler) {
  if (key.empty() || key.size() > kMaximumIdempotencyKeyLength) {
    return InvalidArgumentError("Idempotency-Key must be 1-200 characters");
  }
  const httplib::Request& request = call.request;
  const std::string request_hash =
      access::Sha256Hex(request.method + "\n" + request.path + "\n" + request.body);
  Result<Reply> reply = InternalError("the request did not run");
  const Status committed = call.services.store().Write([&](store::Transaction& transaction) -> Status {
    std::optional<StoredAnswer> stored;
    const std::vector<store::Value> lookup = {call.principal.user.value(), key};
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT request_hash, status, response_body FROM idempotency_keys WHERE user_id = ? AND key = ?",
        lookup, [&](const store::Row& row) {
          stored = StoredAnswer{row.Text(0), static_cast<int>(row.Integer(1)), row.Text(2)};
          return Status::Ok();
        }));
    if (stored) {
      if (stored->request_hash != request_hash) {
        reply = FailedPreconditionError("this Idempotency-Key was used for a different request");
      } else {
        reply = Reply{.status = stored->status, .cached_body = stored->body};
        reply->headers.emplace_back("Idempotent-Replayed", "true");
      }
      return Status::Ok();
    }
    // The handler's work joins the idempotent write: its writes are savepoints in it.
    store::TransactionStore bound(call.services.store(), transaction);
    call.bound_store = &bound;
    reply = handler(call);
    call.bound_store = nullptr;
    // A failed handler rolls back everything it wrote; nothing is remembered.
    if (!reply.ok()) return reply.status();
    if (reply->status >= kFirstNonSuccessStatus) return Status::Ok();
    if (reply->cached_body.empty()) reply->cached_body = SafeJson(reply->body);
    const std::vector<store::Value> remember = {
        call.principal.user.value(), key,     request_hash, std::int64_t{reply->status},
        reply->cached_body,          NowUtc()};
    return transaction
        .Execute(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response_body, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            remember)
        .status();
  });
  if (!committed.ok()) return committed;
  // Handlers invalidate caches before this commit; do it again after it.
  call.services.InvalidateCache();
  return reply;
}

}  // namespace tocsin::server
