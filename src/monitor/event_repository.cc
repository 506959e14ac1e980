#include "tocsin/monitor/event_repository.h"

#include <fmt/format.h>

#include <unordered_map>
#include <vector>

namespace tocsin::monitor {
namespace {

using store::Value;

// Inserts a new key; a key that exists changes nothing here (0 rows changed)
// and goes on to kUpdate.
constexpr std::string_view kInsert =
    "INSERT INTO events (source, source_id, date_start, date_end, date_precision, gw, admin1, latitude, "
    "longitude, violence_type, actor1, actor2, fatalities_best, fatalities_low, fatalities_high, "
    "civilian_deaths, event_code, goldstein, text, origin, content_hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (source, source_id) DO NOTHING";
// Rewrites a stored event whose content differs (1 row changed) and leaves an
// identical one alone (0 rows changed). Numbered parameters: it takes the same
// 21 values as kInsert, the key and the new hash used again in WHERE.
constexpr std::string_view kUpdate =
    "UPDATE events SET date_start = ?3, date_end = ?4, date_precision = ?5, gw = ?6, admin1 = ?7, "
    "latitude = ?8, longitude = ?9, violence_type = ?10, actor1 = ?11, actor2 = ?12, fatalities_best = ?13, "
    "fatalities_low = ?14, fatalities_high = ?15, civilian_deaths = ?16, event_code = ?17, goldstein = ?18, "
    "text = ?19, origin = ?20, content_hash = ?21 WHERE source = ?1 AND source_id = ?2 AND content_hash <> ?21";

Value Optional(const std::optional<std::int64_t>& value) {
  return value ? Value(*value) : Value();
}
Value Optional(const std::optional<double>& value) {
  return value ? Value(*value) : Value();
}

constexpr std::size_t kEventColumns = 21;  // of kInsert

// Lays the event out in kInsert's column order over `row`, whose strings keep
// their buffers from the batch before: a recycled batch allocates nothing.
void FillRow(const Event& event, std::int64_t hash, std::vector<Value>& row) {
  row.resize(kEventColumns);
  row[0] = event.source;
  row[1] = event.source_id;
  row[2] = FormatDate(event.date_start);
  row[3] = FormatDate(event.date_end);
  row[4] = static_cast<std::int64_t>(event.date_precision);
  row[5] = std::int64_t{event.country_gw};
  row[6] = event.admin1;
  row[7] = Optional(event.latitude);
  row[8] = Optional(event.longitude);
  row[9] = static_cast<std::int64_t>(event.violence_type);
  row[10] = event.actor1;
  row[11] = event.actor2;
  row[12] = Optional(event.fatalities_best);
  row[13] = Optional(event.fatalities_low);
  row[14] = Optional(event.fatalities_high);
  row[15] = Optional(event.civilian_deaths);
  row[16] = event.event_code;
  row[17] = Optional(event.goldstein);
  row[18] = event.text;
  row[19] = event.origin;
  row[20] = hash;
}

const std::string& SourceOf(const std::vector<Value>& row) {
  return std::get<std::string>(row[0]);
}
const std::string& IdOf(const std::vector<Value>& row) {
  return std::get<std::string>(row[1]);
}

// Whether each row is the last of its key in the batch: that one decides the
// key's content, and the earlier ones count as unchanged.
std::vector<bool> LastOfTheirKey(const std::vector<std::vector<Value>>& rows) {
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, std::size_t>> last;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& ids = last[SourceOf(rows[i])];
    if (ids.empty()) ids.reserve(rows.size());
    ids[IdOf(rows[i])] = i;
  }
  std::vector<bool> is_last(rows.size(), false);
  for (const auto& [source, ids] : last) {
    for (const auto& [id, index] : ids) is_last[index] = true;
  }
  return is_last;
}

}  // namespace

UpsertCounts& UpsertCounts::operator+=(const UpsertCounts& other) {
  inserted += other.inserted;
  updated += other.updated;
  unchanged += other.unchanged;
  return *this;
}

void PrepareEvents(std::span<const Event> events, PreparedEvents& prepared) {
  prepared.rows.resize(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) FillRow(events[i], ContentHash(events[i]), prepared.rows[i]);
  prepared.last_of_key = LastOfTheirKey(prepared.rows);
}

PreparedEvents PrepareEvents(std::span<const Event> events) {
  PreparedEvents prepared;
  PrepareEvents(events, prepared);
  return prepared;
}

namespace {

// Raises the events' change counter (event_changes) when `counts` changed any.
Result<UpsertCounts> Counted(store::Transaction& transaction, const UpsertCounts& counts) {
  if (counts.inserted + counts.updated > 0) {
    TOCSIN_RETURN_IF_ERROR(
        transaction.Execute("UPDATE event_changes SET version = version + 1 WHERE id = 1").status());
  }
  return counts;
}

Result<UpsertCounts> WriteRows(store::Transaction& transaction, const PreparedEvents& events) {
  UpsertCounts counts;
  std::vector<std::size_t> written;  // indices of the rows to write, in batch order
  written.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events.last_of_key[i]) written.push_back(i);
  }
  counts.unchanged = static_cast<std::int64_t>(events.size() - written.size());
  // A key twice in one batch is rare: only then are the rows to write copied.
  std::vector<std::vector<Value>> subset;
  if (written.size() != events.size()) {
    subset.reserve(written.size());
    for (const std::size_t i : written) subset.push_back(events.rows[i]);
  }
  const std::span<const std::vector<Value>> rows =
      written.size() != events.size() ? std::span<const std::vector<Value>>(subset) : std::span(events.rows);

  // One statement per row whatever is stored: a new key is inserted, and only
  // the keys that already exist are looked at again.
  std::vector<std::int64_t> inserted(rows.size(), 0);
  TOCSIN_RETURN_IF_ERROR(transaction.ExecuteEach(kInsert, rows, inserted));
  for (const std::int64_t one : inserted) counts.inserted += one;
  if (counts.inserted == static_cast<std::int64_t>(rows.size())) return counts;
  // The keys already stored: all of them when a file is imported again, and
  // then the rows go as they are; otherwise those few are copied out.
  std::vector<std::vector<Value>> stored;
  if (counts.inserted > 0) {
    for (std::size_t k = 0; k < rows.size(); ++k) {
      if (inserted[k] == 0) stored.push_back(rows[k]);
    }
  }
  const std::span<const std::vector<Value>> updates =
      counts.inserted > 0 ? std::span<const std::vector<Value>>(stored) : rows;
  std::vector<std::int64_t> updated(updates.size(), 0);
  TOCSIN_RETURN_IF_ERROR(transaction.ExecuteEach(kUpdate, updates, updated));
  for (const std::int64_t changed : updated) {
    if (changed == 1) {
      ++counts.updated;
    } else {
      ++counts.unchanged;
    }
  }
  return counts;
}

}  // namespace

Result<UpsertCounts> UpsertPrepared(store::Transaction& transaction, const PreparedEvents& events) {
  TOCSIN_ASSIGN_OR_RETURN(const UpsertCounts counts, WriteRows(transaction, events));
  return Counted(transaction, counts);
}

Result<std::int64_t> EventChangeVersion(store::Transaction& transaction) {
  std::int64_t version = 0;
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query("SELECT version FROM event_changes WHERE id = 1", {}, [&](const store::Row& row) {
        version = row.Integer(0);
        return Status::Ok();
      }));
  return version;
}

Result<UpsertCounts> UpsertEvents(store::Transaction& transaction, std::span<const Event> events) {
  PreparedEvents prepared = PrepareEvents(events);
  return UpsertPrepared(transaction, prepared);
}

Status ScanEvents(store::Store& store, const EventQuery& query,
                  const std::function<Status(const EventSummary&)>& on_event) {
  std::string sql = fmt::format(
      "SELECT id, source, source_id, date_start, gw, admin1, violence_type, coalesce(fatalities_best, 0), {} "
      "FROM events WHERE 1 = 1",
      query.with_text ? "text" : "''");
  std::vector<Value> params;
  if (query.country_gw) {
    sql += " AND gw = ?";
    params.emplace_back(std::int64_t{*query.country_gw});
  }
  if (query.admin1) {
    sql += " AND admin1 = ?";
    params.emplace_back(*query.admin1);
  }
  if (query.from) {
    sql += " AND date_start >= ?";
    params.emplace_back(FormatDate(*query.from));
  }
  if (query.to) {
    sql += " AND date_start <= ?";
    params.emplace_back(FormatDate(*query.to));
  }
  if (query.source) {
    sql += " AND source = ?";
    params.emplace_back(*query.source);
  }
  if (query.violence != kAnyViolence) {
    const RowFilter violence = ViolenceFilter(query.violence);
    sql += " AND " + violence.sql;
    params.insert(params.end(), violence.params.begin(), violence.params.end());
  }
  if (!query.rows.sql.empty()) {
    const RowFilter& filter = query.rows;
    sql += " AND " + filter.sql;
    params.insert(params.end(), filter.params.begin(), filter.params.end());
  }
  if (query.order_by == "fatalities") {
    sql += " ORDER BY coalesce(fatalities_best, 0) DESC, date_start, id";
  } else if (query.order_by == "date_start") {
    sql += " ORDER BY date_start, id";
  }
  if (query.limit) {
    sql += " LIMIT ?";
    params.emplace_back(*query.limit);
  }
  return store.Read([&](store::Transaction& transaction) -> Status {
    EventSummary event;
    return transaction.Scan(sql, params, [&](const store::Row& row) -> Status {
      event.id = row.Integer(0);
      event.source = row.Text(1);
      event.source_id = row.Text(2);
      const auto day = ParseDate(row.Text(3));
      if (!day.ok()) return DataLossError(fmt::format("event {}: {}", event.id, day.status().message()));
      event.day = *day;
      event.country_gw = static_cast<int>(row.Integer(4));
      event.admin1 = row.Text(5);
      event.violence_type = static_cast<ViolenceType>(row.Integer(6));
      event.fatalities = row.Integer(7);
      event.text = row.Text(8);
      return on_event(event);
    });
  });
}

Result<std::optional<std::pair<DayNumber, DayNumber>>> EventDateRange(store::Store& store) {
  std::optional<std::pair<DayNumber, DayNumber>> range;
  Status parsed = Status::Ok();
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    // Two subqueries: each is one step down events_by_date, where a single
    // SELECT of both min() and max() would scan the whole index.
    return transaction.Query(
        "SELECT (SELECT min(date_start) FROM events), (SELECT max(date_start) FROM events)", {},
        [&](const store::Row& row) {
          if (row.IsNull(0)) return Status::Ok();
          const auto first = ParseDate(row.Text(0));
          const auto last = ParseDate(row.Text(1));
          if (!first.ok() || !last.ok()) return DataLossError("events: a stored date_start does not parse");
          range.emplace(*first, *last);
          return Status::Ok();
        });
  }));
  return range;
}

Result<std::int64_t> CountEvents(store::Store& store, std::optional<std::string> source) {
  std::int64_t count = 0;
  std::vector<Value> params;
  std::string sql = "SELECT count(*) FROM events";
  if (source) {
    sql += " WHERE source = ?";
    params.emplace_back(*source);
  }
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query(sql, params, [&](const store::Row& row) {
      count = row.Integer(0);
      return Status::Ok();
    });
  }));
  return count;
}

namespace {

// Kept equal to the migrations' definitions (event_import_test checks).
struct SecondaryIndex {
  std::string_view name;
  std::string_view columns;
};
constexpr SecondaryIndex kSecondaryIndexes[] = {{"events_by_place", "gw, date_start"},
                                                {"events_by_date", "date_start"}};

}  // namespace

RowFilter ViolenceFilter(ViolenceMask mask) {
  RowFilter filter;
  const std::vector<std::int64_t> types = ViolenceTypeNumbers(mask);
  if (types.empty()) {
    filter.sql = "FALSE";
    return filter;
  }
  filter.sql = "violence_type IN (";
  for (std::size_t i = 0; i < types.size(); ++i) {
    filter.sql.append(i == 0 ? "?" : ", ?");
    filter.params.emplace_back(types[i]);
  }
  filter.sql.append(")");
  return filter;
}

Status DropEventIndexes(store::Transaction& transaction) {
  for (const SecondaryIndex& index : kSecondaryIndexes) {
    TOCSIN_RETURN_IF_ERROR(transaction.Execute(fmt::format("DROP INDEX IF EXISTS {}", index.name)).status());
  }
  return Status::Ok();
}

Status RestoreEventIndexes(store::Store& store) {
  std::size_t missing = 0;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) -> Status {
    for (const SecondaryIndex& index : kSecondaryIndexes) {
      bool found = false;
      const char* const exists =
          transaction.dialect() == store::Dialect::kSqlite
              ? "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"
              : "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?";
      TOCSIN_RETURN_IF_ERROR(
          transaction.Query(exists, std::vector<Value>{std::string(index.name)}, [&](const store::Row&) {
            found = true;
            return Status::Ok();
          }));
      if (!found) ++missing;
    }
    return Status::Ok();
  }));
  if (missing == 0) return Status::Ok();
  return store.Write([](store::Transaction& transaction) -> Status {
    for (const SecondaryIndex& index : kSecondaryIndexes) {
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute(fmt::format("CREATE INDEX IF NOT EXISTS {} ON events({})", index.name, index.columns))
              .status());
    }
    return Status::Ok();
  });
}

Result<bool> HasFewerEventsThan(store::Store& store, std::int64_t limit) {
  std::int64_t count = 0;
  const std::vector<Value> params = {limit};
  TOCSIN_RETURN_IF_ERROR(store.Read([&](store::Transaction& transaction) {
    return transaction.Query("SELECT count(*) FROM (SELECT 1 FROM events LIMIT ?) AS stored", params,
                             [&](const store::Row& row) {
                               count = row.Integer(0);
                               return Status::Ok();
                             });
  }));
  return count < limit;
}

}  // namespace tocsin::monitor
