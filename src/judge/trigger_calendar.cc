#include "tocsin/judge/trigger_calendar.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>

#include "tocsin/access/resource.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/core/time.h"
#include "tocsin/judge/calendar_date.h"

namespace tocsin::judge {
namespace {

constexpr std::array<std::string_view, 6> kKinds = {"election",   "referendum",  "census",
                                                    "transition", "anniversary", "other"};

}  // namespace

Result<std::int64_t> AddTriggerDate(store::Transaction& transaction, const access::AuditActor& actor,
                                    const TriggerDate& trigger) {
  if (CountryRegistry::Default().ByGw(trigger.gw) == nullptr) {
    return InvalidArgumentError(fmt::format("country: no Gleditsch-Ward state {}", trigger.gw));
  }
  TOCSIN_RETURN_IF_ERROR(ParseCalendarDate(trigger.date, "date").status());
  if (std::find(kKinds.begin(), kKinds.end(), trigger.kind) == kKinds.end()) {
    return InvalidArgumentError(fmt::format(
        "kind: '{}' is not one of election, referendum, census, transition, anniversary, other", trigger.kind));
  }
  if (trigger.description.empty()) return InvalidArgumentError("description: say what happens on that date");
  const std::vector<store::Value> params = {std::int64_t{trigger.gw}, trigger.date,  trigger.kind,
                                            trigger.description,      trigger.source, actor.name,
                                            NowUtc()};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO trigger_dates (gw, date, kind, description, source, added_by, "
                                      "added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  access::AuditEntry entry;
  entry.actor = actor;
  entry.action = "assessment.calendar";
  entry.resource = std::string(access::ResourceName(access::Resource::kAssessment));
  entry.record_id = "calendar:" + std::to_string(id);
  entry.detail_json =
      nlohmann::json{{"gw", trigger.gw}, {"date", trigger.date}, {"kind", trigger.kind}}.dump();
  TOCSIN_RETURN_IF_ERROR(access::AppendAudit(transaction, std::move(entry)).status());
  return id;
}

Result<std::vector<TriggerDate>> ListTriggerDates(store::Transaction& transaction, std::optional<int> gw,
                                                  const std::string& from) {
  std::string sql =
      "SELECT id, gw, date, kind, description, source, added_by, added_at FROM trigger_dates WHERE date >= ?";
  std::vector<store::Value> params = {from};
  if (gw) {
    sql += " AND gw = ?";
    params.emplace_back(std::int64_t{*gw});
  }
  sql += " ORDER BY date, id";
  std::vector<TriggerDate> dates;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    dates.push_back({.id = row.Integer(0),
                     .gw = static_cast<int>(row.Integer(1)),
                     .date = row.Text(2),
                     .kind = row.Text(3),
                     .description = row.Text(4),
                     .source = row.Text(5),
                     .added_by = row.Text(6),
                     .added_at = row.Text(7)});
    return Status::Ok();
  }));
  return dates;
}

}  // namespace tocsin::judge
