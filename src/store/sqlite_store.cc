#include "sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <map>
#include <mutex>
#include <utility>

#include "migrator.h"

namespace tocsin::store {
namespace {

constexpr int kBusyTimeoutMilliseconds = 10000;

Status SqliteError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  const std::string message = fmt::format("{}: {}", what, sqlite3_errmsg(db));
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(message);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return IoError(message);
    case SQLITE_CONSTRAINT:
      return InvalidArgumentError(message);
    default:
      return InternalError(message);
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

// Binds `params` to `statement`, which the caller has reset.
Status BindAll(sqlite3* db, sqlite3_stmt* statement, std::span<const Value> params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
    return InternalError(fmt::format("statement takes {} parameters, {} given",
                                     sqlite3_bind_parameter_count(statement), params.size()));
  }
  for (int i = 0; i < static_cast<int>(params.size()); ++i) {
    const Value& value = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(value)) {
      rc = sqlite3_bind_null(statement, i + 1);
    } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(statement, i + 1, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(statement, i + 1, *real);
    } else {
      const std::string& text = std::get<std::string>(value);
      rc = sqlite3_bind_text(statement, i + 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) return SqliteError(db, "binding a parameter");
  }
  return Status::Ok();
}

// The prepared statements of one connection, keyed by their SQL text and kept
// for the connection's life (SQLITE_PREPARE_PERSISTENT), so that a statement
// the server runs on every request is compiled once. Preparing was 39% of the
// forecast map's request time. Used under the store's mutex only.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() {
    for (auto& [sql, entry] : entries_) sqlite3_finalize(entry.statement);
  }

  // A statement borrowed from the cache until the Lease ends, which resets it
  // and clears its bindings. A statement already borrowed (a query run from
  // inside another's row callback with the same text), or one past the cache's
  // size, is prepared for this use alone and finalised after it.
  class Lease {
   public:
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease(Lease&& other) noexcept
        : statement_(std::exchange(other.statement_, nullptr)), busy_(std::exchange(other.busy_, nullptr)) {}
    ~Lease() {
      if (statement_ == nullptr) return;
      if (busy_ == nullptr) {
        sqlite3_finalize(statement_);
        return;
      }
      sqlite3_reset(statement_);
      sqlite3_clear_bindings(statement_);
      *busy_ = false;
    }
    sqlite3_stmt* get() const { return statement_; }

   private:
    friend class StatementCache;
    Lease(sqlite3_stmt* statement, bool* busy) : statement_(statement), busy_(busy) {}
    sqlite3_stmt* statement_;
    bool* busy_;  // null: not cached, finalise at the end
  };

  Result<Lease> Acquire(std::string_view sql) {
    if (const auto found = entries_.find(sql); found != entries_.end() && !found->second.busy) {
      found->second.busy = true;
      return Lease(found->second.statement, &found->second.busy);
    }
    const bool cache = entries_.size() < kMaximumStatements && !entries_.contains(sql);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                           cache ? SQLITE_PREPARE_PERSISTENT : 0, &statement, nullptr) != SQLITE_OK) {
      sqlite3_finalize(statement);
      return SqliteError(db_, fmt::format("preparing '{}'", sql.substr(0, 80)));
    }
    if (!cache) return Lease(statement, nullptr);
    Entry& entry = entries_.emplace(std::string(sql), Entry{statement, true}).first->second;
    return Lease(statement, &entry.busy);
  }

 private:
  // Statements whose text holds a variable number of `?` (IN lists) would
  // otherwise grow the cache without bound; past this size they are not kept.
  static constexpr std::size_t kMaximumStatements = 512;

  struct Entry {
    sqlite3_stmt* statement = nullptr;
    bool busy = false;
  };
  sqlite3* db_;
  // std::map: node addresses (and so the leases' `busy` pointers) stay valid.
  std::map<std::string, Entry, std::less<>> entries_;
};

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(sqlite3* db, StatementCache& statements) : db_(db), statements_(statements) {}

  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    TOCSIN_ASSIGN_OR_RETURN(const StatementCache::Lease statement, statements_.Acquire(sql));
    TOCSIN_RETURN_IF_ERROR(BindAll(db_, statement.get(), params));
    int rc;
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, fmt::format("running '{}'", sql.substr(0, 80)));
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Status ExecuteMany(std::string_view sql, std::span<const std::vector<Value>> param_sets) override {
    return Each(sql, param_sets, {});
  }

  Status ExecuteEach(std::string_view sql, std::span<const std::vector<Value>> param_sets,
                     std::span<std::int64_t> changes) override {
    if (changes.size() != param_sets.size()) {
      return InvalidArgumentError(fmt::format("ExecuteEach: {} parameter sets but room for {} change counts",
                                              param_sets.size(), changes.size()));
    }
    return Each(sql, param_sets, changes);
  }

  Status Query(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) override {
    TOCSIN_ASSIGN_OR_RETURN(const StatementCache::Lease statement, statements_.Acquire(sql));
    TOCSIN_RETURN_IF_ERROR(BindAll(db_, statement.get(), params));
    SqliteRow row(statement.get());
    int rc;
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
      TOCSIN_RETURN_IF_ERROR(on_row(row));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, fmt::format("querying '{}'", sql.substr(0, 80)));
    return Status::Ok();
  }

  std::int64_t LastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  // Runs `sql` once per parameter set; records each run's changes when
  // `changes` is not empty.
  Status Each(std::string_view sql, std::span<const std::vector<Value>> param_sets, std::span<std::int64_t> changes) {
    TOCSIN_ASSIGN_OR_RETURN(const StatementCache::Lease statement, statements_.Acquire(sql));
    for (std::size_t i = 0; i < param_sets.size(); ++i) {
      sqlite3_reset(statement.get());
      sqlite3_clear_bindings(statement.get());
      TOCSIN_RETURN_IF_ERROR(BindAll(db_, statement.get(), param_sets[i]));
      if (sqlite3_step(statement.get()) != SQLITE_DONE) {
        return SqliteError(db_, fmt::format("running '{}'", sql.substr(0, 80)));
      }
      if (!changes.empty()) changes[i] = sqlite3_changes64(db_);
    }
    return Status::Ok();
  }

  sqlite3* db_;
  StatementCache& statements_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)), statements_(std::make_unique<StatementCache>(db)) {}
  ~SqliteStore() override {
    statements_.reset();  // finalised before the connection closes
    sqlite3_close_v2(db_);
  }

  Status Write(const Work& work) override { return Run(work, "BEGIN IMMEDIATE"); }
  Status Read(const Work& work) override { return Run(work, "BEGIN DEFERRED"); }

  int schema_version() override {
    int version = 0;
    (void)Read([&](Transaction& transaction) { return ReadSchemaVersion(transaction, &version); });
    return version;
  }
  std::string url() const override { return "sqlite:" + path_; }
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  // One connection, so statements are serialised here; SQLite's own locking
  // serialises this process against others (busy timeout, BEGIN IMMEDIATE).
  Status Run(const Work& work, const char* begin) {
    std::lock_guard lock(mutex_);
    if (Step(begin) != SQLITE_DONE) return SqliteError(db_, "starting a transaction");
    SqliteTransaction transaction(db_, *statements_);
    Status status = work(transaction);
    if (!status.ok()) {
      Step("ROLLBACK");
      return status;
    }
    if (Step("COMMIT") != SQLITE_DONE) {
      Status error = SqliteError(db_, "committing");
      Step("ROLLBACK");
      return error;
    }
    return Status::Ok();
  }

  // Runs one of the transaction statements through the statement cache: the
  // server begins and commits two transactions per request, and sqlite3_exec
  // would compile each statement every time.
  int Step(const char* sql) {
    auto lease = statements_->Acquire(sql);
    if (!lease.ok()) return SQLITE_ERROR;
    return sqlite3_step(lease->get());
  }

  std::mutex mutex_;
  sqlite3* db_;
  std::string path_;
  std::unique_ptr<StatementCache> statements_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  sqlite3* db = nullptr;
  // The store serialises every use of its connection under its own mutex, so
  // SQLite's per-call locking (FULLMUTEX) would only be paid twice: a bulk
  // import makes some twenty API calls per row.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  // Nor is memory accounting needed, which takes a global mutex on every
  // allocation. Only possible before SQLite initialises; harmless after.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
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
  // A 32 MiB page cache (allocated as used; SQLite's default is 2 MiB) keeps
  // the B-tree pages a bulk import touches in memory instead of re-reading them.
  // A new database gets 16 KiB pages (SQLite's default is 4 KiB): fewer pages
  // to split, link and log per row, about a tenth off a bulk event import
  // (bench/sqlite_ceiling). An existing database keeps the size it was made with.
  for (const char* pragma : {"PRAGMA page_size=16384", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-32768"}) {
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
