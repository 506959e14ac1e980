#include "tocsin/access/audit_log.h"

#include <gtest/gtest.h>

#include <random>

#include "tocsin/store/test_backends.h"

namespace tocsin::access {
namespace {

constexpr int kEntries = 40;
constexpr int kTamperings = 1000;

std::unique_ptr<store::Store> OpenMemoryStore() {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

AuditEntry Entry(int i) {
  AuditEntry entry;
  if (i % 3 != 0) {
    entry.actor = {UserId(i % 5 + 1), "user" + std::to_string(i % 5), OrganisationId(i % 2 + 1)};
  } else {
    entry.actor = LocalOperator();
  }
  entry.action = i % 2 == 0 ? "user.create" : "forecast.read";
  entry.resource = i % 2 == 0 ? "user" : "forecast";
  entry.record_id = std::to_string(100 + i);
  entry.reason = i % 4 == 0 ? "quarterly review" : "";
  entry.detail_json = R"({"clearance":"restricted"})";
  return entry;
}

AuditHead Fill(store::Store& store, int entries) {
  AuditHead head;
  for (int i = 1; i <= entries; ++i) {
    EXPECT_TRUE(store
                    .Write([&](store::Transaction& transaction) -> Status {
                      TOCSIN_ASSIGN_OR_RETURN(head, AppendAudit(transaction, Entry(i)));
                      return Status::Ok();
                    })
                    .ok());
  }
  return head;
}

Result<AuditVerification> Verify(store::Store& store, const std::optional<AuditHead>& head) {
  Result<AuditVerification> result = InternalError("not run");
  EXPECT_TRUE(store
                  .Read([&](store::Transaction& transaction) {
                    result = VerifyAuditChain(transaction, head);
                    return Status::Ok();
                  })
                  .ok());
  return result;
}

TEST(AuditLog, IntactChainVerifiesUpToItsHead) {
  auto store = OpenMemoryStore();
  const AuditHead head = Fill(*store, kEntries);
  EXPECT_EQ(head.sequence, kEntries);
  const auto verified = Verify(*store, head);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->entries, kEntries);
  EXPECT_EQ(verified->head.hash, head.hash);
}

TEST(AuditLog, EmptyLogVerifiesAgainstTheEmptyHead) {
  auto store = OpenMemoryStore();
  EXPECT_TRUE(Verify(*store, AuditHead{}).ok());
  EXPECT_FALSE(Verify(*store, AuditHead{1, std::string(kGenesisHash)}).ok());
}

TEST(AuditLog, EachEntryChainsToThePreviousHash) {
  auto store = OpenMemoryStore();
  Fill(*store, 3);
  ASSERT_TRUE(store
                  ->Read([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(const auto entries, ReadAuditEntries(transaction, 0, kEntries));
                    EXPECT_EQ(entries.size(), 3u);
                    EXPECT_EQ(entries[0].previous_hash, kGenesisHash);
                    EXPECT_EQ(entries[1].previous_hash, entries[0].hash);
                    EXPECT_EQ(entries[2].previous_hash, entries[1].hash);
                    return Status::Ok();
                  })
                  .ok());
}

TEST(AuditLog, AnEntryInsertedBeforeTheFirstIsNamed) {
  auto store = OpenMemoryStore();
  Fill(*store, 3);
  ASSERT_TRUE(
      store
          ->Write([&](store::Transaction& transaction) {
            return transaction
                .Execute(
                    "INSERT INTO audit_log (sequence, at, actor_name, action, resource, record_id, "
                    "reason, detail, previous_hash, hash) VALUES (0, '2026-01-01T00:00:00Z', 'admin', "
                    "'user.update', 'user', '2', '', '{}', 'x', 'y')")
                .status();
          })
          .ok());
  const auto verified = Verify(*store, std::nullopt);
  ASSERT_FALSE(verified.ok());
  EXPECT_NE(verified.status().message().find("audit entry 0 should not exist"), std::string::npos)
      << verified.status().ToString();
}

TEST(AuditLog, TableRefusesUpdateAndDelete) {
  auto store = OpenMemoryStore();
  Fill(*store, 2);
  const Status update = store->Write([](store::Transaction& transaction) {
    return transaction.Execute("UPDATE audit_log SET reason = 'covered up'").status();
  });
  EXPECT_FALSE(update.ok());
  const Status erase = store->Write([](store::Transaction& transaction) {
    return transaction.Execute("DELETE FROM audit_log WHERE sequence = 1").status();
  });
  EXPECT_FALSE(erase.ok());
  EXPECT_NE(erase.message().find("append-only"), std::string::npos) << erase.message();
}

TEST(AuditLog, HeadRoundTripsThroughText) {
  const AuditHead head{17, std::string(kGenesisHash)};
  const auto parsed = AuditHead::Parse(head.ToString());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sequence, 17);
  EXPECT_FALSE(AuditHead::Parse("17").ok());
  EXPECT_FALSE(AuditHead::Parse("x:" + std::string(kGenesisHash)).ok());
  EXPECT_FALSE(AuditHead::Parse("17:abc").ok());
}

// One random edit, deletion, reordering or truncation of a stored log, made
// directly in the database (as an attacker with the file would, guards dropped).
class Tamperer {
 public:
  explicit Tamperer(unsigned seed) : random_(seed) {}

  Status Tamper(store::Transaction& transaction, std::string* what) {
    // (PostgreSQL names a trigger's table.)
    const std::string on = transaction.dialect() == store::Dialect::kPostgres ? " ON audit_log" : "";
    for (const char* trigger : {"audit_log_no_update", "audit_log_no_delete"}) {
      TOCSIN_RETURN_IF_ERROR(
          transaction.Execute(std::string("DROP TRIGGER IF EXISTS ") + trigger + on).status());
    }
    const std::int64_t target = Uniform(1, kEntries);
    switch (Uniform(0, 3)) {
      case 0:
        return Edit(transaction, target, what);
      case 1:
        *what = "delete entry " + std::to_string(target);
        return Run(transaction, "DELETE FROM audit_log WHERE sequence = ?", {target});
      case 2: {
        std::int64_t other = Uniform(1, kEntries - 1);
        if (other >= target) ++other;
        *what = "swap entries " + std::to_string(target) + " and " + std::to_string(other);
        TOCSIN_RETURN_IF_ERROR(
            Run(transaction, "UPDATE audit_log SET sequence = -1 WHERE sequence = ?", {target}));
        TOCSIN_RETURN_IF_ERROR(
            Run(transaction, "UPDATE audit_log SET sequence = ? WHERE sequence = ?", {target, other}));
        return Run(transaction, "UPDATE audit_log SET sequence = ? WHERE sequence = -1", {other});
      }
      default:
        *what = "truncate after entry " + std::to_string(target - 1);
        return Run(transaction, "DELETE FROM audit_log WHERE sequence >= ?", {target});
    }
  }

 private:
  // One UPDATE per column, each certain to change the value it touches.
  // The long statements are split literals, not missing commas.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  static constexpr std::string_view kEdits[] = {
      "UPDATE audit_log SET sequence = sequence + 1000 WHERE sequence = ?",
      "UPDATE audit_log SET at = replace(at, 'T', 't') WHERE sequence = ?",
      "UPDATE audit_log SET actor_user_id = CASE WHEN actor_user_id IS NULL THEN 99 ELSE NULL END WHERE "
      "sequence = ?",
      "UPDATE audit_log SET actor_name = actor_name || 'x' WHERE sequence = ?",
      "UPDATE audit_log SET actor_organisation_id = coalesce(actor_organisation_id, 0) + 1 WHERE sequence = "
      "?",
      "UPDATE audit_log SET action = 'nothing.happened' WHERE sequence = ?",
      "UPDATE audit_log SET resource = resource || 's' WHERE sequence = ?",
      "UPDATE audit_log SET record_id = record_id || '0' WHERE sequence = ?",
      "UPDATE audit_log SET reason = reason || '.' WHERE sequence = ?",
      "UPDATE audit_log SET detail = '{}' || detail WHERE sequence = ?",
      "UPDATE audit_log SET previous_hash = substr(previous_hash, 2) || 'f' WHERE sequence = ?",
      "UPDATE audit_log SET hash = substr(hash, 2) || substr(hash, 1, 1) WHERE sequence = ?",
  };
  // NOLINTEND(bugprone-suspicious-missing-comma)

  Status Edit(store::Transaction& transaction, std::int64_t target, std::string* what) {
    const std::string_view edit = kEdits[Uniform(0, std::size(kEdits) - 1)];
    *what = std::string(edit) + " with sequence " + std::to_string(target);
    return Run(transaction, edit, {target});
  }

  Status Run(store::Transaction& transaction, std::string_view sql, std::vector<store::Value> params) {
    TOCSIN_ASSIGN_OR_RETURN(const std::int64_t changed, transaction.Execute(sql, params));
    // A tampering that touches no row would make the trial vacuous.
    if (changed == 0) return InternalError("tampering changed no row: " + std::string(sql));
    return Status::Ok();
  }

  std::int64_t Uniform(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random_);
  }

  std::mt19937 random_;
};

TEST(AuditLog, VerifyCatchesEveryOneOfAThousandRandomTamperings) {
  auto store = OpenMemoryStore();
  const AuditHead head = Fill(*store, kEntries);
  Tamperer tamperer(20261130);
  int caught = 0;
  constexpr std::string_view kRollBack = "roll back the tampering";
  for (int trial = 0; trial < kTamperings; ++trial) {
    std::string what;
    const Status status = store->Write([&](store::Transaction& transaction) -> Status {
      TOCSIN_RETURN_IF_ERROR(tamperer.Tamper(transaction, &what));
      const auto verified = VerifyAuditChain(transaction, head);
      if (!verified.ok() && verified.status().code() == StatusCode::kDataLoss)
        ++caught;
      else
        ADD_FAILURE() << "not caught: " << what;
      return InternalError(std::string(kRollBack));
    });
    ASSERT_EQ(status.message(), kRollBack) << what << ": " << status.ToString();
  }
  EXPECT_EQ(caught, kTamperings);
  // Every tampering was rolled back: the log is whole again.
  EXPECT_TRUE(Verify(*store, head).ok());
}

}  // namespace
}  // namespace tocsin::access
