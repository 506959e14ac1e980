// The PostgreSQL backend of Store (private to the store module).
#pragma once

#include <memory>
#include <string>

#include "tocsin/store/store.h"

namespace tocsin::store {

// Connects to the PostgreSQL database at `url`, a libpq connection URI
// ("postgresql://USER@HOST:PORT/DB?options=-csearch_path%3DSCHEMA"); the
// password belongs in PGPASSWORD or ~/.pgpass, not in the URL, which appears
// in messages. When the first schema on the search path does not exist it is
// created if `create`, so one database can hold several Tocsin stores, and
// refused (NotFound) if not. Migrations are applied by the caller.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, bool create);

}  // namespace tocsin::store
