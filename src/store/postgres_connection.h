// A libpq connection with the statements prepared on it, and the reading of
// PostgreSQL's answers (private to the store module's PostgreSQL backend).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/store/store.h"

namespace tocsin::store::postgres {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// A libpq message without its trailing newline.
std::string TrimmedMessage(const char* message);

// Maps a failed result's SQLSTATE (or, without a result, the connection's
// state) to Tocsin's status codes as SqliteError does for SQLite's result
// codes: Unavailable for a lost connection or a conflict worth retrying,
// InvalidArgument for a violated constraint, DataLoss for corruption.
Status PostgresError(PGconn* connection, const PGresult* result, std::string_view what);

// A notice processor that drops notices ("relation already exists, skipping"):
// they are not errors and would otherwise go to standard error.
void IgnoreNotice(void* unused, const char* message);

// A result row. PostgreSQL answers in text; booleans ("t", "f") read as the
// integers SQLite gives for them, and numeric values (sum, avg) as numbers.
class PostgresRow final : public Row {
 public:
  explicit PostgresRow(const PGresult* result) : result_(result) {}
  void set_row(int row) { row_ = row; }

  int size() const override { return PQnfields(result_); }
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::int64_t Integer(int column) const override;
  double Real(int column) const override;
  std::string Text(int column) const override { return std::string(Value(column)); }

 private:
  std::string_view Value(int column) const {
    return {PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column))};
  }

  const PGresult* result_;
  int row_ = 0;
};

// One connection with its prepared statements. Statements with parameters are
// prepared once per connection (up to a limit; past it, one at a time) with
// the types PostgreSQL infers for their parameters.
class Connection {
 public:
  explicit Connection(PGconn* connection) : connection_(connection) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { PQfinish(connection_); }

  PGconn* get() const { return connection_; }

  // Runs a statement without parameters through the simple protocol (DDL and
  // transaction control cannot be prepared).
  Result<ResultPtr> Simple(std::string_view sql);

  // Runs `sql`, prepared once per connection, with `params`.
  Result<ResultPtr> Run(std::string_view sql, std::span<const Value> params);

  // Runs `sql` once per parameter set, the sets sent in pipelines (one round
  // trip per pipeline instead of one per statement); records each run's
  // changes when `changes` is not empty. The first error stops the rest.
  Status RunMany(std::string_view sql, std::span<const std::vector<Value>> param_sets,
                 std::span<std::int64_t> changes);

  // Opens `cursor` on `sql` with `params`, the parameters typed as the
  // statement's preparation typed them (0: as PostgreSQL infers).
  Status Declare(std::string_view cursor, std::string_view sql, std::span<const Value> params);

  // After a reconnection the server has forgotten every prepared statement.
  void ForgetStatements() {
    statements_.clear();
    once_prepared_ = false;
  }

  // Rows a statement changed, from its command tag ("INSERT 0 1": 1).
  static std::int64_t Changes(const PGresult* result);

 private:
  struct Prepared {
    std::string name;
    int parameters = 0;
    std::string numbered;    // the text PostgreSQL was given ($1, $2, ...)
    std::vector<Oid> types;  // the types it was given, 0 where it inferred one
  };

  // Prepares `sql` with the types PostgreSQL infers from where each parameter
  // stands. A parameter whose type it cannot infer ("? IS NULL") gets the type
  // of the value given for it. A failed PREPARE would abort the transaction, so
  // the attempts run inside a savepoint.
  // Errors: Internal when `params` are not as many as the statement takes.
  Result<Prepared*> Prepare(std::string_view sql, std::span<const Value> params);

  PGconn* connection_;
  std::map<std::string, Prepared, std::less<>> statements_;
  Prepared unnamed_;  // the statement prepared as "s_once"
  bool once_prepared_ = false;
  int named_ = 0;
};

}  // namespace tocsin::store::postgres
