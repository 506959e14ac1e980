#include "migrator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <span>
#include <string>
#include <vector>

#include "sql_dialect.h"
#include "tocsin/core/embedded_file.h"

namespace tocsin::store {

extern const std::span<const EmbeddedFile> kMigrations;

namespace {

int MigrationNumber(std::string_view file_name) {
  int number = 0;
  std::from_chars(file_name.data(), file_name.data() + file_name.size(), number);
  return number;
}

// Whether `statement`, read so far, is a SQLite trigger whose body
// (BEGIN ... END) has not ended: its semicolons do not end the statement.
bool InsideTriggerBody(std::string_view statement) {
  std::string upper;
  for (const char c : statement)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  const std::size_t start = upper.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || upper.compare(start, 14, "CREATE TRIGGER") != 0) return false;
  if (upper.find(" BEGIN") == std::string::npos && upper.find("\nBEGIN") == std::string::npos) return false;
  const std::size_t last = upper.find_last_not_of(" \t\r\n");
  return !(last >= 2 && upper.compare(last - 2, 3, "END") == 0);
}

// Splits a migration into statements at semicolons, dropping `--` comments.
// A semicolon inside a PostgreSQL dollar-quoted body ($$ ... $$) or a SQLite
// trigger's BEGIN ... END belongs to the statement. Migrations keep
// semicolons and `--` out of string literals.
std::vector<std::string> SplitStatements(std::string_view text) {
  std::vector<std::string> statements;
  std::string current;
  bool dollar_quoted = false;
  while (!text.empty()) {
    const std::size_t line_end = text.find('\n');
    std::string_view line = text.substr(0, line_end);
    text.remove_prefix(line_end == std::string_view::npos ? text.size() : line_end + 1);
    if (const std::size_t comment = line.find("--"); comment != std::string_view::npos && !dollar_quoted) {
      line = line.substr(0, comment);
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '$' && i + 1 < line.size() && line[i + 1] == '$') {
        dollar_quoted = !dollar_quoted;
        current += "$$";
        ++i;
      } else if (c == ';' && !dollar_quoted && !InsideTriggerBody(current)) {
        if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
        current.clear();
      } else {
        current.push_back(c);
      }
    }
    current.push_back('\n');
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
  return statements;
}

// A migration file is for both backends ("0004_respond.sql", written in
// SQLite's type names and translated for PostgreSQL) or for one of them
// ("0010_audit_log_guards.sqlite.sql", "...postgres.sql": the same number in
// each dialect, for what cannot be written once, such as triggers).
enum class MigrationFor { kBoth, kSqlite, kPostgres };

MigrationFor MigrationTarget(std::string_view file_name) {
  if (file_name.ends_with(".sqlite.sql")) return MigrationFor::kSqlite;
  if (file_name.ends_with(".postgres.sql")) return MigrationFor::kPostgres;
  return MigrationFor::kBoth;
}

bool AppliesTo(MigrationFor target, Dialect dialect) {
  return target == MigrationFor::kBoth || (target == MigrationFor::kSqlite) == (dialect == Dialect::kSqlite);
}

// The current time as the migrations record it: 2026-12-01T09:30:00Z.
std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

// Reads the numbers of the migrations recorded in schema_migrations (none for
// a new database).
Status ReadAppliedVersions(Transaction& transaction, std::vector<int>* versions) {
  versions->clear();
  bool has_table = false;
  const char* const exists =
      transaction.dialect() == Dialect::kSqlite
          ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          // pg_tables, not information_schema.tables: the latter hides the tables a
          // role has no privilege on, and a store without grants would look empty.
          : "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'schema_migrations'";
  TOCSIN_RETURN_IF_ERROR(transaction.Query(exists, {}, [&](const Row&) {
    has_table = true;
    return Status::Ok();
  }));
  if (!has_table) return Status::Ok();
  return transaction.Query("SELECT version FROM schema_migrations ORDER BY version", {}, [&](const Row& row) {
    versions->push_back(static_cast<int>(row.Integer(0)));
    return Status::Ok();
  });
}

Status ReadSchemaVersion(Transaction& transaction, int* version) {
  std::vector<int> versions;
  TOCSIN_RETURN_IF_ERROR(ReadAppliedVersions(transaction, &versions));
  *version = versions.empty() ? 0 : versions.back();
  return Status::Ok();
}

Status Migrate(Store& store) {
  int latest = 0;
  for (const EmbeddedFile& migration : kMigrations)
    latest = std::max(latest, MigrationNumber(migration.name));
  // Every command and every pooled connection opens the store: when nothing
  // is missing, one read answers, without taking the writer's lock.
  std::vector<int> applied;
  TOCSIN_RETURN_IF_ERROR(
      store.Read([&](Transaction& transaction) { return ReadAppliedVersions(transaction, &applied); }));
  const bool complete = std::ranges::all_of(kMigrations, [&](const EmbeddedFile& migration) {
    return !AppliesTo(MigrationTarget(migration.name), store.dialect()) ||
           std::ranges::binary_search(applied, MigrationNumber(migration.name));
  });
  if (complete && (applied.empty() || applied.back() <= latest)) return Status::Ok();
  for (const EmbeddedFile& migration : kMigrations) {
    const MigrationFor target = MigrationTarget(migration.name);
    if (!AppliesTo(target, store.dialect())) continue;
    const int number = MigrationNumber(migration.name);
    TOCSIN_RETURN_IF_ERROR(store.Write([&](Transaction& transaction) -> Status {
      int current = 0;
      TOCSIN_RETURN_IF_ERROR(ReadSchemaVersion(transaction, &current));
      if (current > latest) {
        return DataLossError(fmt::format("{}: database schema version {} is newer than this tocsin ({}); upgrade tocsin",
                                         store.url(), current, latest));
      }
      // (Stores made before the time was bound keep their column's SQLite default.)
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute(MigrationStatementFor("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                                             "PRIMARY KEY, name TEXT NOT NULL, "
                                             "applied_at TEXT NOT NULL)",
                                             transaction.dialect()))
              .status());
      // Each migration is applied once, by number, so one that lands after a
      // higher-numbered one (from work on separate branches) is still applied.
      bool applied = false;
      const std::vector<Value> version = {std::int64_t{number}};
      TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT 1 FROM schema_migrations WHERE version = ?", version,
                                               [&](const Row&) {
                                                 applied = true;
                                                 return Status::Ok();
                                               }));
      if (applied) return Status::Ok();
      // Statements run one by one so that an error names the migration.
      for (const std::string& statement : SplitStatements(migration.text)) {
        const auto result = transaction.Execute(target == MigrationFor::kBoth
                                                    ? MigrationStatementFor(statement, transaction.dialect())
                                                    : statement);
        if (!result.ok()) return result.status().WithContext(fmt::format("migration {}", migration.name));
      }
      const std::vector<Value> params = {std::int64_t{number}, std::string(migration.name), UtcNow()};
      return transaction
          .Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", params)
          .status();
    }));
  }
  return Status::Ok();
}

}  // namespace tocsin::store
