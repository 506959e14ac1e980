// The SQLite backend of Store (private to the store module).
#pragma once

#include <memory>
#include <string>

#include "tocsin/store/store.h"

namespace tocsin::store {

// Opens the SQLite database at `path` (":memory:" for a private in-memory one)
// with Tocsin's durability settings. Migrations are applied by the caller.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace tocsin::store
