// The conformance suite's cases where the backends could most easily differ:
// placeholders, value types, ids, concurrent writers, and the schema itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "backend_test.h"
#include "sql_dialect.h"
#include "tocsin/store/store.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::store {
namespace {

class ConformanceTest : public OpenBackendTest {
 protected:
  // Runs one statement in a write transaction of its own.
  Status Write(std::string_view sql) {
    return store_->Write([&](Transaction& transaction) { return transaction.Execute(sql).status(); });
  }

  // The single row of `sql` with `params`, as a row reader's view of it.
  template <typename Read>
  void QueryOne(std::string_view sql, const std::vector<Value>& params, Read read) {
    int rows = 0;
    const Status status = store_->Read([&](Transaction& transaction) {
      return transaction.Query(sql, params, [&](const Row& row) {
        ++rows;
        read(row);
        return Status::Ok();
      });
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(rows, 1) << sql;
  }

};

INSTANTIATE_TEST_SUITE_P(Backends, ConformanceTest, ::testing::Values("sqlite", "postgres"), BackendName);

TEST_P(ConformanceTest, QuestionMarksInsideLiteralsAreNotParameters) {
  QueryOne("SELECT '?' || ? || '''?'''", {std::string("x")},
           [](const Row& row) { EXPECT_EQ(row.Text(0), "?x'?'"); });
}

TEST_P(ConformanceTest, ParameterTypedOnlyByItsValue) {
  ASSERT_TRUE(Write("INSERT INTO countries (gw, name) VALUES (2, 'United States'), (20, 'Canada')").ok());
  const std::string sql = "SELECT count(*) FROM countries WHERE (? IS NULL OR gw = ?)";
  QueryOne(sql, {Value(), Value()}, [](const Row& row) { EXPECT_EQ(row.Integer(0), 2); });
  QueryOne(sql, {std::int64_t{20}, std::int64_t{20}}, [](const Row& row) { EXPECT_EQ(row.Integer(0), 1); });
}

TEST_P(ConformanceTest, RealsRoundTripExactly) {
  for (const double value : {0.1 + 0.2, 1e-300, -123456.789012345678, 6.02214076e23}) {
    QueryOne("SELECT CAST(? AS DOUBLE PRECISION)", {value},
             [&](const Row& row) { EXPECT_EQ(row.Real(0), value); });
  }
}

TEST_P(ConformanceTest, TextRoundTripsUnicode) {
  const std::string name = "Côte d’Ivoire — ساحل العاج";
  QueryOne("SELECT ?", {name}, [&](const Row& row) {
    EXPECT_EQ(row.Text(0), name);
    EXPECT_FALSE(row.IsNull(0));
  });
  QueryOne("SELECT NULL", {}, [](const Row& row) { EXPECT_TRUE(row.IsNull(0)); });
}

TEST_P(ConformanceTest, ComparisonsSumsAndAveragesReadAsNumbers) {
  ASSERT_TRUE(Write("INSERT INTO countries (gw, name) VALUES (2, 'a'), (3, 'b')").ok());
  QueryOne("SELECT 1 = 1, 1 = 2, sum(gw), avg(gw), count(*) FROM countries", {}, [](const Row& row) {
    EXPECT_EQ(row.Integer(0), 1);
    EXPECT_EQ(row.Integer(1), 0);
    EXPECT_EQ(row.Integer(2), 5);
    EXPECT_DOUBLE_EQ(row.Real(3), 2.5);
    EXPECT_EQ(row.Integer(4), 2);
  });
}

TEST_P(ConformanceTest, TextSortsBytewise) {
  ASSERT_TRUE(Write("INSERT INTO countries (gw, name) VALUES (1, 'b'), (2, 'B'), (3, 'a'), (4, 'Á')").ok());
  std::string order;
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& transaction) {
                    return transaction.Query("SELECT name FROM countries ORDER BY name", {},
                                             [&](const Row& row) {
                                               order += row.Text(0) + " ";
                                               return Status::Ok();
                                             });
                  })
                  .ok());
  EXPECT_EQ(order, "B a b Á ");
}

TEST_P(ConformanceTest, LastInsertIdIsTheNewRowsId) {
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(
      store_
          ->Write([&](Transaction& transaction) -> Status {
            for (const char* name : {"UN office", "NGO"}) {
              const std::vector<Value> params = {std::string(name)};
              TOCSIN_RETURN_IF_ERROR(
                  transaction
                      .Execute("INSERT INTO organisations (name, created_at) VALUES (?, '2026-12-01')",
                               params)
                      .status());
              ids.push_back(transaction.LastInsertId());
            }
            return Status::Ok();
          })
          .ok());
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_GT(ids[0], 0);
  EXPECT_EQ(ids[1], ids[0] + 1);
  QueryOne("SELECT name FROM organisations WHERE id = ?", {ids[1]},
           [](const Row& row) { EXPECT_EQ(row.Text(0), "NGO"); });
}

TEST_P(ConformanceTest, UniqueViolationIsInvalidArgumentAndUndoesTheWork) {
  const Status status = store_->Write([](Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(
        transaction.Execute("INSERT INTO countries (gw, name) VALUES (5, 'first')").status());
    return transaction.Execute("INSERT INTO countries (gw, name) VALUES (5, 'again')").status();
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  QueryOne("SELECT count(*) FROM countries", {}, [](const Row& row) { EXPECT_EQ(row.Integer(0), 0); });
  // The store goes on working after the failed transaction.
  ASSERT_TRUE(Write("INSERT INTO countries (gw, name) VALUES (5, 'first')").ok());
}

TEST_P(ConformanceTest, ReadOnlyWorkCannotWrite) {
  const Status status = store_->Read([](Transaction& transaction) {
    return transaction.Execute("INSERT INTO countries (gw, name) VALUES (7, 'x')").status();
  });
  if (GetParam() == "postgres") {
    EXPECT_FALSE(status.ok());
  }
  // (SQLite's deferred read transaction would take the write; nothing in Tocsin asks it to.)
}

// More distinct statements than a connection keeps prepared (512).
TEST_P(ConformanceTest, StatementsBeyondThePreparedCacheStillRun) {
  for (int i = 0; i < 600; ++i) {
    const std::string sql = "SELECT " + std::to_string(i) + " + ?";
    QueryOne(sql, {std::int64_t{1}}, [&](const Row& row) { EXPECT_EQ(row.Integer(0), i + 1); });
  }
}

// Bulk statements longer than one pipeline, with a change count per set and an
// error far into the batch.
TEST_P(ConformanceTest, BulkStatementsCountEachSetAndStopAtTheFirstError) {
  std::vector<std::vector<Value>> rows;
  for (std::int64_t gw = 1; gw <= 700; ++gw) rows.push_back({gw, "country " + std::to_string(gw)});
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& transaction) {
                    return transaction.ExecuteMany("INSERT INTO countries (gw, name) VALUES (?, ?)", rows);
                  })
                  .ok());
  std::vector<std::vector<Value>> again;
  for (std::int64_t gw = 600; gw <= 1300; ++gw) again.push_back({gw, std::string("again")});
  std::vector<std::int64_t> changes(again.size(), -1);
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& transaction) {
                    return transaction.ExecuteEach(
                        "INSERT INTO countries (gw, name) VALUES (?, ?) ON CONFLICT (gw) DO NOTHING", again,
                        changes);
                  })
                  .ok());
  for (std::size_t i = 0; i < again.size(); ++i) ASSERT_EQ(changes[i], i <= 100 ? 0 : 1) << i;
  std::vector<std::vector<Value>> clash;
  for (std::int64_t gw = 2000; gw <= 2600; ++gw)
    clash.push_back({gw == 2400 ? std::int64_t{5} : gw, std::string("x")});
  const Status status = store_->Write([&](Transaction& transaction) {
    return transaction.ExecuteMany("INSERT INTO countries (gw, name) VALUES (?, ?)", clash);
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  QueryOne("SELECT count(*), max(gw) FROM countries", {}, [](const Row& row) {
    EXPECT_EQ(row.Integer(0), 1300);
    EXPECT_EQ(row.Integer(1), 1300);
  });
}

// Scan hands over every row of a result larger than one batch, in order, with
// parameters (one typed only by its value) and a statement run from inside it.
TEST_P(ConformanceTest, ScanStreamsLargeResultsAndAllowsStatementsInside) {
  std::vector<std::vector<Value>> rows;
  for (std::int64_t gw = 1; gw <= 20000; ++gw) rows.push_back({gw, std::string(gw % 2 ? "odd" : "even")});
  ASSERT_TRUE(store_
                  ->Write([&](Transaction& transaction) {
                    return transaction.ExecuteMany("INSERT INTO countries (gw, name) VALUES (?, ?)", rows);
                  })
                  .ok());
  std::int64_t seen = 0;
  std::int64_t last = 0;
  std::int64_t inner = -1;
  const std::vector<Value> params = {std::string("even"), Value(), Value()};
  const Status status = store_->Read([&](Transaction& transaction) {
    return transaction.Scan(
        "SELECT gw, name FROM countries WHERE name = ? AND (? IS NULL OR gw > ?) ORDER BY gw", params,
        [&](const Row& row) -> Status {
          EXPECT_GT(row.Integer(0), last);
          last = row.Integer(0);
          ++seen;
          if (seen != 5000) return Status::Ok();
          return transaction.Query("SELECT count(*) FROM countries", {}, [&](const Row& count) {
            inner = count.Integer(0);
            return Status::Ok();
          });
        });
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(seen, 10000);
  EXPECT_EQ(last, 20000);
  EXPECT_EQ(inner, 20000);
  // A callback's error stops the scan and is the scan's error.
  int calls = 0;
  const Status stopped = store_->Read([&](Transaction& transaction) {
    return transaction.Scan("SELECT gw FROM countries", {}, [&](const Row&) {
      return ++calls == 9000 ? InvalidArgumentError("enough") : Status::Ok();
    });
  });
  EXPECT_EQ(stopped.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(calls, 9000);
}

// Migration 0010, one file per backend (a trigger body holds semicolons).
TEST_P(ConformanceTest, AuditLogRefusesUpdatesAndDeletes) {
  ASSERT_TRUE(Write("INSERT INTO audit_log (sequence, at, actor_name, action, resource, record_id, reason, "
                    "detail, previous_hash, hash) VALUES (1, '2026-12-01T00:00:00Z', 'a', 'x', 'y', '1', '', "
                    "'{}', '', 'h')")
                  .ok());
  for (const char* sql : {"UPDATE audit_log SET reason = 'rewritten'", "DELETE FROM audit_log"}) {
    const Status status = Write(sql);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << sql << ": " << status.ToString();
    EXPECT_NE(status.message().find("append-only"), std::string::npos) << status.ToString();
  }
  QueryOne("SELECT count(*), min(reason) FROM audit_log", {}, [](const Row& row) {
    EXPECT_EQ(row.Integer(0), 1);
    EXPECT_EQ(row.Text(1), "");
  });
}

// Writers queue: two connections each add one to a counter a hundred times by
// reading it and writing it back; no increment may be lost.
TEST_P(ConformanceTest, ConcurrentWritersLoseNoUpdate) {
  ASSERT_TRUE(Write("INSERT INTO countries (gw, name) VALUES (1, '0')").ok());
  auto other = Store::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  const auto increment = [](Store* store) {
    for (int i = 0; i < 100; ++i) {
      const Status status = store->Write([](Transaction& transaction) -> Status {
        std::string name;
        TOCSIN_RETURN_IF_ERROR(
            transaction.Query("SELECT name FROM countries WHERE gw = 1", {}, [&](const Row& row) {
              name = row.Text(0);
              return Status::Ok();
            }));
        const std::vector<Value> params = {std::to_string(std::stoi(name) + 1)};
        return transaction.Execute("UPDATE countries SET name = ? WHERE gw = 1", params).status();
      });
      ASSERT_TRUE(status.ok()) << status.ToString();
    }
  };
  std::thread first(increment, store_.get());
  std::thread second(increment, other->get());
  first.join();
  second.join();
  QueryOne("SELECT name FROM countries WHERE gw = 1", {},
           [](const Row& row) { EXPECT_EQ(row.Text(0), "200"); });
}

// Both backends' migrations give the same tables with the same columns.
TEST(SchemaConformance, PostgresHasSqlitesTablesAndColumns) {
  if (!testing::PostgresSkipReason().empty()) GTEST_SKIP() << testing::PostgresSkipReason();
  const TemporaryDirectory directory;
  std::map<std::string, std::set<std::string>> columns[2];
  int i = 0;
  for (const char* backend : {"sqlite", "postgres"}) {
    auto url = testing::NewStoreUrl(backend, directory.name(), directory.path().string());
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto store = Store::Open(*url);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    const char* sql = i == 0 ? "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c "
                               "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'"
                             : "SELECT table_name, column_name FROM information_schema.columns "
                               "WHERE table_schema = current_schema()";
    ASSERT_TRUE((*store)
                    ->Read([&](Transaction& transaction) {
                      return transaction.Query(sql, {}, [&](const Row& row) {
                        columns[i][row.Text(0)].insert(row.Text(1));
                        return Status::Ok();
                      });
                    })
                    .ok());
    store->reset();
    EXPECT_TRUE(testing::DropStore(*url).ok());
    ++i;
  }
  EXPECT_GT(columns[0].size(), 30u);
  EXPECT_EQ(columns[0], columns[1]);
}

// An administrator ends the session (or the server restarts): the next call
// opens a new connection and works.
TEST_P(ConformanceTest, EndedSessionIsReopenedByTheNextCall) {
  if (GetParam() != "postgres") GTEST_SKIP() << "a SQLite store has no session to end";
  std::int64_t pid = 0;
  QueryOne("SELECT pg_backend_pid()", {}, [&](const Row& row) { pid = row.Integer(0); });
  auto other = Store::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_TRUE((*other)
                  ->Write([&](Transaction& transaction) {
                    return transaction.Query("SELECT pg_terminate_backend(?)", {{pid}},
                                             [](const Row&) { return Status::Ok(); });
                  })
                  .ok());
  const Status written = Write("INSERT INTO countries (gw, name) VALUES (2, 'United States')");
  EXPECT_TRUE(written.ok()) << written.ToString();
  QueryOne("SELECT count(*) FROM countries WHERE gw = ?", {std::int64_t{2}},
           [](const Row& row) { EXPECT_EQ(row.Integer(0), 1); });
}

TEST(PostgresStore, UnreachableServerIsUnavailable) {
  const auto store = Store::Open("postgresql:///tocsin?host=/nonexistent-directory&connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
  EXPECT_NE(store.status().message().find("cannot connect"), std::string::npos) << store.status().ToString();
}

TEST(SqlDialect, NumbersPlaceholdersOutsideLiteralsAndComments) {
  int count = 0;
  EXPECT_EQ(NumberPlaceholders("SELECT ?, '?', \"a?\" -- ?\n, ? /* ? */", &count),
            "SELECT $1, '?', \"a?\" -- ?\n, $2 /* ? */");
  EXPECT_EQ(count, 2);
  EXPECT_EQ(NumberPlaceholders("SELECT 'it''s ?', ?", &count), "SELECT 'it''s ?', $1");
  EXPECT_EQ(count, 1);
  EXPECT_EQ(NumberPlaceholders("UPDATE t SET a = ?3, b = ?2 WHERE k = ?1 AND a <> ?3", &count),
            "UPDATE t SET a = $3, b = $2 WHERE k = $1 AND a <> $3");
  EXPECT_EQ(count, 3);
}

TEST(SqlDialect, TranslatesSqliteTypesForPostgres) {
  EXPECT_EQ(
      MigrationStatementFor("CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL, s TEXT NOT NULL DEFAULT 'REAL')",
                            Dialect::kPostgres),
      "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x DOUBLE PRECISION, "
      "s TEXT COLLATE \"C\" NOT NULL DEFAULT 'REAL')");
  EXPECT_EQ(MigrationStatementFor("CREATE TABLE k (a INTEGER, b TEXTUAL, PRIMARY KEY (a)) WITHOUT ROWID",
                                  Dialect::kPostgres),
            "CREATE TABLE k (a BIGINT, b TEXTUAL, PRIMARY KEY (a)) ");
  EXPECT_EQ(MigrationStatementFor("CREATE TABLE t (x REAL)", Dialect::kSqlite), "CREATE TABLE t (x REAL)");
}

}  // namespace
}  // namespace tocsin::store
