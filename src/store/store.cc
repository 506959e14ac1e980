#include "tocsin/store/store.h"

#include <fmt/format.h>

#include "migrator.h"
#include "sqlite_store.h"

namespace tocsin::store {

Result<std::unique_ptr<Store>> Store::Open(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (!url.starts_with(kSqlite)) {
    return InvalidArgumentError(fmt::format("unknown store URL '{}': use sqlite:PATH", url));
  }
  const std::string path(url.substr(kSqlite.size()));
  if (path.empty()) return InvalidArgumentError("store URL 'sqlite:' needs a path, e.g. sqlite:tocsin.db");
  TOCSIN_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  TOCSIN_RETURN_IF_ERROR(Migrate(*store));
  return store;
}

}  // namespace tocsin::store
