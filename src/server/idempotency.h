// Idempotency keys: a state-changing request sent with `Idempotency-Key: K` runs
// at most once per user and key. The handler's writes, its audit entries and
// the stored answer commit in one transaction, so a retry after a crash or a
// lost response either finds the stored answer (and gets it again) or finds
// nothing written (and runs). Reusing a key for a different request is 409.
#pragma once

#include <string>

#include "route.h"

namespace tocsin::server {

inline constexpr std::string_view kIdempotencyHeader = "Idempotency-Key";
inline constexpr std::size_t kMaximumIdempotencyKeyLength = 200;

// Runs `handler` for `call` under idempotency key `key`.
Result<Reply> RunIdempotently(Call& call, const std::string& key, const Handler& handler);

}  // namespace tocsin::server
