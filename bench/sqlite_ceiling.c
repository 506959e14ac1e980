/* What SQLite itself can do with Tocsin's events table: the rows of a Tocsin
 * database's `events` are read into memory, then inserted with the C API into a
 * fresh database of the same schema (16 KiB pages, WAL, synchronous=FULL, a
 * durable commit per batch, one prepared statement, nothing else per row), with
 * and without the unique (source, source_id) key and the two secondary indexes.
 * The figures bound what any importer into this schema can reach on this machine.
 * Two more lines bound any importer into SQLite at all: the most favourable
 * set-up SQLite allows (a narrower row with dates and origin as integers, a
 * rollback journal, which writes new pages once, and all three keys built after
 * the rows), durable and then not.
 *
 * Usage: sqlite_ceiling SOURCE.db TARGET.db [BATCH_ROWS]   (bench/sqlite_ceiling builds and runs it) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kColumns = 21 };
static const char* kColumnList =
    "source, source_id, date_start, date_end, date_precision, gw, admin1, latitude, longitude, violence_type, "
    "actor1, actor2, fatalities_best, fatalities_low, fatalities_high, civilian_deaths, event_code, goldstein, "
    "text, origin, content_hash";

typedef struct {
  int type;
  sqlite3_int64 integer;
  double real;
  char* text;
  int bytes;
} Cell;

static double Now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "sqlite_ceiling: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

static void Exec(sqlite3* db, const char* sql) {
  char* error = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
    fprintf(stderr, "sqlite_ceiling: %s: %s\n", sql, error);
    exit(1);
  }
}

/* Days since 1970-01-01 of a YYYY-MM-DD text (days_from_civil). */
static sqlite3_int64 DayNumber(const char* text) {
  int year = atoi(text);
  const int month = atoi(text + 5);
  const int day = atoi(text + 8);
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return (sqlite3_int64)era * 146097 + day_of_era - 719468;
}

static Cell* ReadRows(const char* path, int* count) {
  sqlite3* db;
  Check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), db, path);
  sqlite3_stmt* statement;
  Check(sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &statement, NULL), db, "count");
  Check(sqlite3_step(statement), db, "count");
  const int rows = (int)sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  char sql[1024];
  snprintf(sql, sizeof sql, "SELECT %s FROM events ORDER BY id", kColumnList);
  Check(sqlite3_prepare_v2(db, sql, -1, &statement, NULL), db, "select");
  Cell* cells = calloc((size_t)rows * kColumns, sizeof(Cell));
  int n = 0;
  while (n < rows && sqlite3_step(statement) == SQLITE_ROW) {
    for (int c = 0; c < kColumns; ++c) {
      Cell* cell = &cells[(size_t)n * kColumns + c];
      cell->type = sqlite3_column_type(statement, c);
      if (cell->type == SQLITE_INTEGER) cell->integer = sqlite3_column_int64(statement, c);
      if (cell->type == SQLITE_FLOAT) cell->real = sqlite3_column_double(statement, c);
      if (cell->type == SQLITE_TEXT) {
        cell->bytes = sqlite3_column_bytes(statement, c);
        cell->text = malloc((size_t)cell->bytes + 1);
        memcpy(cell->text, sqlite3_column_text(statement, c), (size_t)cell->bytes);
      }
    }
    ++n;
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  *count = n;
  return cells;
}

typedef struct {
  const char* journal;  /* WAL, or DELETE: a rollback journal */
  const char* synchronous;
  int narrow;           /* dates and origin bound as integers */
} Setup;

static const Setup kTocsin = {"WAL", "FULL", 0};

static void Insert(const char* path, const Cell* cells, int rows, int batch, int unique_key, int indexes,
                   Setup setup, const char* label) {
  char wal[4096];
  snprintf(wal, sizeof wal, "%s-wal", path);
  remove(path);
  remove(wal);
  sqlite3* db;
  Check(sqlite3_open(path, &db), db, path);
  char pragmas[256];
  snprintf(pragmas, sizeof pragmas,
           "PRAGMA page_size=16384; PRAGMA journal_mode=%s; PRAGMA synchronous=%s; PRAGMA cache_size=-32768",
           setup.journal, setup.synchronous);
  Exec(db, pragmas);
  char sql[4096];
  snprintf(sql, sizeof sql,
           "CREATE TABLE events (id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_id TEXT NOT NULL, "
           "date_start TEXT NOT NULL, date_end TEXT NOT NULL, date_precision INTEGER NOT NULL CHECK "
           "(date_precision BETWEEN 1 AND 5), gw INTEGER NOT NULL, admin1 TEXT NOT NULL DEFAULT '', latitude REAL, "
           "longitude REAL, violence_type INTEGER NOT NULL CHECK (violence_type BETWEEN 1 AND 5), actor1 TEXT NOT "
           "NULL DEFAULT '', actor2 TEXT NOT NULL DEFAULT '', fatalities_best INTEGER, fatalities_low INTEGER, "
           "fatalities_high INTEGER, civilian_deaths INTEGER, event_code TEXT NOT NULL DEFAULT '', goldstein REAL, "
           "text TEXT NOT NULL DEFAULT '', origin TEXT NOT NULL, content_hash INTEGER NOT NULL, label INTEGER NOT "
           "NULL DEFAULT 0, owner_organisation_id INTEGER, case_id INTEGER%s)",
           unique_key ? ", UNIQUE (source, source_id)" : "");
  Exec(db, sql);
  if (indexes) {
    Exec(db, "CREATE INDEX events_by_place ON events(gw, date_start); CREATE INDEX events_by_date ON events(date_start)");
  }
  snprintf(sql, sizeof sql,
           "INSERT INTO events (%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           kColumnList);
  sqlite3_stmt* insert;
  Check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &insert, NULL), db, "insert");
  const double start = Now();
  for (int r = 0; r < rows; ++r) {
    if (r % batch == 0) Exec(db, "BEGIN IMMEDIATE");
    for (int c = 0; c < kColumns; ++c) {
      const Cell* cell = &cells[(size_t)r * kColumns + c];
      if (cell->type == SQLITE_INTEGER) sqlite3_bind_int64(insert, c + 1, cell->integer);
      else if (cell->type == SQLITE_FLOAT) sqlite3_bind_double(insert, c + 1, cell->real);
      else if (setup.narrow && (c == 2 || c == 3)) sqlite3_bind_int64(insert, c + 1, DayNumber(cell->text));
      else if (setup.narrow && c == 19) sqlite3_bind_int64(insert, c + 1, ((sqlite3_int64)1 << 32) | (r + 2));
      else if (cell->type == SQLITE_TEXT) sqlite3_bind_text(insert, c + 1, cell->text, cell->bytes, SQLITE_STATIC);
      else sqlite3_bind_null(insert, c + 1);
    }
    Check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
    if (r % batch == batch - 1 || r == rows - 1) Exec(db, "COMMIT");
  }
  double seconds = Now() - start;
  double index_seconds = 0;
  if (!indexes) {  /* the bulk load's way: the indexes built after */
    const double built = Now();
    if (!unique_key) Exec(db, "CREATE UNIQUE INDEX events_key ON events(source, source_id)");
    Exec(db, "CREATE INDEX events_by_place ON events(gw, date_start); CREATE INDEX events_by_date ON events(date_start)");
    index_seconds = Now() - built;
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  printf("| %s | %.2f | %.2f | %.0f |\n", label, seconds, index_seconds, rows / (seconds + index_seconds));
  fflush(stdout);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: sqlite_ceiling SOURCE.db TARGET.db [BATCH_ROWS]\n");
    return 2;
  }
  const int batch = argc > 3 ? atoi(argv[3]) : 20000;
  int rows = 0;
  const Cell* cells = ReadRows(argv[1], &rows);
  printf("SQLite %s, %d rows of %s, a durable commit per %d rows\n\n", sqlite3_libversion(), rows, argv[1], batch);
  printf("| raw SQLite C API, same schema | insert s | index build s | rows/s |\n|---|---:|---:|---:|\n");
  const Setup best = {"DELETE", "FULL", 1};
  const Setup unsafe = {"DELETE", "OFF", 1};
  Insert(argv[2], cells, rows, batch, 0, 0, kTocsin, "table only, then the unique key and secondary indexes built after");
  Insert(argv[2], cells, rows, batch, 1, 0, kTocsin, "unique key, secondary indexes built after (Tocsin's bulk load)");
  Insert(argv[2], cells, rows, batch, 1, 1, kTocsin, "unique key and both secondary indexes kept (Tocsin's other imports)");
  Insert(argv[2], cells, rows, batch, 0, 0, best,
         "most favourable: integer dates and origin, rollback journal, all three keys built after");
  Insert(argv[2], cells, rows, batch, 0, 0, unsafe, "the same without fsync (not durable: SQLite's CPU work alone)");
  return 0;
}
