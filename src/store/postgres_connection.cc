#include "postgres_connection.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "sql_dialect.h"

namespace tocsin::store::postgres {
namespace {

// Type OIDs of PostgreSQL's built-in types (catalog/pg_type.dat).
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat8Oid = 701;

// Statements kept prepared per connection; past this (statements whose text
// holds a variable number of `?`), a statement is prepared as "s_once" for one use.
constexpr std::size_t kMaximumStatements = 512;

// Statements sent in one pipeline before their results are read: small enough
// that neither side's socket buffer fills while the other waits (their results
// are a few dozen bytes each), large enough that round trips stop mattering.
constexpr std::size_t kPipeline = 256;

std::string_view SqlState(const PGresult* result) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? std::string_view(state) : std::string_view();
}

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

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

Status CheckParameterCount(int takes, std::span<const Value> params) {
  if (takes == static_cast<int>(params.size())) return Status::Ok();
  return InternalError(fmt::format("statement takes {} parameters, {} given", takes, params.size()));
}

// The N of "could not determine data type of parameter $N", or 0.
int UntypedParameter(const PGresult* result) {
  const std::string message = TrimmedMessage(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
  const std::size_t dollar = message.rfind('$');
  int number = 0;
  if (dollar != std::string::npos)
    std::from_chars(message.data() + dollar + 1, message.data() + message.size(), number);
  return number;
}

}  // namespace

std::string TrimmedMessage(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Status PostgresError(PGconn* connection, const PGresult* result, std::string_view what) {
  const std::string message = fmt::format(
      "{}: {}", what,
      TrimmedMessage(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection)));
  const std::string_view state = SqlState(result);
  if (PQstatus(connection) == CONNECTION_BAD || state.starts_with("08")) return UnavailableError(message);
  if (state.starts_with("23")) return InvalidArgumentError(message);  // integrity constraint violation
  if (state == "42501") {  // insufficient privilege: the role was not granted the store's tables
    return PermissionDeniedError(message +
                                 " (grant the database role privileges on the Tocsin store's tables)");
  }
  // Serialization failure, deadlock, lock not available, operator intervention.
  if (state.starts_with("40") || state == "55P03" || state.starts_with("57"))
    return UnavailableError(message);
  if (state.starts_with("53") || state.starts_with("58")) return IoError(message);  // resources, system
  if (state == "XX001" || state == "XX002") return DataLossError(message);          // data or index corrupted
  return InternalError(message);
}

void IgnoreNotice(void* /*unused*/, const char* /*message*/) {}

std::int64_t PostgresRow::Integer(int column) const {
  const std::string_view text = Value(column);
  if (text == "t") return 1;
  if (text == "f") return 0;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size()) return value;
  return static_cast<std::int64_t>(Real(column));
}
double PostgresRow::Real(int column) const {
  const std::string_view text = Value(column);
  if (text == "t") return 1;
  if (text == "f") return 0;
  if (text == "Infinity") return HUGE_VAL;
  if (text == "-Infinity") return -HUGE_VAL;
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}
Result<ResultPtr> Connection::Simple(std::string_view sql) {
  ResultPtr result(PQexec(connection_, std::string(sql).c_str()));
  if (!Succeeded(result.get())) {
    return PostgresError(connection_, result.get(), fmt::format("running '{}'", sql.substr(0, 80)));
  }
  return result;
}

Result<ResultPtr> Connection::Run(std::string_view sql, std::span<const Value> params) {
  TOCSIN_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql, params));
  const TextParameters text(params);
  ResultPtr result(
      PQexecPrepared(connection_, prepared->name.c_str(), text.size(), text.values(), nullptr, nullptr, 0));
  if (!Succeeded(result.get())) {
    return PostgresError(connection_, result.get(), fmt::format("running '{}'", sql.substr(0, 80)));
  }
  return result;
}

Status Connection::RunMany(std::string_view sql, std::span<const std::vector<Value>> param_sets,
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

std::int64_t Connection::Changes(const PGresult* result) {
  const std::string_view text = PQcmdTuples(const_cast<PGresult*>(result));
  std::int64_t changes = 0;
  std::from_chars(text.data(), text.data() + text.size(), changes);
  return changes;
}

Status Connection::Declare(std::string_view cursor, std::string_view sql, std::span<const Value> params) {
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

Result<Connection::Prepared*> Connection::Prepare(std::string_view sql, std::span<const Value> params) {
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
    Status error = PostgresError(connection_, result.get(), fmt::format("preparing '{}'", sql.substr(0, 80)));
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

}  // namespace tocsin::store::postgres
