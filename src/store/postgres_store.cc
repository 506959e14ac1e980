#include "postgres_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cctype>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "migrator.h"
#include "postgres_connection.h"
#include "sql_dialect.h"

namespace tocsin::store {
namespace {

// Rows a Scan fetches per round trip.
constexpr int kScanBatch = 8192;

using postgres::Connection;
using postgres::IgnoreNotice;
using postgres::PostgresRow;
using postgres::ResultPtr;
using postgres::TrimmedMessage;

// The first schema named by a search_path setting, as PostgreSQL reads it: a
// quoted name as written, an unquoted one in lower case.
std::string FirstSchema(const std::string& search_path) {
  std::string first = search_path.substr(0, search_path.find(','));
  first.erase(0, first.find_first_not_of(' '));
  first.erase(first.find_last_not_of(' ') + 1);
  if (first.size() >= 2 && first.front() == '"' && first.back() == '"')
    return first.substr(1, first.size() - 2);
  for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return first;
}

class PostgresTransaction final : public Transaction {
 public:
  explicit PostgresTransaction(Connection& connection) : connection_(connection) {}

  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    TOCSIN_ASSIGN_OR_RETURN(const ResultPtr result, Statement(sql, params));
    return Changes(result.get());
  }

  Status ExecuteMany(std::string_view sql, std::span<const std::vector<Value>> param_sets) override {
    return connection_.RunMany(sql, param_sets, {});
  }

  Status ExecuteEach(std::string_view sql, std::span<const std::vector<Value>> param_sets,
                     std::span<std::int64_t> changes) override {
    if (changes.size() != param_sets.size()) {
      return InvalidArgumentError(fmt::format("ExecuteEach: {} parameter sets but room for {} change counts",
                                              param_sets.size(), changes.size()));
    }
    return connection_.RunMany(sql, param_sets, changes);
  }

  // The whole result arrives before the first callback, so a callback may run
  // further statements on the same connection.
  Status Query(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) override {
    TOCSIN_ASSIGN_OR_RETURN(const ResultPtr result, Statement(sql, params));
    PostgresRow row(result.get());
    const int rows = PQntuples(result.get());
    for (int i = 0; i < rows; ++i) {
      row.set_row(i);
      TOCSIN_RETURN_IF_ERROR(on_row(row));
    }
    return Status::Ok();
  }

  // Reads through a cursor, kScanBatch rows per round trip.
  Status Scan(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) override {
    const std::string cursor = fmt::format("tocsin_scan_{}", ++cursors_);
    TOCSIN_RETURN_IF_ERROR(connection_.Declare(cursor, sql, params));
    const std::string fetch = fmt::format("FETCH {} FROM {}", kScanBatch, cursor);
    for (;;) {
      TOCSIN_ASSIGN_OR_RETURN(const ResultPtr batch, connection_.Simple(fetch));
      PostgresRow row(batch.get());
      const int rows = PQntuples(batch.get());
      for (int i = 0; i < rows; ++i) {
        row.set_row(i);
        if (Status status = on_row(row); !status.ok()) {
          (void)connection_.Simple("CLOSE " + cursor);
          return status;
        }
      }
      if (rows < kScanBatch) break;
    }
    return connection_.Simple("CLOSE " + cursor).status();
  }

  // The value the last INSERT drew from an identity column's sequence in this
  // session (lastval()); 0 before any. Asked inside a savepoint, since asking
  // before any insert is an error that would abort the transaction.
  std::int64_t LastInsertId() override {
    if (!connection_.Simple("SAVEPOINT tocsin_last_insert").ok()) return 0;
    std::int64_t id = 0;
    if (auto result = connection_.Simple("SELECT lastval()"); result.ok()) {
      id = PostgresRow(result->get()).Integer(0);
      (void)connection_.Simple("RELEASE SAVEPOINT tocsin_last_insert");
    } else {
      (void)connection_.Simple("ROLLBACK TO SAVEPOINT tocsin_last_insert");
      (void)connection_.Simple("RELEASE SAVEPOINT tocsin_last_insert");
    }
    return id;
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  // A statement without parameters goes through the simple protocol (DDL,
  // SAVEPOINT and the like cannot be prepared); any other is prepared once.
  Result<ResultPtr> Statement(std::string_view sql, std::span<const Value> params) {
    int count = 0;
    if (params.empty()) (void)NumberPlaceholders(sql, &count);
    if (params.empty() && count == 0) return connection_.Simple(sql);
    return connection_.Run(sql, params);
  }

  static std::int64_t Changes(const PGresult* result) { return Connection::Changes(result); }

  Connection& connection_;
  int cursors_ = 0;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(std::unique_ptr<Connection> connection, std::string url)
      : connection_(std::move(connection)), url_(std::move(url)) {}

  // Writers queue on a transaction-scoped advisory lock of the store's schema,
  // as SQLite's BEGIN IMMEDIATE queues them on the database: one writer at a
  // time, in every process, so that read-then-write work (the audit log's hash
  // chain, the next task number) sees the latest commit. As SQLite's busy
  // timeout does, the wait ends after 10 s (lock_not_available: Unavailable, a
  // "busy, try again"), so that one stuck writer cannot hold every other
  // writer, and the server threads they occupy, indefinitely.
  Status Write(const Work& work) override {
    return Run(work,
               "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '10s'; "
               "SELECT pg_advisory_xact_lock(hashtext(current_schema())); SET LOCAL lock_timeout = 0");
  }
  // A snapshot: every statement of the work sees the same committed state.
  Status Read(const Work& work) override {
    return Run(work, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  int schema_version() override {
    int version = 0;
    (void)Read([&](Transaction& transaction) { return ReadSchemaVersion(transaction, &version); });
    return version;
  }
  std::string url() const override { return url_; }
  Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  Status Run(const Work& work, std::string_view begin) {
    std::lock_guard lock(mutex_);
    if (Status started = Begin(begin); !started.ok()) {
      // A transaction begun but not started through (the writers' lock timed
      // out) must end here, or the next one would find it aborted.
      if (PQstatus(connection_->get()) != CONNECTION_BAD) (void)connection_->Simple("ROLLBACK");
      return started;
    }
    PostgresTransaction transaction(*connection_);
    Status status = work(transaction);
    if (!status.ok()) {
      (void)connection_->Simple("ROLLBACK");
      return status;
    }
    if (Status committed = connection_->Simple("COMMIT").status(); !committed.ok()) {
      (void)connection_->Simple("ROLLBACK");
      return committed.WithContext("committing");
    }
    return Status::Ok();
  }

  // Starts a transaction. A connection found broken (the server restarted,
  // the network dropped, an administrator ended the session) is opened again
  // once: nothing of the work has run yet, so nothing is done twice.
  Status Begin(std::string_view begin) {
    if (PQstatus(connection_->get()) != CONNECTION_BAD) {
      Status started = connection_->Simple(begin).status();
      if (started.ok() || PQstatus(connection_->get()) != CONNECTION_BAD)
        return started.WithContext("starting a transaction");
    }
    PQreset(connection_->get());
    connection_->ForgetStatements();
    if (PQstatus(connection_->get()) == CONNECTION_BAD) {
      return UnavailableError(
          fmt::format("{}: {}", url_, TrimmedMessage(PQerrorMessage(connection_->get()))));
    }
    PQsetNoticeProcessor(connection_->get(), IgnoreNotice, nullptr);
    return connection_->Simple(begin).status().WithContext("starting a transaction");
  }

  std::mutex mutex_;
  std::unique_ptr<Connection> connection_;
  std::string url_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, bool create) {
  // The URL, with UTF-8 as the client encoding: a connection option, so that it
  // holds after a reconnection too.
  const char* const keywords[] = {"dbname", "client_encoding", nullptr};
  const char* const values[] = {url.c_str(), "UTF8", nullptr};
  auto connection = std::make_unique<Connection>(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (connection->get() == nullptr)
    return UnavailableError(fmt::format("{}: cannot connect: out of memory", url));
  if (PQstatus(connection->get()) != CONNECTION_OK) {
    return UnavailableError(
        fmt::format("{}: cannot connect: {}", url, TrimmedMessage(PQerrorMessage(connection->get()))));
  }
  // Notices ("relation already exists, skipping") are not errors and would
  // otherwise go to standard error.
  PQsetNoticeProcessor(connection->get(), IgnoreNotice, nullptr);
  // The store's tables live in the first schema on the search path; create it
  // when it does not exist yet (a new deployment, a test's private schema).
  // current_schema() skips schemas that do not exist, so a missing first one
  // would otherwise put the store in the next (another board's, or public).
  TOCSIN_ASSIGN_OR_RETURN(ResultPtr path,
                          connection->Simple("SELECT current_setting('search_path'), current_schema()"));
  const std::string search_path = PQgetvalue(path.get(), 0, 0);
  const std::optional<std::string> current = PQgetisnull(path.get(), 0, 1) != 0
                                                 ? std::nullopt
                                                 : std::optional<std::string>(PQgetvalue(path.get(), 0, 1));
  // PostgreSQL keeps the first 63 bytes of a longer name (NAMEDATALEN - 1).
  constexpr std::size_t kLongestName = 63;
  const std::string first = FirstSchema(search_path).substr(0, kLongestName);
  if (first.empty() || first == "$user") {
    // The user's own schema when it exists, else the next on the path.
    if (!current) {
      return InvalidArgumentError(
          fmt::format("{}: no schema to keep the store in: the search path is '{}'", url, search_path));
    }
  } else if (current != first && !create) {
    return NotFoundError(
        fmt::format("{}: schema {} does not exist, so there is no Tocsin store in it; create one with "
                    "`tocsin init`, or check "
                    "the search_path",
                    url, first));
  } else if (current != first) {
    const std::unique_ptr<char, decltype(&PQfreemem)> quoted(
        PQescapeIdentifier(connection->get(), first.data(), first.size()), &PQfreemem);
    const Status created = connection->Simple(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", quoted.get()))
                               .status()
                               .WithContext(url);
    // Two first opens at once: IF NOT EXISTS still races on the catalogue's
    // unique index, and the loser finds the schema the winner created.
    TOCSIN_ASSIGN_OR_RETURN(ResultPtr now, connection->Simple("SELECT current_schema()"));
    if (PQgetisnull(now.get(), 0, 0) != 0 || PQgetvalue(now.get(), 0, 0) != first) {
      return created.ok()
                 ? InternalError(fmt::format("{}: schema {} was created but is not in use", url, first))
                 : created;
    }
  }
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(std::move(connection), url));
}

}  // namespace tocsin::store
