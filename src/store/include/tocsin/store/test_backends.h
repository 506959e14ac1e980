// Stores for tests, on every backend the machine offers: the conformance suite
// and the modules' tests run the same cases on each.
//
// SQLite is always there. PostgreSQL is there when TOCSIN_TEST_POSTGRES holds a
// libpq connection URI of a server the tests may use (scripts/with-postgres.sh
// starts a private one and sets it; `make test` uses that script). Each store
// lives in a schema of its own, so tests can run in parallel on one database.
#pragma once

#include <memory>
#include <string>

#include "tocsin/store/store.h"

namespace tocsin::store::testing {

// Why the PostgreSQL cases do not run, or "" when they do.
std::string PostgresSkipReason();

// The URL of a new, empty store of `backend` ("sqlite" or "postgres") named
// after `name` (letters, digits and underscores): a file under `directory` for
// SQLite, a fresh schema for PostgreSQL (any left from an earlier run is
// dropped). Opening the same URL again reopens the same store.
Result<std::string> NewStoreUrl(const std::string& backend, const std::string& name,
                                const std::string& directory);

// The URL a test opens for a private, empty store: "sqlite::memory:", or, when
// TOCSIN_TEST_BACKEND is "postgres", a new schema on TOCSIN_TEST_POSTGRES's
// server. CMake registers the modules' tests a second time with that setting;
// without a server given, the process prints why and exits with code 77, which
// CTest counts as skipped.
std::string TestStoreUrl();

// Removes what NewStoreUrl made for `url` (the schema; SQLite files are the
// caller's directory's).
Status DropStore(const std::string& url);

// Runs `sql` on a connection of its own to the PostgreSQL server of `url` (roles,
// grants: what a test sets up around a store).
Status RunSqlOnServer(const std::string& url, const std::string& sql);

}  // namespace tocsin::store::testing
