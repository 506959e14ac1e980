// GET /api/v1/series: counts and fatalities per period (day, ISO week, month)
// for a country, an admin-1 unit of one, or every country together, by violence
// type. Built from the events the caller may see only: the policy's fragment
// filters the rows in SQL, so nobody's counts include an event hidden from them.
#include "api_routes.h"
#include "event_filters.h"
#include "event_labels.h"
#include "services.h"
#include "tocsin/monitor/series.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

// Periods one answer may span (about 27 years of days, or any span of weeks or months).
constexpr std::int32_t kMaximumPeriods = 10000;

Result<Reply> GetSeries(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto country, CountryQuery(call));
  TOCSIN_ASSIGN_OR_RETURN(const auto from, DateQuery(call, "from"));
  TOCSIN_ASSIGN_OR_RETURN(const auto to, DateQuery(call, "to"));
  TOCSIN_ASSIGN_OR_RETURN(const monitor::ViolenceMask violence, ViolenceQuery(call));
  const std::string period_name =
      call.request.has_param("period") ? call.request.get_param_value("period") : "week";
  const auto period = monitor::ParsePeriod(period_name);
  if (!period) return InvalidArgumentError("query parameter 'period' must be day, week or month");
  std::optional<std::string> admin1;
  if (call.request.has_param("admin1")) {
    if (!country) return InvalidArgumentError("query parameter 'admin1' needs 'country'");
    admin1 = call.request.get_param_value("admin1");
  }

  // Two specs, one pass: events and fatalities over the whole country level
  // (the range narrows to the admin-1 unit when one is asked for).
  monitor::SeriesSpec spec;
  spec.violence = violence;
  spec.period = *period;
  std::vector<monitor::SeriesSpec> specs = {spec, spec};
  specs[1].measure = monitor::Measure::kFatalities;
  monitor::SeriesRange range;
  range.from = from;
  range.to = to;
  range.country_gw = country;
  range.admin1 = admin1;
  access::SqlFilter visible =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kSeries, kSeriesEventColumns);
  range.rows = {std::move(visible.sql), std::move(visible.params)};
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<monitor::SeriesSet> sets,
                          monitor::BuildSeries(call.store(), specs, range));

  const std::int32_t first = sets[0].first_period;
  const std::int32_t last = sets[0].last_period;
  if (last - first + 1 > kMaximumPeriods) {
    return InvalidArgumentError(
        "the series would have more than 10000 periods; narrow it with 'from' and 'to'");
  }
  // Every country (or unit) summed: the answer is about the place asked for.
  std::vector<double> events(static_cast<std::size_t>(std::max(0, last - first + 1)));
  std::vector<double> fatalities(events.size());
  for (const auto& [set, totals] : {std::pair{&sets[0], &events}, std::pair{&sets[1], &fatalities}}) {
    for (const auto& [place, values] : set->places) {
      const monitor::Series series = set->Dense(place);
      for (std::size_t i = 0; i < series.values.size() && i < totals->size(); ++i)
        (*totals)[i] += series.values[i];
    }
  }
  nlohmann::json periods = nlohmann::json::array();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::int32_t index = first + static_cast<std::int32_t>(i);
    periods.push_back({{"start", monitor::FormatDate(monitor::PeriodStart(index, *period))},
                       {"end", monitor::FormatDate(monitor::PeriodEnd(index, *period))},
                       {"events", static_cast<std::int64_t>(events[i])},
                       {"fatalities", static_cast<std::int64_t>(fatalities[i])}});
  }
  return Reply{.body = {{"country", country ? CountryJson(*country) : nlohmann::json()},
                        {"admin1", admin1 ? nlohmann::json(*admin1) : nlohmann::json()},
                        {"period", monitor::PeriodName(*period)},
                        {"violence", ViolenceNames(violence)},
                        {"periods", std::move(periods)}}};
}

}  // namespace

void AddSeriesRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/series",
       .summary = "Events and fatalities per period, from the events the caller may see",
       .tag = "series",
       .resource = Resource::kSeries,
       .query = {{"country", "string",
                  "A country (ISO3 code or Gleditsch-Ward number); absent: every country"},
                 {"admin1", "string", "Only this first-level administrative unit of the country"},
                 {"period", "string", "day, week (ISO, the default) or month"},
                 {"violence", "string", "Only these violence types, comma-separated (default: every type)"},
                 {"from", "string", "First day (YYYY-MM-DD; default: the first visible event)"},
                 {"to", "string", "Last day (YYYY-MM-DD; default: the last visible event)"}},
       .response_schema = "Series",
       .handler = GetSeries});
}

}  // namespace tocsin::server
