// What changes when SQL written for both backends goes to PostgreSQL (private
// to the store module).
#pragma once

#include <string>
#include <string_view>

#include "tocsin/store/store.h"

namespace tocsin::store {

// `sql` with its `?` placeholders numbered as PostgreSQL's $1, $2, ... and its
// numbered ones (`?3`) as $3; a `?` inside a string literal, a quoted
// identifier or a comment is left alone. `*count` receives the number of
// parameters the statement takes.
std::string NumberPlaceholders(std::string_view sql, int* count);

// A migration statement, written in SQLite's type names, for `dialect`. For
// PostgreSQL: INTEGER is BIGINT (SQLite's integers are 64-bit), an INTEGER
// PRIMARY KEY an identity column (SQLite's rowid), REAL DOUBLE PRECISION, TEXT
// compares bytewise as in SQLite (COLLATE "C", whatever the database's locale),
// and WITHOUT ROWID goes. String literals are left as they are.
std::string MigrationStatementFor(std::string_view statement, Dialect dialect);

}  // namespace tocsin::store
