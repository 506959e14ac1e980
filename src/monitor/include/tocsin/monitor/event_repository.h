// Events in the store (table `events`, migration 0002_events.sql).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tocsin/monitor/event.h"
#include "tocsin/store/store.h"

namespace tocsin::monitor {

struct UpsertCounts {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;    // the key existed with other content
  std::int64_t unchanged = 0;  // the key existed with the same content: not written
  UpsertCounts& operator+=(const UpsertCounts& other);
};

// Writes `events` inside `transaction`: new (source, source_id) keys are
// inserted, rows whose content changed are updated, identical rows are left
// alone, so writing the same events twice changes nothing. A key repeated
// within `events` is written once, the last occurrence winning.
Result<UpsertCounts> UpsertEvents(store::Transaction& transaction, std::span<const Event> events);

// Events laid out as table rows, their content hashes last: the part of
// UpsertEvents that needs no store, so that one thread can prepare the next
// batch while another writes this one.
struct PreparedEvents {
  // In the column order of the insert: [0] source, [1] source_id, ... [20] content hash.
  std::vector<std::vector<store::Value>> rows;
  // Whether each row is the last of its (source, source_id) in the batch: that
  // one decides the key's content, and the earlier ones count as unchanged.
  std::vector<bool> last_of_key;
  std::size_t size() const { return rows.size(); }
};
PreparedEvents PrepareEvents(std::span<const Event> events);
// The same into `prepared`, reusing its rows' memory (a batch written before).
void PrepareEvents(std::span<const Event> events, PreparedEvents& prepared);

// UpsertEvents for prepared events.
Result<UpsertCounts> UpsertPrepared(store::Transaction& transaction, const PreparedEvents& events);

// The events' change counter: raised by every upsert that inserts or changes an
// event (and in its transaction), so that work done on a snapshot can tell
// whether the events moved on before it was saved.
Result<std::int64_t> EventChangeVersion(store::Transaction& transaction);

// What series and explanations need of an event.
struct EventSummary {
  std::int64_t id = 0;
  std::string source;
  std::string source_id;
  DayNumber day = 0;  // date_start
  int country_gw = 0;
  std::string admin1;
  ViolenceType violence_type = ViolenceType::kOther;
  std::int64_t fatalities = 0;  // best estimate, 0 when unknown
  std::string text;
};

// A WHERE fragment over the table a query reads (`events`, `alerts`), with `?`
// placeholders and the values to bind to them: how a caller outside this module
// (the server's access policy, access::SqlFilterFor) narrows a query to the
// rows someone may see. Its text is constant or policy-built, never made from values.
struct RowFilter {
  std::string sql;  // empty: every row
  std::vector<store::Value> params;
};

// Events whose violence type is in `mask`: "violence_type IN (?, ?)" with the
// types' numbers bound, or "FALSE" for an empty mask.
RowFilter ViolenceFilter(ViolenceMask mask);

struct EventQuery {
  std::optional<int> country_gw;
  std::optional<std::string> admin1;
  std::optional<DayNumber> from;  // inclusive, on date_start
  std::optional<DayNumber> to;    // inclusive
  std::optional<std::string> source;
  ViolenceMask violence = kAnyViolence;
  bool with_text = false;          // fill EventSummary::text (costs memory and time)
  std::string order_by = "date_start";  // "fatalities" (largest first), or "" (any order, fastest)
  std::optional<std::int64_t> limit;
  RowFilter rows;  // only the rows this fragment allows
};

// Calls `on_event` for each event matching `query`, in a read snapshot; stops
// at the first error it returns.
Status ScanEvents(store::Store& store, const EventQuery& query,
                  const std::function<Status(const EventSummary&)>& on_event);

// The first and last event dates in the store (nullopt when there are none).
Result<std::optional<std::pair<DayNumber, DayNumber>>> EventDateRange(store::Store& store);

// The secondary indexes of events (by place and date, by date; migrations 0002
// and 0005). A bulk load drops them and builds them again at its end, several
// times faster than keeping them up to date row by row in every batch's
// commit. Queries stay correct without them, only slower. RestoreEventIndexes
// creates those missing, so it also repairs a store whose bulk load was
// interrupted; it changes nothing when both exist.
Status DropEventIndexes(store::Transaction& transaction);
Status RestoreEventIndexes(store::Store& store);

// Whether the store holds fewer than `limit` events (reads at most `limit`).
Result<bool> HasFewerEventsThan(store::Store& store, std::int64_t limit);

// The number of events, per source when `source` is given.
Result<std::int64_t> CountEvents(store::Store& store, std::optional<std::string> source = std::nullopt);

}  // namespace tocsin::monitor
