#include "tocsin/store/store.h"

#include <fmt/format.h>

#include <filesystem>

#include "migrator.h"
#include "postgres_store.h"
#include "sqlite_store.h"

namespace tocsin::store {

Result<std::unique_ptr<Store>> Store::Open(std::string_view url, OpenOptions options) {
  constexpr std::string_view kSqlite = "sqlite:";
  std::unique_ptr<Store> store;
  if (url.starts_with(kSqlite)) {
    const std::string path(url.substr(kSqlite.size()));
    if (path.empty()) return InvalidArgumentError("store URL 'sqlite:' needs a path, e.g. sqlite:tocsin.db");
    if (!options.create && path != ":memory:" && !std::filesystem::exists(path)) {
      return NotFoundError(fmt::format("{}: no Tocsin store here; create one with `tocsin init`", path));
    }
    TOCSIN_ASSIGN_OR_RETURN(store, OpenSqliteStore(path));
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    TOCSIN_ASSIGN_OR_RETURN(store, OpenPostgresStore(std::string(url), options.create));
  } else {
    return InvalidArgumentError(
        fmt::format("unknown store URL '{}': use sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE", url));
  }
  if (!options.create) {
    // Read with its errors: a role without privileges on the tables is not an empty store.
    int version = 0;
    TOCSIN_RETURN_IF_ERROR(
        store->Read([&](Transaction& transaction) { return ReadSchemaVersion(transaction, &version); }));
    if (version == 0)
      return NotFoundError(fmt::format("{}: no Tocsin store here; create one with `tocsin init`", url));
  }
  TOCSIN_RETURN_IF_ERROR(Migrate(*store));
  return store;
}

}  // namespace tocsin::store
