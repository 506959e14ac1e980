#include "tocsin/access/audit_log.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "tocsin/access/secret.h"
#include "tocsin/core/time.h"

namespace tocsin::access {
namespace {

constexpr std::size_t kHashLength = kGenesisHash.size();

constexpr std::string_view kSelectEntry =
    "SELECT sequence, at, actor_user_id, actor_name, actor_organisation_id, action, resource, record_id, "
    "reason, "
    "detail, previous_hash, hash FROM audit_log";

std::string ChainHash(std::string_view previous_hash, const AuditEntry& entry) {
  return Sha256Hex(std::string(previous_hash) + CanonicalAuditEntry(entry));
}

AuditEntry ReadEntry(const store::Row& row) {
  AuditEntry entry;
  entry.sequence = row.Integer(0);
  entry.at = row.Text(1);
  if (!row.IsNull(2)) entry.actor.user = UserId(row.Integer(2));
  entry.actor.name = row.Text(3);
  if (!row.IsNull(4)) entry.actor.organisation = OrganisationId(row.Integer(4));
  entry.action = row.Text(5);
  entry.resource = row.Text(6);
  entry.record_id = row.Text(7);
  entry.reason = row.Text(8);
  entry.detail_json = row.Text(9);
  entry.previous_hash = row.Text(10);
  entry.hash = row.Text(11);
  return entry;
}

}  // namespace

AuditActor ActorOf(const Principal& principal) {
  return {principal.user, principal.name, principal.organisation};
}

AuditActor LocalOperator() {
  return {std::nullopt, "local operator (tocsin command line)", std::nullopt};
}

std::string AuditHead::ToString() const {
  return fmt::format("{}:{}", sequence, hash);
}

Result<AuditHead> AuditHead::Parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  AuditHead head;
  const bool sequence_ok =
      colon != std::string_view::npos &&
      std::from_chars(text.data(), text.data() + colon, head.sequence).ptr == text.data() + colon;
  head.hash = colon == std::string_view::npos ? "" : std::string(text.substr(colon + 1));
  const bool hash_ok =
      head.hash.size() == kHashLength && head.hash.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!sequence_ok || !hash_ok || head.sequence < 0) {
    return InvalidArgumentError(
        fmt::format("'{}' is not an audit head: expected SEQUENCE:SHA256 as printed by "
                    "`tocsin audit export-head`",
                    text));
  }
  return head;
}

std::string CanonicalAuditEntry(const AuditEntry& entry) {
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  nlohmann::json json = {
      {"sequence", entry.sequence},
      {"at", entry.at},
      {"actor_user_id", entry.actor.user ? nlohmann::json(entry.actor.user->value()) : nlohmann::json()},
      {"actor_name", entry.actor.name},
      {"actor_organisation_id",
       entry.actor.organisation ? nlohmann::json(entry.actor.organisation->value()) : nlohmann::json()},
      {"action", entry.action},
      {"resource", entry.resource},
      {"record_id", entry.record_id},
      {"reason", entry.reason},
      {"detail", entry.detail_json},
  };
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<AuditHead> ReadAuditHead(store::Transaction& transaction) {
  AuditHead head;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", {}, [&](const store::Row& row) {
        head.sequence = row.Integer(0);
        head.hash = row.Text(1);
        return Status::Ok();
      }));
  return head;
}

Result<AuditHead> AppendAudit(store::Transaction& transaction, AuditEntry entry) {
  TOCSIN_ASSIGN_OR_RETURN(const AuditHead previous, ReadAuditHead(transaction));
  entry.sequence = previous.sequence + 1;
  entry.at = NowUtc();
  entry.previous_hash = previous.hash;
  entry.hash = ChainHash(entry.previous_hash, entry);
  const std::vector<store::Value> params = {
      entry.sequence,
      entry.at,
      entry.actor.user ? store::Value(entry.actor.user->value()) : store::Value(),
      entry.actor.name,
      entry.actor.organisation ? store::Value(entry.actor.organisation->value()) : store::Value(),
      entry.action,
      entry.resource,
      entry.record_id,
      entry.reason,
      entry.detail_json,
      entry.previous_hash,
      entry.hash};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO audit_log (sequence, at, actor_user_id, actor_name, "
                                      "actor_organisation_id, action, resource, record_id, reason, detail, "
                                      "previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  return AuditHead{entry.sequence, entry.hash};
}

Result<std::vector<AuditEntry>> ReadAuditEntries(store::Transaction& transaction, std::int64_t after,
                                                 std::int64_t limit) {
  std::vector<AuditEntry> entries;
  const std::vector<store::Value> params = {after, limit};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query(std::string(kSelectEntry) + " WHERE sequence > ? ORDER BY sequence LIMIT ?", params,
                        [&](const store::Row& row) {
                          entries.push_back(ReadEntry(row));
                          return Status::Ok();
                        }));
  return entries;
}

Result<AuditVerification> VerifyAuditChain(store::Transaction& transaction,
                                           const std::optional<AuditHead>& expected_head) {
  AuditVerification verification;
  std::optional<std::string> hash_at_expected_head;
  if (expected_head && expected_head->sequence == 0) hash_at_expected_head = std::string(kGenesisHash);
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kSelectEntry) + " ORDER BY sequence", {}, [&](const store::Row& row) -> Status {
        const AuditEntry entry = ReadEntry(row);
        const std::int64_t expected_sequence = verification.head.sequence + 1;
        if (entry.sequence < expected_sequence) {
          return DataLossError(
              fmt::format("audit entry {} should not exist (the log numbers entries from 1 and the "
                          "last one was {}): inserted or renumbered",
                          entry.sequence, verification.head.sequence));
        }
        if (entry.sequence != expected_sequence) {
          return DataLossError(
              fmt::format("audit entry {} is missing (the next entry is {}): deleted or reordered",
                          expected_sequence, entry.sequence));
        }
        if (entry.previous_hash != verification.head.hash) {
          return DataLossError(
              fmt::format("audit entry {} does not follow entry {}: its previous hash differs",
                          entry.sequence, verification.head.sequence));
        }
        if (ChainHash(entry.previous_hash, entry) != entry.hash) {
          return DataLossError(
              fmt::format("audit entry {} was edited: its hash does not match its content", entry.sequence));
        }
        verification.head = {entry.sequence, entry.hash};
        ++verification.entries;
        if (expected_head && expected_head->sequence == entry.sequence) hash_at_expected_head = entry.hash;
        return Status::Ok();
      }));
  if (expected_head) {
    if (!hash_at_expected_head) {
      return DataLossError(fmt::format(
          "the audit log ends at entry {} but the exported head is entry {}: entries were removed "
          "(cut off at the end, or deleted and the rest renumbered)",
          verification.head.sequence, expected_head->sequence));
    }
    if (*hash_at_expected_head != expected_head->hash) {
      return DataLossError(fmt::format("audit entry {} differs from the exported head: the log was rewritten",
                                       expected_head->sequence));
    }
  }
  return verification;
}

}  // namespace tocsin::access
