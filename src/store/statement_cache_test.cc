// The SQLite store keeps prepared statements per connection, keyed by SQL text:
// a statement reused while still in use, a cache past its size, a schema change
// and a failed statement must all behave as if every statement were new.
#include <gtest/gtest.h>

#include "tocsin/store/store.h"

namespace tocsin::store {
namespace {

std::unique_ptr<Store> OpenMemory() {
  auto store = Store::Open("sqlite::memory:");
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

constexpr std::string_view kSelectNumbers = "SELECT n FROM numbers WHERE n > ? ORDER BY n";

Status MakeNumbers(Transaction& transaction, int count) {
  TOCSIN_RETURN_IF_ERROR(transaction.Execute("CREATE TABLE numbers (n INTEGER PRIMARY KEY)").status());
  std::vector<std::vector<Value>> rows;
  for (int n = 1; n <= count; ++n) rows.push_back({std::int64_t{n}});
  return transaction.ExecuteMany("INSERT INTO numbers (n) VALUES (?)", rows);
}

TEST(StatementCache, SameStatementInsideItsOwnRowCallbackRunsIndependently) {
  auto store = OpenMemory();
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  const Status status = store->Write([&](Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(MakeNumbers(transaction, 3));
    const std::vector<Value> outer = {std::int64_t{0}};
    return transaction.Query(kSelectNumbers, outer, [&](const Row& row) {
      const std::int64_t first = row.Integer(0);
      const std::vector<Value> inner = {first};
      return transaction.Query(kSelectNumbers, inner, [&](const Row& second) {
        pairs.emplace_back(first, second.Integer(0));
        return Status::Ok();
      });
    });
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected = {{1, 2}, {1, 3}, {2, 3}};
  EXPECT_EQ(pairs, expected);
}

TEST(StatementCache, ReusedStatementStartsFromItsNewParametersEvenAfterAnEarlyStop) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->Write([](Transaction& transaction) { return MakeNumbers(transaction, 5); }).ok());
  for (std::int64_t after : {3, 0, 4}) {
    std::vector<std::int64_t> seen;
    const std::vector<Value> params = {after};
    const Status status = store->Read([&](Transaction& transaction) {
      return transaction.Query(kSelectNumbers, params, [&](const Row& row) {
        seen.push_back(row.Integer(0));
        // Stop after the first row: the statement goes back to the cache mid-scan.
        return seen.size() == 1 ? Status::Ok() : OutOfRangeError("enough");
      });
    });
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), after + 1);
    EXPECT_EQ(status.code(), after == 4 ? StatusCode::kOk : StatusCode::kOutOfRange);
  }
}

TEST(StatementCache, ManyDistinctStatementsAndASchemaChangeStillWork) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->Write([](Transaction& transaction) { return MakeNumbers(transaction, 3); }).ok());
  // More distinct texts than the cache keeps.
  for (int i = 0; i < 700; ++i) {
    std::int64_t count = 0;
    const std::string sql = "SELECT count(*) FROM numbers WHERE n <= " + std::to_string(i % 5) + " + 0 * ?";
    const std::vector<Value> params = {std::int64_t{i}};
    ASSERT_TRUE(store->Read([&](Transaction& transaction) {
      return transaction.Query(sql, params, [&](const Row& row) {
        count = row.Integer(0);
        return Status::Ok();
      });
    }).ok());
    EXPECT_EQ(count, std::min(i % 5, 3));
  }
  // A cached statement sees a column added after it was prepared.
  std::int64_t columns = 0;
  auto count_columns = [&](Transaction& transaction) {
    return transaction.Query("SELECT * FROM numbers LIMIT 1", {}, [&](const Row& row) {
      columns = row.size();
      return Status::Ok();
    });
  };
  ASSERT_TRUE(store->Read(count_columns).ok());
  EXPECT_EQ(columns, 1);
  ASSERT_TRUE(store->Write([](Transaction& transaction) {
    return transaction.Execute("ALTER TABLE numbers ADD COLUMN label TEXT").status();
  }).ok());
  ASSERT_TRUE(store->Read(count_columns).ok());
  EXPECT_EQ(columns, 2);
  // A statement that fails to prepare is an error, and the next one still runs.
  EXPECT_FALSE(store->Read([](Transaction& transaction) {
    return transaction.Execute("SELECT nothing FROM nowhere").status();
  }).ok());
  EXPECT_TRUE(store->Read(count_columns).ok());
}

}  // namespace
}  // namespace tocsin::store
