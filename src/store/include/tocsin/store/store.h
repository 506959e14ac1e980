// The store: Tocsin's only door to persistent state.
//
// `Store::Open(url)` picks a backend from the URL: "sqlite:PATH" is the embedded
// default ("sqlite::memory:" for tests); "postgresql://USER@HOST:PORT/DB" (or
// "postgres://", any libpq connection URI) is PostgreSQL for multi-user
// deployments. Implementations are private; callers see Store and Transaction
// only, so one conformance suite runs on every backend. SQL uses `?`
// placeholders and the dialect both backends share; a backend rewrites the
// placeholders if its own differ, and `dialect()` names the backend for the
// few statements that cannot be shared (schema inspection, triggers).
//
// Durability: a write is acknowledged only after COMMIT returns. SQLite runs in
// WAL mode with synchronous=FULL, foreign keys on and a busy timeout, and every
// write transaction starts with BEGIN IMMEDIATE so that writers queue up front
// instead of failing half-way.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::store {

// The SQL dialect of a backend.
enum class Dialect { kSqlite, kPostgres };

// A SQL value: NULL, integer, real or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// One result row; valid only inside the callback that receives it.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual std::int64_t Integer(int column) const = 0;
  virtual double Real(int column) const = 0;
  virtual std::string Text(int column) const = 0;
};

using RowCallback = std::function<Status(const Row&)>;

// Statements inside one transaction. Not thread-safe; use from the thread that
// received it, and only inside the Store::Write/Read callback.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Runs a statement; returns the number of rows it changed.
  virtual Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs `sql` once per parameter set with one prepared statement (bulk loads).
  virtual Status ExecuteMany(std::string_view sql, std::span<const std::vector<Value>> param_sets) = 0;
  // ExecuteMany that also tells how many rows each parameter set changed:
  // `changes` has one element per set.
  virtual Status ExecuteEach(std::string_view sql, std::span<const std::vector<Value>> param_sets,
                             std::span<std::int64_t> changes) = 0;
  // Runs a query and calls `on_row` per row; stops at the first error it returns.
  virtual Status Query(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) = 0;
  // Query for results that may be large (every event, say): the rows reach
  // `on_row` a batch at a time, so the memory used stays bounded on every
  // backend, and `on_row` may run other statements. SQLite's Query streams
  // already; PostgreSQL's reads a query's whole result first, so its Scan reads
  // through a cursor instead (two more round trips than Query).
  virtual Status Scan(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) {
    return Query(sql, params, on_row);
  }
  // Id of the row the last INSERT created.
  virtual std::int64_t LastInsertId() = 0;
  virtual Dialect dialect() const = 0;
};

using Work = std::function<Status(Transaction&)>;

class Store {
 public:
  struct OpenOptions {
    // False: the store must exist already, with Tocsin's tables; a mistyped path
    // or PostgreSQL schema is refused (NotFound) rather than made a new, empty store.
    bool create = true;
  };
  // Opens (creating if needed and allowed) the store at `url` and applies pending
  // migrations. Errors: InvalidArgument for an unknown scheme, Unavailable/IoError
  // when the database cannot be opened, DataLoss when it is not a Tocsin database
  // or is newer than this binary, NotFound when it does not exist and
  // `options.create` is false.
  static Result<std::unique_ptr<Store>> Open(std::string_view url, OpenOptions options);
  static Result<std::unique_ptr<Store>> Open(std::string_view url) { return Open(url, OpenOptions{}); }

  virtual ~Store() = default;

  // Runs `work` in one write transaction: all of its changes commit together when
  // it returns ok, none when it returns an error. Thread-safe; writers serialise.
  virtual Status Write(const Work& work) = 0;
  // Runs `work` in a read-only snapshot. Thread-safe.
  virtual Status Read(const Work& work) = 0;

  // The number of the last migration applied.
  virtual int schema_version() = 0;
  virtual std::string url() const = 0;
  virtual Dialect dialect() const = 0;
};

}  // namespace tocsin::store
