#include "sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>

#include "migrator.h"

namespace tocsin::store {
namespace {

constexpr int kBusyTimeoutMilliseconds = 10000;

Status SqliteError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  const std::string message = fmt::format("{}: {}", what, sqlite3_errmsg(db));
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return UnavailableError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return DataLossError(message);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: return IoError(message);
    case SQLITE_CONSTRAINT: return InvalidArgumentError(message);
    default: return InternalError(message);
  }
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* statement) : statement_(statement) {}
  int size() const override { return sqlite3_column_count(statement_); }
  bool IsNull(int column) const override { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  std::int64_t Integer(int column) const override { return sqlite3_column_int64(statement_, column); }
  double Real(int column) const override { return sqlite3_column_double(statement_, column); }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(statement_, column));
  }

 private:
  sqlite3_stmt* statement_;
};

// Owns a prepared statement.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }

  Status Prepare(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
      return SqliteError(db, fmt::format("preparing '{}'", sql.substr(0, 80)));
    }
    return Status::Ok();
  }

  Status Bind(sqlite3* db, std::span<const Value> params) {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement_)) {
      return InternalError(fmt::format("statement takes {} parameters, {} given",
                                       sqlite3_bind_parameter_count(statement_), params.size()));
    }
    for (int i = 0; i < static_cast<int>(params.size()); ++i) {
      const Value& value = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(value)) {
        rc = sqlite3_bind_null(statement_, i + 1);
      } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(statement_, i + 1, *integer);
      } else if (const auto* real = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(statement_, i + 1, *real);
      } else {
        const std::string& text = std::get<std::string>(value);
        rc = sqlite3_bind_text(statement_, i + 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return SqliteError(db, "binding a parameter");
    }
    return Status::Ok();
  }

  sqlite3_stmt* get() { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(sqlite3* db) : db_(db) {}

  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    Statement statement;
    TOCSIN_RETURN_IF_ERROR(statement.Prepare(db_, sql));
    TOCSIN_RETURN_IF_ERROR(statement.Bind(db_, params));
    int rc;
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, fmt::format("running '{}'", sql.substr(0, 80)));
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Status ExecuteMany(std::string_view sql, std::span<const std::vector<Value>> param_sets) override {
    Statement statement;
    TOCSIN_RETURN_IF_ERROR(statement.Prepare(db_, sql));
    for (const std::vector<Value>& params : param_sets) {
      TOCSIN_RETURN_IF_ERROR(statement.Bind(db_, params));
      if (sqlite3_step(statement.get()) != SQLITE_DONE) {
        return SqliteError(db_, fmt::format("running '{}'", sql.substr(0, 80)));
      }
    }
    return Status::Ok();
  }

  Status Query(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) override {
    Statement statement;
    TOCSIN_RETURN_IF_ERROR(statement.Prepare(db_, sql));
    TOCSIN_RETURN_IF_ERROR(statement.Bind(db_, params));
    SqliteRow row(statement.get());
    int rc;
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
      TOCSIN_RETURN_IF_ERROR(on_row(row));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, fmt::format("querying '{}'", sql.substr(0, 80)));
    return Status::Ok();
  }

  std::int64_t LastInsertId() override { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3* db_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  Status Write(const Work& work) override { return Run(work, "BEGIN IMMEDIATE"); }
  Status Read(const Work& work) override { return Run(work, "BEGIN DEFERRED"); }

  int schema_version() override {
    int version = 0;
    (void)Read([&](Transaction& transaction) { return ReadSchemaVersion(transaction, &version); });
    return version;
  }
  std::string url() const override { return "sqlite:" + path_; }

 private:
  // One connection, so statements are serialised here; SQLite's own locking
  // serialises this process against others (busy timeout, BEGIN IMMEDIATE).
  Status Run(const Work& work, const char* begin) {
    std::lock_guard lock(mutex_);
    if (sqlite3_exec(db_, begin, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqliteError(db_, "starting a transaction");
    }
    SqliteTransaction transaction(db_);
    Status status = work(transaction);
    if (!status.ok()) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return status;
    }
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      Status error = SqliteError(db_, "committing");
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return error;
    }
    return Status::Ok();
  }

  std::mutex mutex_;
  sqlite3* db_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status error = IoError(fmt::format("{}: cannot open database: {}", path,
                                       db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close_v2(db);
    return error;
  }
  auto store = std::make_unique<SqliteStore>(db, path);
  sqlite3_busy_timeout(db, kBusyTimeoutMilliseconds);
  // WAL lets readers run beside the one writer; FULL syncs the WAL on every
  // commit, so an acknowledged write survives a power cut.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    char* message = nullptr;
    if (sqlite3_exec(db, pragma, nullptr, nullptr, &message) != SQLITE_OK) {
      Status error = DataLossError(fmt::format("{}: {}: {}", path, pragma, message ? message : "failed"));
      sqlite3_free(message);
      return error;
    }
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace tocsin::store
