#include "postgres_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "migrator.h"
#include "sql_dialect.h"

namespace tocsin::store {
namespace {

// Type OIDs of PostgreSQL's built-in types (catalog/pg_type.dat).
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat8Oid = 701;

// Statements kept prepared per connection; past this (statements whose text
// holds a variable number of `?`), a statement is prepared unnamed for one use.
constexpr std::size_t kMaximumStatements = 512;

// Statements sent in one pipeline before their results are read: small enough
// that neither side's socket buffer fills while the other waits (their results
// are a few dozen bytes each), large enough that round trips stop mattering.
constexpr std::size_t kPipeline = 256;

// Rows a Scan fetches per round trip.
constexpr int kScanBatch = 8192;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string TrimmedMessage(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string_view SqlState(const PGresult* result) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? std::string_view(state) : std::string_view();
}

// Maps a failed result's SQLSTATE to Tocsin's status codes as SqliteError does
// for SQLite's result codes.
Status PostgresError(PGconn* connection, const PGresult* result, std::string_view what) {
  const std::string message = fmt::format(
      "{}: {}", what,
      TrimmedMessage(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection)));
  const std::string_view state = SqlState(result);
  if (PQstatus(connection) == CONNECTION_BAD || state.starts_with("08")) return UnavailableError(message);
  if (state.starts_with("23")) return InvalidArgumentError(message);  // integrity constraint violation
  // Serialization failure, deadlock, lock not available, operator intervention.
  if (state.starts_with("40") || state == "55P03" || state.starts_with("57"))
    return UnavailableError(message);
  if (state.starts_with("53") || state.starts_with("58")) return IoError(message);  // resources, system
  if (state == "XX001" || state == "XX002") return DataLossError(message);          // data or index corrupted
  return InternalError(message);
}

void IgnoreNotice(void* /*unused*/, const char* /*message*/) {}

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// A result row. PostgreSQL answers in text; booleans ("t", "f") read as the
// integers SQLite gives for them, and numeric values (sum, avg) as numbers.
class PostgresRow final : public Row {
 public:
  explicit PostgresRow(const PGresult* result) : result_(result) {}
  void set_row(int row) { row_ = row; }

  int size() const override { return PQnfields(result_); }
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::int64_t Integer(int column) const override {
    const std::string_view text = Value(column);
    if (text == "t") return 1;
    if (text == "f") return 0;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
    return static_cast<std::int64_t>(Real(column));
  }
  double Real(int column) const override {
    const std::string_view text = Value(column);
    if (text == "t") return 1;
    if (text == "f") return 0;
    if (text == "Infinity") return HUGE_VAL;
    if (text == "-Infinity") return -HUGE_VAL;
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  std::string Text(int column) const override { return std::string(Value(column)); }

 private:
  std::string_view Value(int column) const {
    return {PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column))};
  }

  const PGresult* result_;
  int row_ = 0;
};

// Parameters in libpq's text form: NULL as a null pointer, reals with every
// digit needed to read them back exactly.
class TextParameters {
 public:
  explicit TextParameters(std::span<const Value> params) {
    texts_.reserve(params.size());
    for (const Value& value : params) {
      if (std::holds_alternative<std::monostate>(value)) {
        texts_.emplace_back();
      } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        texts_.push_back(std::to_string(*integer));
      } else if (const auto* real = std::get_if<double>(&value)) {
        if (std::isnan(*real)) {
          texts_.emplace_back("NaN");
        } else if (std::isinf(*real)) {
          texts_.emplace_back(*real > 0 ? "Infinity" : "-Infinity");
        } else {
          texts_.push_back(fmt::format("{}", *real));
        }
      } else {
        texts_.push_back(std::get<std::string>(value));
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      pointers_.push_back(std::holds_alternative<std::monostate>(params[i]) ? nullptr : texts_[i].c_str());
    }
  }
  const char* const* values() const { return pointers_.data(); }
  int size() const { return static_cast<int>(pointers_.size()); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
};

Oid TypeOf(const Value& value) {
  if (std::holds_alternative<std::int64_t>(value)) return kInt8Oid;
  if (std::holds_alternative<double>(value)) return kFloat8Oid;
  return kTextOid;
}

// One connection with its prepared statements.
class Connection {
 public:
  explicit Connection(PGconn* connection) : connection_(connection) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { PQfinish(connection_); }

  PGconn* get() const { return connection_; }

  // Runs a statement without parameters through the simple protocol (DDL and
  // transaction control cannot be prepared).
  Result<ResultPtr> Simple(std::string_view sql) {
    ResultPtr result(PQexec(connection_, std::string(sql).c_str()));
    if (!Succeeded(result.get())) {
      return PostgresError(connection_, result.get(), fmt::format("running '{}'", sql.substr(0, 80)));
    }
    return result;
  }

  // Runs `sql`, prepared once per connection, with `params`.
  Result<ResultPtr> Run(std::string_view sql, std::span<const Value> params) {
    TOCSIN_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql, params));
    const TextParameters text(params);
    ResultPtr result(
        PQexecPrepared(connection_, prepared->name.c_str(), text.size(), text.values(), nullptr, nullptr, 0));
    if (!Succeeded(result.get())) {
      return PostgresError(connection_, result.get(), fmt::format("running '{}'", sql.substr(0, 80)));
    }
    return result;
  }

  // Runs `sql` once per parameter set, the sets sent in pipelines of kPipeline
  // statements (one round trip each instead of one per statement); records each
  // run's changes when `changes` is not empty. The first error stops the rest.
  Status RunMany(std::string_view sql, std::span<const std::vector<Value>> param_sets,
                 std::span<std::int64_t> changes) {
    if (param_sets.empty()) return Status::Ok();
    TOCSIN_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql, param_sets.front()));
    const std::string name = prepared->name;
    const int parameters = prepared->parameters;
    for (std::size_t start = 0; start < param_sets.size(); start += kPipeline) {
      const std::size_t end = std::min(start + kPipeline, param_sets.size());
      if (PQenterPipelineMode(connection_) != 1)
        return PostgresError(connection_, nullptr, "starting a pipeline");
      Status failure = Status::Ok();
      for (std::size_t i = start; i < end && failure.ok(); ++i) {
        if (static_cast<int>(param_sets[i].size()) != parameters) {
          failure = InternalError(
              fmt::format("statement takes {} parameters, {} given", parameters, param_sets[i].size()));
          break;
        }
        const TextParameters text(param_sets[i]);
        if (PQsendQueryPrepared(connection_, name.c_str(), text.size(), text.values(), nullptr, nullptr, 0) !=
            1) {
          failure = PostgresError(connection_, nullptr, fmt::format("sending '{}'", sql.substr(0, 80)));
        }
      }
      if (PQpipelineSync(connection_) != 1 && failure.ok())
        failure = PostgresError(connection_, nullptr, "pipeline");
      // Results arrive in order, each followed by a null; the sync's ends them.
      std::size_t index = start;
      int nulls = 0;
      while (nulls < 2) {
        const ResultPtr result(PQgetResult(connection_));
        if (result == nullptr) {
          ++nulls;  // two in a row: the connection failed
          continue;
        }
        nulls = 0;
        const ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_PIPELINE_SYNC) break;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
          if (!changes.empty() && index < changes.size()) changes[index] = Changes(result.get());
        } else if (status != PGRES_PIPELINE_ABORTED && failure.ok()) {
          failure = PostgresError(connection_, result.get(), fmt::format("running '{}'", sql.substr(0, 80)));
        }
        ++index;
      }
      if (nulls >= 2 && failure.ok())
        failure = PostgresError(connection_, nullptr, "reading a pipeline's results");
      if (PQexitPipelineMode(connection_) != 1 && failure.ok()) {
        failure = PostgresError(connection_, nullptr, "ending a pipeline");
      }
      if (!failure.ok()) return failure;
    }
    return Status::Ok();
  }

  // Rows a statement changed, from its command tag ("INSERT 0 1": 1).
  static std::int64_t Changes(const PGresult* result) {
    const std::string_view text = PQcmdTuples(const_cast<PGresult*>(result));
    std::int64_t changes = 0;
    std::from_chars(text.data(), text.data() + text.size(), changes);
    return changes;
  }

  // Opens `cursor` on `sql` with `params`, the parameters typed as the
  // statement's preparation typed them (0: as PostgreSQL infers).
  Status Declare(std::string_view cursor, std::string_view sql, std::span<const Value> params) {
    TOCSIN_ASSIGN_OR_RETURN(Prepared * prepared, Prepare(sql, params));
    const TextParameters text(params);
    const std::string declare = fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, prepared->numbered);
    const ResultPtr result(PQexecParams(connection_, declare.c_str(), text.size(), prepared->types.data(),
                                        text.values(), nullptr, nullptr, 0));
    if (!Succeeded(result.get())) {
      return PostgresError(connection_, result.get(),
                           fmt::format("opening a cursor on '{}'", sql.substr(0, 80)));
    }
    return Status::Ok();
  }

  // After a reconnection the server has forgotten every prepared statement.
  void ForgetStatements() {
    statements_.clear();
    once_prepared_ = false;
  }

 private:
  struct Prepared {
    std::string name;
    int parameters = 0;
    std::string numbered;    // the text PostgreSQL was given ($1, $2, ...)
    std::vector<Oid> types;  // the types it was given, 0 where it inferred one
  };

  static Status CheckParameterCount(int takes, std::span<const Value> params) {
    if (takes == static_cast<int>(params.size())) return Status::Ok();
    return InternalError(fmt::format("statement takes {} parameters, {} given", takes, params.size()));
  }

  // Prepares `sql` with the types PostgreSQL infers from where each parameter
  // stands. A parameter whose type it cannot infer ("? IS NULL") gets the type
  // of the value given for it. A failed PREPARE would abort the transaction, so
  // the attempts run inside a savepoint.
  // Errors: Internal when `params` are not as many as the statement takes.
  Result<Prepared*> Prepare(std::string_view sql, std::span<const Value> params) {
    if (const auto found = statements_.find(sql); found != statements_.end()) {
      TOCSIN_RETURN_IF_ERROR(CheckParameterCount(found->second.parameters, params));
      return &found->second;
    }
    int count = 0;
    const std::string numbered = NumberPlaceholders(sql, &count);
    TOCSIN_RETURN_IF_ERROR(CheckParameterCount(count, params));
    const bool keep = statements_.size() < kMaximumStatements;
    // A statement past the cache is prepared as "s_once", replacing the last
    // one (not as the unnamed statement: the savepoint's RELEASE below, a simple
    // query, would destroy that before it ran).
    Prepared prepared{keep ? fmt::format("s{}", ++named_) : std::string("s_once"), count, numbered,
                      std::vector<Oid>(count, 0)};
    std::vector<Oid>& types = prepared.types;
    TOCSIN_RETURN_IF_ERROR(Simple("SAVEPOINT tocsin_prepare").status());
    if (!keep && once_prepared_) {
      TOCSIN_RETURN_IF_ERROR(Simple("DEALLOCATE s_once").status());
      once_prepared_ = false;
    }
    for (int attempt = 0;; ++attempt) {
      ResultPtr result(PQprepare(connection_, prepared.name.c_str(), numbered.c_str(), count, types.data()));
      if (Succeeded(result.get())) break;
      Status error =
          PostgresError(connection_, result.get(), fmt::format("preparing '{}'", sql.substr(0, 80)));
      (void)Simple("ROLLBACK TO SAVEPOINT tocsin_prepare");
      const int untyped = UntypedParameter(result.get());
      if (SqlState(result.get()) != "42P18" || untyped < 1 || untyped > count || types[untyped - 1] != 0 ||
          attempt > count) {
        (void)Simple("RELEASE SAVEPOINT tocsin_prepare");
        return error;
      }
      types[untyped - 1] = TypeOf(params[untyped - 1]);
    }
    TOCSIN_RETURN_IF_ERROR(Simple("RELEASE SAVEPOINT tocsin_prepare").status());
    if (!keep) {
      once_prepared_ = true;
      unnamed_ = prepared;
      return &unnamed_;
    }
    return &statements_.emplace(std::string(sql), std::move(prepared)).first->second;
  }

  // The N of "could not determine data type of parameter $N", or 0.
  static int UntypedParameter(const PGresult* result) {
    const std::string message = TrimmedMessage(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    const std::size_t dollar = message.rfind('$');
    int number = 0;
    if (dollar != std::string::npos)
      std::from_chars(message.data() + dollar + 1, message.data() + message.size(), number);
    return number;
  }

  PGconn* connection_;
  std::map<std::string, Prepared, std::less<>> statements_;
  Prepared unnamed_;  // the statement prepared as "s_once"
  bool once_prepared_ = false;
  int named_ = 0;
};

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
  // chain, the next task number) sees the latest commit.
  Status Write(const Work& work) override {
    return Run(
        work,
        "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(hashtext(current_schema()))");
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
    TOCSIN_RETURN_IF_ERROR(Begin(begin));
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

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
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
  TOCSIN_ASSIGN_OR_RETURN(ResultPtr current, connection->Simple("SELECT current_schema()"));
  if (PQgetisnull(current.get(), 0, 0) != 0) {
    TOCSIN_ASSIGN_OR_RETURN(ResultPtr path, connection->Simple("SELECT current_setting('search_path')"));
    std::string first(PQgetvalue(path.get(), 0, 0));
    first = first.substr(0, first.find(','));
    first.erase(0, first.find_first_not_of(' '));
    first.erase(first.find_last_not_of(' ') + 1);
    if (first.size() >= 2 && first.front() == '"' && first.back() == '"') {
      first = first.substr(1, first.size() - 2);
    } else {
      // An unquoted name on the path means its lower-case form, as in SQL.
      for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (first.empty() || first == "$user") {
      return InvalidArgumentError(fmt::format("{}: no schema to keep the store in: the search path is '{}'",
                                              url, PQgetvalue(path.get(), 0, 0)));
    }
    const std::unique_ptr<char, decltype(&PQfreemem)> quoted(
        PQescapeIdentifier(connection->get(), first.data(), first.size()), &PQfreemem);
    TOCSIN_RETURN_IF_ERROR(connection->Simple(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", quoted.get()))
                               .status()
                               .WithContext(url));
  }
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(std::move(connection), url));
}

}  // namespace tocsin::store
