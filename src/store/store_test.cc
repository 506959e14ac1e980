#include "tocsin/store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "backend_test.h"
#include "tocsin/store/transaction_store.h"

namespace tocsin::store {
namespace {

// The conformance suite: every case runs on SQLite and on PostgreSQL.
class StoreTest : public BackendTest {
 protected:
  std::int64_t CountCountries(Store& store) {
    std::int64_t count = -1;
    EXPECT_TRUE(store.Read([&](Transaction& transaction) {
      return transaction.Query("SELECT count(*) FROM countries", {}, [&](const Row& row) {
        count = row.Integer(0);
        return Status::Ok();
      });
    }).ok());
    return count;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"), BackendName);

// What only SQLite has: its file, its pragmas.
class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> OpenStore() {
    auto store = Store::Open("sqlite:" + path_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  TemporaryDirectory directory_;
  std::string path_ = (directory_.path() / "tocsin.db").string();
};

TEST_P(StoreTest, OpenAppliesMigrationsOnce) {
  auto store = OpenStore();
  const int version = store->schema_version();
  EXPECT_GE(version, 1);
  store.reset();
  store = OpenStore();
  EXPECT_EQ(store->schema_version(), version);
}

// Every command opens the store: while an import holds the writer's lock, a
// store that needs no migration opens at once, without queuing behind it.
TEST_P(StoreTest, OpeningAMigratedStoreDoesNotWaitForTheWriter) {
  auto writer = OpenStore();
  std::atomic<bool> writing{false};
  std::atomic<bool> done{false};
  std::thread import([&] {
    EXPECT_TRUE(writer
                    ->Write([&](Transaction&) {
                      writing = true;
                      // Released by the test, or after ten seconds if the open below waits.
                      for (int waited = 0; waited < 1000 && !done; ++waited) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                      }
                      return Status::Ok();
                    })
                    .ok());
  });
  while (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto start = std::chrono::steady_clock::now();
  auto reader = Store::Open(url_);
  const auto waited = std::chrono::steady_clock::now() - start;
  done = true;
  import.join();
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_EQ(CountCountries(**reader), 0);
}

TEST_F(SqliteStoreTest, UsesWalAndForeignKeys) {
  auto store = OpenStore();
  std::string journal;
  std::int64_t foreign_keys = 0;
  ASSERT_TRUE(store->Read([&](Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(transaction.Query("PRAGMA journal_mode", {}, [&](const Row& row) {
      journal = row.Text(0);
      return Status::Ok();
    }));
    return transaction.Query("PRAGMA foreign_keys", {}, [&](const Row& row) {
      foreign_keys = row.Integer(0);
      return Status::Ok();
    });
  }).ok());
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(foreign_keys, 1);
}

TEST_F(SqliteStoreTest, NewDatabasesHaveSixteenKibPages) {
  auto store = OpenStore();
  std::int64_t page_size = 0;
  ASSERT_TRUE(store->Read([&](Transaction& transaction) {
    return transaction.Query("PRAGMA page_size", {}, [&](const Row& row) {
      page_size = row.Integer(0);
      return Status::Ok();
    });
  }).ok());
  EXPECT_EQ(page_size, 16384);
}

TEST_P(StoreTest, FailedWorkLeavesNothingBehind) {
  auto store = OpenStore();
  const Status status = store->Write([](Transaction& transaction) -> Status {
    const std::vector<Value> params = {std::int64_t{2}, std::string("United States")};
    TOCSIN_RETURN_IF_ERROR(transaction.Execute("INSERT INTO countries (gw, name) VALUES (?, ?)", params).status());
    return InvalidArgumentError("stop half-way");
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CountCountries(*store), 0);
}

TEST_P(StoreTest, CommittedWorkSurvivesReopening) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store->Write([](Transaction& transaction) {
      const std::vector<std::vector<Value>> rows = {{std::int64_t{2}, std::string("United States")},
                                                    {std::int64_t{20}, std::string("Canada")}};
      return transaction.ExecuteMany("INSERT INTO countries (gw, name) VALUES (?, ?)", rows);
    }).ok());
  }
  auto store = OpenStore();
  EXPECT_EQ(CountCountries(*store), 2);
}

TEST_P(StoreTest, ExecuteEachCountsTheChangesOfEachParameterSet) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Write([](Transaction& transaction) -> Status {
    const std::vector<std::vector<Value>> rows = {{std::int64_t{2}, std::string("United States")},
                                                  {std::int64_t{2}, std::string("again")},
                                                  {std::int64_t{20}, std::string("Canada")}};
    std::vector<std::int64_t> changes(rows.size(), -1);
    TOCSIN_RETURN_IF_ERROR(transaction.ExecuteEach(
        "INSERT INTO countries (gw, name) VALUES (?, ?) ON CONFLICT (gw) DO NOTHING", rows, changes));
    EXPECT_EQ(changes, (std::vector<std::int64_t>{1, 0, 1}));
    std::vector<std::int64_t> too_few(1);
    EXPECT_EQ(transaction.ExecuteEach("SELECT 1", rows, too_few).code(), StatusCode::kInvalidArgument);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(CountCountries(*store), 2);
}

// The live intake's shape: the caller's rows and a nested write commit as one;
// a nested write that fails takes back only its own rows.
TEST_P(StoreTest, TransactionStoreNestsWritesInTheOuterTransaction) {
  auto store = OpenStore();
  const auto insert = [](Transaction& transaction, std::int64_t gw, const char* name) {
    const std::vector<Value> params = {gw, std::string(name)};
    return transaction.Execute("INSERT INTO countries (gw, name) VALUES (?, ?)", params).status();
  };
  Status nested_failure;
  const int version = store->schema_version();
  ASSERT_TRUE(store->Write([&](Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(insert(transaction, 2, "United States"));
    TransactionStore inner(*store, transaction);
    TOCSIN_RETURN_IF_ERROR(inner.Write([&](Transaction& nested) { return insert(nested, 20, "Canada"); }));
    nested_failure = inner.Write([&](Transaction& nested) -> Status {
      TOCSIN_RETURN_IF_ERROR(insert(nested, 70, "Mexico"));
      return InvalidArgumentError("the evaluation failed");
    });
    std::int64_t seen = 0;
    TOCSIN_RETURN_IF_ERROR(inner.Read([&](Transaction& nested) {
      return nested.Query("SELECT count(*) FROM countries", {}, [&](const Row& row) {
        seen = row.Integer(0);
        return Status::Ok();
      });
    }));
    EXPECT_EQ(seen, 2) << "reads inside see the transaction's own rows, not the rolled-back one";
    EXPECT_EQ(inner.schema_version(), version) << "read in the transaction, not waiting for it";
    return Status::Ok();
  }).ok());
  EXPECT_EQ(nested_failure.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CountCountries(*store), 2);
}

TEST_P(StoreTest, ForeignKeyViolationIsAnError) {
  auto store = OpenStore();
  const Status status = store->Write([](Transaction& transaction) {
    const std::vector<Value> params = {std::int64_t{999}};
    return transaction
        .Execute("INSERT INTO panel_variables (dataset_id, position, name) VALUES (?, 0, 'x')", params)
        .status();
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

// A store that must exist already: a missing one (a mistyped path or schema) is
// NotFound and nothing is made; once created, it opens.
TEST_P(StoreTest, OpeningWithoutCreatingRefusesAMissingStoreAndMakesNothing) {
  const auto refused = Store::Open(url_, {.create = false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("tocsin init"), std::string::npos) << refused.status().ToString();
  EXPECT_FALSE(Store::Open(url_, {.create = false}).ok()) << "the refusal made a store";
  {
    auto created = Store::Open(url_);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  const auto existing = Store::Open(url_, {.create = false});
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();
  EXPECT_GT((*existing)->schema_version(), 0);
}

TEST(StoreOpen, RejectsUnknownScheme) {
  const auto store = Store::Open("mysql://localhost");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
}

// PostgreSQL's current_schema() skips a schema that does not exist: a store
// whose first schema is missing must still be made there, not in the next one.
TEST(PostgresStoreOpen, MissingFirstSchemaIsCreatedEvenWhenALaterOneExists) {
  if (!testing::PostgresSkipReason().empty()) GTEST_SKIP() << testing::PostgresSkipReason();
  const auto board_one = testing::NewStoreUrl("postgres", "first_schema_one", "");
  const auto board_two = testing::NewStoreUrl("postgres", "first_schema_two", "");
  ASSERT_TRUE(board_one.ok() && board_two.ok());
  {
    auto store = Store::Open(*board_one);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)
                    ->Write([](Transaction& transaction) {
                      return transaction
                          .Execute("INSERT INTO countries (gw, iso3, name) VALUES (1, 'ONE', 'One')")
                          .status();
                    })
                    .ok());
  }
  // Board two's search path names its own (missing) schema first, then board one's.
  const std::string path_two = *board_two + "%2Ctest_first_schema_one";
  auto store = Store::Open(path_two);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::int64_t countries = -1;
  ASSERT_TRUE((*store)
                  ->Read([&](Transaction& transaction) {
                    return transaction.Query("SELECT count(*) FROM countries", {}, [&](const Row& row) {
                      countries = row.Integer(0);
                      return Status::Ok();
                    });
                  })
                  .ok());
  EXPECT_EQ(countries, 0) << "board two opened board one's store";
  store->reset();
  EXPECT_TRUE(testing::DropStore(*board_one).ok());
  EXPECT_TRUE(testing::DropStore(*board_two).ok());
}

// A role that may not read the store's tables is told so, not sent to `tocsin
// init` as if the schema held no store (which would start a second one).
TEST(PostgresStoreOpen, ARoleWithoutPrivilegesOnTheTablesIsToldSo) {
  if (!testing::PostgresSkipReason().empty()) GTEST_SKIP() << testing::PostgresSkipReason();
  const auto url = testing::NewStoreUrl("postgres", "limited_role", "");
  ASSERT_TRUE(url.ok());
  ASSERT_TRUE(Store::Open(*url).ok());
  ASSERT_TRUE(testing::RunSqlOnServer(
                  *url,
                  "DROP ROLE IF EXISTS tocsin_test_limited; CREATE ROLE tocsin_test_limited LOGIN; "
                  "GRANT USAGE ON SCHEMA test_limited_role TO tocsin_test_limited")
                  .ok());
  std::string limited = *url;
  const std::size_t user = limited.find("user=");
  ASSERT_NE(user, std::string::npos) << limited;
  limited.replace(user, limited.find('&', user) - user, "user=tocsin_test_limited");
  const auto refused = Store::Open(limited, {.create = false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("grant"), std::string::npos) << refused.status().ToString();
  EXPECT_TRUE(testing::DropStore(*url).ok());
  EXPECT_TRUE(testing::RunSqlOnServer(*url, "DROP ROLE tocsin_test_limited").ok());
}

TEST_P(StoreTest, RejectsDatabaseNewerThanBinary) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store
                    ->Write([](Transaction& transaction) {
                      return transaction
                          .Execute(
                              "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, "
                              "'future', '2999-01-01')")
                          .status();
                    })
                    .ok());
  }
  const auto store = Store::Open(url_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDataLoss);
}

TEST_F(SqliteStoreTest, NotADatabaseIsDataLoss) {
  std::FILE* file = std::fopen(path_.c_str(), "w");
  std::fputs("this is not a database, it is a text file that is long enough to have a header......", file);
  std::fclose(file);
  const auto store = Store::Open("sqlite:" + path_);
  ASSERT_FALSE(store.ok());
}

}  // namespace
}  // namespace tocsin::store
