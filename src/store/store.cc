#include "tocsin/store/store.h"

#include <fmt/format.h>

#include "migrator.h"
#include "postgres_store.h"
#include "sqlite_store.h"

namespace tocsin::store {

Result<std::unique_ptr<Store>> Store::Open(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  std::unique_ptr<Store> store;
  if (url.starts_with(kSqlite)) {
    const std::string path(url.substr(kSqlite.size()));
    if (path.empty()) return InvalidArgumentError("store URL 'sqlite:' needs a path, e.g. sqlite:tocsin.db");
    TOCSIN_ASSIGN_OR_RETURN(store, OpenSqliteStore(path));
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    TOCSIN_ASSIGN_OR_RETURN(store, OpenPostgresStore(std::string(url)));
  } else {
    return InvalidArgumentError(
        fmt::format("unknown store URL '{}': use sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE", url));
  }
  TOCSIN_RETURN_IF_ERROR(Migrate(*store));
  return store;
}

}  // namespace tocsin::store
