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
    "INSERT INTO events (source, source_id, date_start, date_end, date_precision, gw, admin1, latitude, longitude, "
    "violence_type, actor1, actor2, fatalities_best, fatalities_low, fatalities_high, civilian_deaths, event_code, "
    "goldstein, text, origin, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kUpdate =
    "UPDATE events SET source = ?, source_id = ?, date_start = ?, date_end = ?, date_precision = ?, gw = ?, "
    "admin1 = ?, latitude = ?, longitude = ?, violence_type = ?, actor1 = ?, actor2 = ?, fatalities_best = ?, "
    "fatalities_low = ?, fatalities_high = ?, civilian_deaths = ?, event_code = ?, goldstein = ?, text = ?, "
    "origin = ?, content_hash = ? WHERE source = ? AND source_id = ?";

Value Optional(const std::optional<std::int64_t>& value) { return value ? Value(*value) : Value(); }
Value Optional(const std::optional<double>& value) { return value ? Value(*value) : Value(); }

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

// The stored content hash of each key of `events` that exists. Keys are looked
// up per source with `source = ? AND source_id IN (...)`, which SQLite answers
// from the unique index (a row-value IN list would scan the table).
Status LookUpHashes(store::Transaction& transaction, std::span<const Event> events,
                    std::unordered_map<std::string, std::int64_t>& hashes) {
  std::unordered_map<std::string_view, std::vector<std::string_view>> ids_by_source;
  for (const Event& event : events) ids_by_source[event.source].push_back(event.source_id);
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

Result<UpsertCounts> UpsertEvents(store::Transaction& transaction, std::span<const Event> events) {
  std::unordered_map<std::string, std::int64_t> stored;
  TOCSIN_RETURN_IF_ERROR(LookUpHashes(transaction, events, stored));
  // The last occurrence of each key within the batch decides its content.
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < events.size(); ++i) last[Key(events[i].source, events[i].source_id)] = i;

  UpsertCounts counts;
  std::vector<std::vector<Value>> inserts;
  std::vector<std::vector<Value>> updates;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    const std::string key = Key(event.source, event.source_id);
    if (last[key] != i) continue;
    const std::int64_t hash = ContentHash(event);
    const auto found = stored.find(key);
    if (found == stored.end()) {
      inserts.push_back(Row(event, hash));
      ++counts.inserted;
    } else if (found->second != hash) {
      std::vector<Value> row = Row(event, hash);
      row.emplace_back(event.source);
      row.emplace_back(event.source_id);
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
    std::vector<int> types;
    for (int type = 1; type <= kViolenceTypeCount; ++type) {
      if (query.violence & ViolenceBit(static_cast<ViolenceType>(type))) types.push_back(type);
    }
    sql += fmt::format(" AND violence_type IN ({})", fmt::join(types, ", "));
  }
  if (query.order_by == "fatalities") {
    sql += " ORDER BY coalesce(fatalities_best, 0) DESC, date_start, id";
  } else {
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
