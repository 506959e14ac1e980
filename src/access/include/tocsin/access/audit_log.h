// The audit log: every write, and every read of confidential or strictly
// confidential records, appends an entry in the same transaction as the change.
// Entries are hash-chained, hash = SHA-256(previous hash || canonical entry),
// so that an exported head (sequence and hash) later proves that nothing was
// edited, deleted, reordered or cut off. The table refuses UPDATE and DELETE.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/principal.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

// The previous hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditActor {
  std::optional<UserId> user = {};  // none: the local operator at the command line
  std::string name = {};
  std::optional<OrganisationId> organisation = {};
};

AuditActor ActorOf(const Principal& principal);
// Whoever runs the `tocsin` command on the server itself.
AuditActor LocalOperator();

struct AuditEntry {
  std::int64_t sequence = 0;  // set by AppendAudit: 1, 2, 3, ...
  std::string at = {};        // set by AppendAudit: UTC
  AuditActor actor = {};
  std::string action = {};    // "<resource>.<verb>", e.g. "user.create", "forecast.read"
  std::string resource = {};  // ResourceName
  std::string record_id = {};
  std::string reason = {};         // why, where the caller gave it
  std::string detail_json = "{}";  // what changed; never secrets or report text
  std::string previous_hash = {};  // set by AppendAudit
  std::string hash = {};           // set by AppendAudit
};

// The last entry: what `tocsin audit export-head` prints and `verify --head` checks.
struct AuditHead {
  std::int64_t sequence = 0;  // 0: the log is empty
  std::string hash = std::string(kGenesisHash);

  // "SEQUENCE:HASH"
  std::string ToString() const;
  // Errors: InvalidArgument for text that is not "SEQUENCE:HASH".
  static Result<AuditHead> Parse(std::string_view text);
};

// Appends `entry` inside the caller's write transaction and returns the new head.
// Writers are serialised by the store, so the chain cannot fork.
Result<AuditHead> AppendAudit(store::Transaction& transaction, AuditEntry entry);

// The text that is hashed: the JSON object of every field except `hash` and
// `previous_hash`, keys sorted, no spaces.
std::string CanonicalAuditEntry(const AuditEntry& entry);

Result<AuditHead> ReadAuditHead(store::Transaction& transaction);

// Entries with sequence > `after`, oldest first, at most `limit`.
Result<std::vector<AuditEntry>> ReadAuditEntries(store::Transaction& transaction, std::int64_t after,
                                                 std::int64_t limit);

struct AuditVerification {
  std::int64_t entries = 0;
  AuditHead head = {};
};

// Recomputes the whole chain. With `expected_head` (exported earlier) it also
// proves that no entry up to it was removed from the end. Errors: DataLoss naming
// the first entry that does not verify and what is wrong with it.
Result<AuditVerification> VerifyAuditChain(store::Transaction& transaction,
                                           const std::optional<AuditHead>& expected_head = std::nullopt);

}  // namespace tocsin::access
