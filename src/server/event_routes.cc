// GET /api/v1/events and /events/{id}: the stored events the caller may read, a
// page at a time in (date, id) order; POST /api/v1/events: the API's event
// intake (live_intake.h).
#include <charconv>

#include "api_routes.h"
#include "audit_trail.h"
#include "event_filters.h"
#include "event_labels.h"
#include "labelled_tables.h"
#include "live_intake.h"
#include "services.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

constexpr std::int64_t kDefaultPageEvents = 100;
constexpr std::int64_t kMaximumPageEvents = 1000;

constexpr std::string_view kSelectEvents =
    "SELECT events.id, source, source_id, date_start, date_end, date_precision, gw, admin1, latitude, "
    "longitude, "
    "violence_type, actor1, actor2, fatalities_best, fatalities_low, fatalities_high, civilian_deaths, "
    "event_code, goldstein, text, label, owner_organisation_id, case_id FROM events WHERE ";
constexpr int kLabelColumn = 20;

nlohmann::json EventJson(const store::Row& row) {
  const auto violence = static_cast<monitor::ViolenceType>(row.Integer(10));
  const auto precision = static_cast<monitor::DatePrecision>(row.Integer(5));
  const access::RecordLabel label = ReadRecordLabel(row, kLabelColumn);
  return {{"id", row.Integer(0)},
          {"source", row.Text(1)},
          {"source_id", row.Text(2)},
          {"date", row.Text(3)},
          {"date_end", row.Text(4)},
          {"date_precision", monitor::DatePrecisionName(precision)},
          {"country", CountryJson(static_cast<int>(row.Integer(6)))},
          {"admin1", row.Text(7)},
          {"latitude", NullableReal(row, 8)},
          {"longitude", NullableReal(row, 9)},
          {"violence", monitor::ViolenceTypeName(violence)},
          {"actor1", row.Text(11)},
          {"actor2", row.Text(12)},
          {"fatalities", NullableInteger(row, 13)},
          {"fatalities_low", NullableInteger(row, 14)},
          {"fatalities_high", NullableInteger(row, 15)},
          {"civilian_deaths", NullableInteger(row, 16)},
          {"event_code", row.Text(17)},
          {"goldstein", NullableReal(row, 18)},
          {"text", row.Text(19)},
          {"label", access::ClearanceName(label.label)},
          {"owner_organisation_id", label.owner ? nlohmann::json(label.owner->value()) : nlohmann::json()}};
}

// A page cursor "DATE~ID": the last event of the previous page.
struct Cursor {
  std::string date = {};
  std::int64_t id = 0;
};

Result<std::optional<Cursor>> CursorQuery(const Call& call) {
  if (!call.request.has_param("after")) return std::optional<Cursor>();
  const std::string text = call.request.get_param_value("after");
  const std::size_t separator = text.find('~');
  const auto invalid =
      InvalidArgumentError("query parameter 'after' must be a previous page's `next` cursor");
  if (separator == std::string::npos) return invalid;
  Cursor cursor{.date = text.substr(0, separator), .id = 0};
  const char* begin = text.data() + separator + 1;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(begin, end, cursor.id);
  if (error != std::errc() || stop != end || !monitor::ParseDate(cursor.date).ok()) return invalid;
  return std::optional<Cursor>(std::move(cursor));
}

Result<Reply> ListEvents(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto country, CountryQuery(call));
  TOCSIN_ASSIGN_OR_RETURN(const auto from, DateQuery(call, "from"));
  TOCSIN_ASSIGN_OR_RETURN(const auto to, DateQuery(call, "to"));
  TOCSIN_ASSIGN_OR_RETURN(const monitor::ViolenceMask violence, ViolenceQuery(call));
  TOCSIN_ASSIGN_OR_RETURN(const auto after, CursorQuery(call));
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t page, call.LimitQuery(kDefaultPageEvents, kMaximumPageEvents));

  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kEvent, kEventColumns);
  // Fixed fragments, each with its bound value, in a fixed order.
  std::string sql = std::string(kSelectEvents) + filter.sql;
  std::vector<store::Value> params = filter.params;
  if (country) {
    sql += " AND gw = ?";
    params.emplace_back(std::int64_t{*country});
  }
  if (from) {
    sql += " AND date_start >= ?";
    params.emplace_back(monitor::FormatDate(*from));
  }
  if (to) {
    sql += " AND date_start <= ?";
    params.emplace_back(monitor::FormatDate(*to));
  }
  if (violence != monitor::kAnyViolence) {
    const monitor::RowFilter types = monitor::ViolenceFilter(violence);
    sql += " AND " + types.sql;
    params.insert(params.end(), types.params.begin(), types.params.end());
  }
  if (after) {
    sql += " AND (date_start, events.id) > (?, ?)";
    params.emplace_back(after->date);
    params.emplace_back(after->id);
  }
  sql += " ORDER BY date_start, events.id LIMIT ?";
  params.emplace_back(page + 1);

  nlohmann::json events = nlohmann::json::array();
  std::vector<ReturnedRecord> returned;
  bool more = false;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return transaction.Query(sql, params, [&](const store::Row& row) {
      if (static_cast<std::int64_t>(events.size()) == page) {
        more = true;
        return Status::Ok();
      }
      events.push_back(EventJson(row));
      returned.push_back({row.Integer(0), ReadRecordLabel(row, kLabelColumn).label});
      return Status::Ok();
    });
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kEvent, returned));
  nlohmann::json next;
  if (more) {
    const nlohmann::json& last = events.back();
    next = last["date"].get<std::string>() + "~" + std::to_string(last["id"].get<std::int64_t>());
  }
  return Reply{.body = {{"events", std::move(events)}, {"next", std::move(next)}}};
}

Result<Reply> GetEvent(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json event;
  access::RecordLabel label;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(label, LoadEventLabel(transaction, id));
    if (!access::Decide(call.principal, Action::kRead, Resource::kEvent, label))
      return Hidden(Resource::kEvent);
    const std::vector<store::Value> params = {id};
    return transaction.Query(std::string(kSelectEvents) + "events.id = ?", params,
                             [&](const store::Row& row) {
                               event = EventJson(row);
                               return Status::Ok();
                             });
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kEvent, {{id, label.label}}));
  return Reply{.body = std::move(event)};
}

}  // namespace

void AddEventRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/events",
       .summary = "Events the caller may read, oldest first, a page at a time (pass `next` as `after`)",
       .tag = "events",
       .resource = Resource::kEvent,
       .query =
           {{"country", "string", "Only this country: ISO3 code (SYR) or Gleditsch-Ward number (652)"},
            {"from", "string", "Only events on or after this date (YYYY-MM-DD)"},
            {"to", "string", "Only events on or before this date (YYYY-MM-DD)"},
            {"violence", "string",
             "Only these violence types, comma-separated: state-based, non-state, one-sided, protest, other"},
            {"after", "string", "The previous page's `next` cursor"},
            {"limit", "integer", "Events per page, 1-1000 (default 100)"}},
       .response_schema = "EventPage",
       .handler = ListEvents});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/events/{id}",
                    .summary = "One event",
                    .tag = "events",
                    .resource = Resource::kEvent,
                    .response_schema = "Event",
                    .handler = GetEvent});
  routes.push_back(
      {.method = "POST",
       .path = "/api/v1/events",
       .summary = "Submit a batch of events (JSON-lines event schema); stores them durably, re-evaluates the "
                  "affected countries' series and stores the alerts they raise",
       .tag = "events",
       .resource = Resource::kEvent,
       .action = Action::kCreate,
       .request_schema = "EventBatch",
       .response_schema = "EventBatchResult",
       .success_status = 201,
       .handler = SubmitEvents});
}

}  // namespace tocsin::server
