#include "tocsin/monitor/event_repository.h"

#include <fmt/format.h>

#include <unordered_map>
#include <vector>

namespace tocsin::monitor {
namespace {

using store::Value;

// Keys per lookup query: well below SQLite's limit of 32766 bound parameters.
constexpr std::size_t kKeysPerLookup = 1000;

constexpr std::string_view kInsert =
    "INSERT INTO events (source, source_id, date_start, date_end, date_precision, gw, admin1, latitude, "
    "longitude, "
    "violence_type, actor1, actor2, fatalities_best, fatalities_low, fatalities_high, civilian_deaths, "
    "event_code, "
    "goldstein, text, origin, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?)";
constexpr std::string_view kUpdate =
    "UPDATE events SET source = ?, source_id = ?, date_start = ?, date_end = ?, date_precision = ?, gw = ?, "
    "admin1 = ?, latitude = ?, longitude = ?, violence_type = ?, actor1 = ?, actor2 = ?, fatalities_best = "
    "?, "
    "fatalities_low = ?, fatalities_high = ?, civilian_deaths = ?, event_code = ?, goldstein = ?, text = ?, "
    "origin = ?, content_hash = ? WHERE source = ? AND source_id = ?";

Value Optional(const std::optional<std::int64_t>& value) {
  return value ? Value(*value) : Value();
}
Value Optional(const std::optional<double>& value) {
  return value ? Value(*value) : Value();
}

std::vector<Value> Row(const Event& event, std::int64_t hash) {
  return {event.source,
          event.source_id,
          FormatDate(event.date_start),
          FormatDate(event.date_end),
          static_cast<std::int64_t>(event.date_precision),
          std::int64_t{event.country_gw},
          event.admin1,
          Optional(event.latitude),
          Optional(event.longitude),
          static_cast<std::int64_t>(event.violence_type),
          event.actor1,
          event.actor2,
          Optional(event.fatalities_best),
          Optional(event.fatalities_low),
          Optional(event.fatalities_high),
          Optional(event.civilian_deaths),
          event.event_code,
          Optional(event.goldstein),
          event.text,
          event.origin,
          hash};
}

std::string Key(std::string_view source, std::string_view source_id) {
  std::string key(source);
  key.push_back('\0');
  key.append(source_id);
  return key;
}

const std::string& SourceOf(const std::vector<Value>& row) {
  return std::get<std::string>(row[0]);
}
const std::string& IdOf(const std::vector<Value>& row) {
  return std::get<std::string>(row[1]);
}

// The stored content hash of each key of `rows` that exists. Keys are looked
// up per source with `source = ? AND source_id IN (...)`, which SQLite answers
// from the unique index (a row-value IN list would scan the table).
Status LookUpHashes(store::Transaction& transaction, const std::vector<std::vector<Value>>& rows,
                    std::unordered_map<std::string, std::int64_t>& hashes) {
  std::unordered_map<std::string_view, std::vector<std::string_view>> ids_by_source;
  for (const auto& row : rows) ids_by_source[SourceOf(row)].push_back(IdOf(row));
  for (const auto& [source, ids] : ids_by_source) {
    for (std::size_t begin = 0; begin < ids.size(); begin += kKeysPerLookup) {
      const std::size_t end = std::min(ids.size(), begin + kKeysPerLookup);
      std::string sql = "SELECT source_id, content_hash FROM events WHERE source = ? AND source_id IN (";
      std::vector<Value> params;
      params.reserve(end - begin + 1);
      params.emplace_back(std::string(source));
      for (std::size_t i = begin; i < end; ++i) {
        sql += i == begin ? "?" : ", ?";
        params.emplace_back(std::string(ids[i]));
      }
      sql += ")";
      TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
        hashes[Key(source, row.Text(0))] = row.Integer(1);
        return Status::Ok();
      }));
    }
  }
  return Status::Ok();
}

}  // namespace

UpsertCounts& UpsertCounts::operator+=(const UpsertCounts& other) {
  inserted += other.inserted;
  updated += other.updated;
  unchanged += other.unchanged;
  return *this;
}

PreparedEvents PrepareEvents(std::span<const Event> events) {
  PreparedEvents prepared;
  prepared.rows.reserve(events.size());
  prepared.hashes.reserve(events.size());
  for (const Event& event : events) {
    prepared.hashes.push_back(ContentHash(event));
    prepared.rows.push_back(Row(event, prepared.hashes.back()));
  }
  return prepared;
}

Result<UpsertCounts> UpsertPrepared(store::Transaction& transaction, PreparedEvents& events) {
  std::unordered_map<std::string, std::int64_t> stored;
  TOCSIN_RETURN_IF_ERROR(LookUpHashes(transaction, events.rows, stored));
  // The last occurrence of each key within the batch decides its content.
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < events.size(); ++i)
    last[Key(SourceOf(events.rows[i]), IdOf(events.rows[i]))] = i;

  UpsertCounts counts;
  std::vector<std::vector<Value>> inserts;
  std::vector<std::vector<Value>> updates;
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::vector<Value>& row = events.rows[i];
    const std::string key = Key(SourceOf(row), IdOf(row));
    if (last[key] != i) continue;
    const auto found = stored.find(key);
    if (found == stored.end()) {
      inserts.push_back(std::move(row));
      ++counts.inserted;
    } else if (found->second != events.hashes[i]) {
      Value source = row[0];
      Value id = row[1];
      row.push_back(std::move(source));
      row.push_back(std::move(id));
      updates.push_back(std::move(row));
      ++counts.updated;
    } else {
      ++counts.unchanged;
    }
  }
  counts.unchanged += static_cast<std::int64_t>(events.size()) - static_cast<std::int64_t>(last.size());
  if (!inserts.empty()) TOCSIN_RETURN_IF_ERROR(transaction.ExecuteMany(kInsert, inserts));
  if (!updates.empty()) TOCSIN_RETURN_IF_ERROR(transaction.ExecuteMany(kUpdate, updates));
  return counts;
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
    // The mask's bits are (1 << type), as ViolenceBit sets them.
    sql += " AND ((1 << violence_type) & ?) <> 0";
    params.emplace_back(std::int64_t{query.violence});
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
    return transaction.Query(sql, params, [&](const store::Row& row) -> Status {
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
    return transaction.Query("SELECT min(date_start), max(date_start) FROM events", {},
                             [&](const store::Row& row) {
                               if (row.IsNull(0)) return Status::Ok();
                               const auto first = ParseDate(row.Text(0));
                               const auto last = ParseDate(row.Text(1));
                               if (!first.ok() || !last.ok())
                                 return DataLossError("events: a stored date_start does not parse");
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

}  // namespace tocsin::monitor
