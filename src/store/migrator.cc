#include "migrator.h"

#include <fmt/format.h>

#include <charconv>
#include <span>
#include <string>
#include <vector>

#include "tocsin/core/embedded_file.h"

namespace tocsin::store {

extern const std::span<const EmbeddedFile> kMigrations;

namespace {

int MigrationNumber(std::string_view file_name) {
  int number = 0;
  std::from_chars(file_name.data(), file_name.data() + file_name.size(), number);
  return number;
}

// Splits a migration into statements at semicolons, dropping `--` comments.
// Migrations keep semicolons out of string literals and comments.
std::vector<std::string> SplitStatements(std::string_view text) {
  std::vector<std::string> statements;
  std::string current;
  while (!text.empty()) {
    const std::size_t line_end = text.find('\n');
    std::string_view line = text.substr(0, line_end);
    text.remove_prefix(line_end == std::string_view::npos ? text.size() : line_end + 1);
    if (const std::size_t comment = line.find("--"); comment != std::string_view::npos) line = line.substr(0, comment);
    for (char c : line) {
      if (c == ';') {
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

}  // namespace

Status ReadSchemaVersion(Transaction& transaction, int* version) {
  *version = 0;
  bool has_table = false;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", {},
      [&](const Row&) {
        has_table = true;
        return Status::Ok();
      }));
  if (!has_table) return Status::Ok();
  return transaction.Query("SELECT coalesce(max(version), 0) FROM schema_migrations", {}, [&](const Row& row) {
    *version = static_cast<int>(row.Integer(0));
    return Status::Ok();
  });
}

Status Migrate(Store& store) {
  const int latest = kMigrations.empty() ? 0 : MigrationNumber(kMigrations.back().name);
  for (const EmbeddedFile& migration : kMigrations) {
    const int number = MigrationNumber(migration.name);
    TOCSIN_RETURN_IF_ERROR(store.Write([&](Transaction& transaction) -> Status {
      int current = 0;
      TOCSIN_RETURN_IF_ERROR(ReadSchemaVersion(transaction, &current));
      if (current > latest) {
        return DataLossError(fmt::format("{}: database schema version {} is newer than this tocsin ({}); upgrade tocsin",
                                         store.url(), current, latest));
      }
      TOCSIN_RETURN_IF_ERROR(transaction.Execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))").status());
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
        const auto result = transaction.Execute(statement);
        if (!result.ok()) return result.status().WithContext(fmt::format("migration {}", migration.name));
      }
      const std::vector<Value> params = {std::int64_t{number}, std::string(migration.name)};
      return transaction.Execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", params).status();
    }));
  }
  return Status::Ok();
}

}  // namespace tocsin::store
