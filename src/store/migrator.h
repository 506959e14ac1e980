// Applies Tocsin's numbered schema migrations (src/store/migrations/NNNN_*.sql).
#pragma once

#include "tocsin/store/store.h"

namespace tocsin::store {

// Reads the version recorded in schema_migrations (0 for a new database).
Status ReadSchemaVersion(Transaction& transaction, int* version);

// Applies, each in its own transaction, every migration the database lacks;
// when it lacks none, reads once and writes nothing. Errors: DataLoss when the
// database is newer than this binary.
Status Migrate(Store& store);

}  // namespace tocsin::store
