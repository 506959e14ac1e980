#include "live_intake.h"

#include <fmt/format.h>

#include <set>

#include "audit_trail.h"
#include "event_labels.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/core/time.h"
#include "tocsin/monitor/event_repository.h"
#include "tocsin/monitor/jsonl_format.h"
#include "tocsin/monitor/monitor.h"
#include "tocsin/store/transaction_store.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

constexpr std::string_view kStoredEvent =
    "SELECT label, owner_organisation_id, case_id, date_start, gw FROM events "
    "WHERE source = ? AND source_id = ?";
constexpr std::string_view kSetLabel =
    "UPDATE events SET label = ?, owner_organisation_id = ? WHERE source = ? AND source_id = ?";

// The batch's events, each checked as one line of the JSON-lines format.
Result<std::vector<monitor::Event>> ParseBatch(const nlohmann::json& body, const std::string& origin) {
  const auto found = body.find("events");
  if (found == body.end() || !found->is_array() || found->empty()) {
    return InvalidArgumentError(
        "field 'events' is required: a non-empty array of events (JSON-lines schema)");
  }
  if (found->size() > kMaximumBatchEvents) {
    return InvalidArgumentError(fmt::format("a batch holds at most {} events", kMaximumBatchEvents));
  }
  std::vector<monitor::Event> events(found->size());
  for (std::size_t i = 0; i < found->size(); ++i) {
    const Status parsed = monitor::ParseJsonEvent((*found)[i].dump(), CountryRegistry::Default(), events[i]);
    if (!parsed.ok()) return InvalidArgumentError(fmt::format("events[{}]: {}", i, parsed.message()));
    events[i].origin = fmt::format("{}#{}", origin, i);
  }
  return events;
}

// What a batch changes: the earliest day and the countries of its events and
// of the stored versions of the events it rewrites (an event may move to
// another day or country).
struct BatchReach {
  monitor::DayNumber earliest = 0;
  std::set<int> countries;
  std::vector<std::optional<access::RecordLabel>> stored;  // by event: its stored label, if it exists

  void Add(int country_gw, monitor::DayNumber day) {
    earliest = countries.empty() ? day : std::min(earliest, day);
    countries.insert(country_gw);
  }
};

// Refuses to overwrite an event the caller could not have created: one of
// another organisation, above their clearance, or on a case they are not on.
Result<BatchReach> CheckExistingEvents(store::Transaction& transaction, const Call& call,
                                       const std::vector<monitor::Event>& events) {
  BatchReach reach;
  for (const monitor::Event& event : events) {
    reach.Add(event.country_gw, event.date_start);
    const std::vector<store::Value> key = {event.source, event.source_id};
    std::optional<access::RecordLabel> stored;
    std::string stored_day;
    int stored_gw = 0;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(kStoredEvent, key, [&](const store::Row& row) {
      stored = ReadRecordLabel(row, 0);
      stored_day = row.Text(3);
      stored_gw = static_cast<int>(row.Integer(4));
      return Status::Ok();
    }));
    reach.stored.push_back(stored);
    if (!stored) continue;
    if (!access::Decide(call.principal, Action::kCreate, Resource::kEvent, *stored)) {
      return FailedPreconditionError(fmt::format(
          "event {} {} was submitted by someone else; give it another id", event.source, event.source_id));
    }
    TOCSIN_ASSIGN_OR_RETURN(const monitor::DayNumber day, monitor::ParseDate(stored_day));
    reach.Add(stored_gw, day);
  }
  return reach;
}

// The label and owner each event is stored with: those the request gives, else
// (for an event already stored) the ones it has, else public and no owner. A
// resubmission may raise an event's label but never lower it: declassifying is
// not a side effect of sending the same event again.
Result<std::vector<std::vector<store::Value>>> EventLabels(
    const std::vector<monitor::Event>& events, const std::vector<std::optional<access::RecordLabel>>& stored,
    std::optional<access::Clearance> label, std::optional<std::int64_t> owner) {
  std::vector<std::vector<store::Value>> labels;
  labels.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const monitor::Event& event = events[i];
    access::Clearance clearance = label.value_or(access::Clearance::kPublic);
    store::Value owner_value = owner ? store::Value(*owner) : store::Value();
    if (const auto& was = stored[i]; was) {
      if (label && *label < was->label) {
        return FailedPreconditionError(fmt::format(
            "event {} {} is labelled {}; sending it again may raise its label but not lower it to {}",
            event.source, event.source_id, access::ClearanceName(was->label), access::ClearanceName(*label)));
      }
      if (!label) clearance = was->label;
      if (!owner && was->owner) owner_value = was->owner->value();
    }
    labels.push_back(
        {static_cast<std::int64_t>(clearance), std::move(owner_value), event.source, event.source_id});
  }
  return labels;
}

// The audit entries of the alerts an evaluation stored: "alert.create" for new
// ones (these reach the change stream) and "alert.update" for grown ones.
Status AuditAlerts(store::Transaction& transaction, const Call& call, const monitor::AlertSaveCounts& saved) {
  for (const std::int64_t id : saved.raised_ids) {
    TOCSIN_RETURN_IF_ERROR(AuditWrite(transaction, call, "create", Resource::kAlert, std::to_string(id),
                                      {{"via", "POST /api/v1/events"}}));
  }
  for (const std::int64_t id : saved.updated_ids) {
    TOCSIN_RETURN_IF_ERROR(AuditWrite(transaction, call, "update", Resource::kAlert, std::to_string(id),
                                      {{"via", "POST /api/v1/events"}}));
  }
  return Status::Ok();
}

}  // namespace

Result<Reply> SubmitEvents(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  TOCSIN_ASSIGN_OR_RETURN(const auto owner, OptionalInteger(body, "owner_organisation_id"));
  TOCSIN_ASSIGN_OR_RETURN(const auto reason, OptionalString(body, "reason"));
  if (label && !access::DecideGrant(call.principal, {}, *label)) {
    return PermissionDeniedError("a label may not be above your own clearance");
  }
  if (owner && *owner != call.principal.organisation.value()) {
    return PermissionDeniedError("events can only be given to your own organisation");
  }
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<monitor::Event> events,
                          ParseBatch(body, "api:" + call.principal.name));

  // The events, their labels, the audit entry, the re-evaluation of the series
  // of the countries the batch touched and the alerts it raises: one durable
  // commit. An evaluation that fails takes back only its own writes (a
  // savepoint); the events stay accepted and the caller hears of the failure.
  monitor::UpsertCounts written;
  BatchReach reach;
  Status evaluated;
  nlohmann::json raised = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(reach, CheckExistingEvents(transaction, call, events));
    store::TransactionStore in_this_commit(call.store(), transaction);
    TOCSIN_ASSIGN_OR_RETURN(const auto stored_dates, monitor::EventDateRange(in_this_commit));
    TOCSIN_ASSIGN_OR_RETURN(written, monitor::UpsertEvents(transaction, events));
    TOCSIN_ASSIGN_OR_RETURN(const auto labels, EventLabels(events, reach.stored, label, owner));
    TOCSIN_RETURN_IF_ERROR(transaction.ExecuteMany(kSetLabel, labels));
    TOCSIN_RETURN_IF_ERROR(AuditWrite(transaction, call, "create", Resource::kEvent, "batch",
                                      {{"events", events.size()},
                                       {"inserted", written.inserted},
                                       {"updated", written.updated},
                                       // Not the countries: the events may be above the
                                       // clearance of the log's readers.
                                       {"unchanged", written.unchanged}},
                                      reason.value_or("")));

    evaluated = in_this_commit.Write([&](store::Transaction& nested) -> Status {
      monitor::MonitorOptions options;
      options.countries.assign(reach.countries.begin(), reach.countries.end());
      // Alerts that end before the first day the batch changes are as stored:
      // detectors read no later data than their window (replay's rule). Nor
      // can they grow, unless the batch extends the store's dates: the series
      // then gain periods after the old last day, and windows ending there
      // (a four-week sum, say) may fire on earlier events. So only alerts
      // reaching the earlier of the two days are re-explained and saved.
      options.from = reach.earliest;
      if (stored_dates) options.from = std::min(reach.earliest, stored_dates->second + 1);
      options.on_saved = [&call](store::Transaction& saving, const monitor::AlertSaveCounts& saved) {
        return AuditAlerts(saving, call, saved);
      };
      options.actor = fmt::format("{} (POST /api/v1/events)", call.principal.name);
      // Its reads see this transaction's events; its write nests in the savepoint.
      TOCSIN_ASSIGN_OR_RETURN(const monitor::MonitorReport report,
                              monitor::RunMonitor(in_this_commit, call.services.rules(), options));
      // The caller learns of the alerts they may read, and of no others.
      for (const std::int64_t id : report.saved.raised_ids) {
        TOCSIN_ASSIGN_OR_RETURN(const access::RecordLabel alert_label, LoadAlertLabel(nested, id));
        if (access::Decide(call.principal, Action::kRead, Resource::kAlert, alert_label)) raised.push_back(id);
      }
      return Status::Ok();
    });
    if (!evaluated.ok()) raised = nlohmann::json::array();
    // An event whose label the batch raised may sit in an alert's support that
    // the evaluation did not reach (one that ends before the batch's first
    // changed day): every alert of the batch's countries takes its label again.
    for (const int gw : reach.countries) TOCSIN_RETURN_IF_ERROR(monitor::RelabelAlertsIn(transaction, gw));
    return Status::Ok();
  }));
  if (!evaluated.ok()) {
    return Status(evaluated.code(),
                  fmt::format("the {} events were stored, but evaluating their countries failed: {}", events.size(),
                              evaluated.message()));
  }
  return Reply{.status = 201,
               .body = {{"events", events.size()},
                        {"inserted", written.inserted},
                        {"updated", written.updated},
                        {"unchanged", written.unchanged},
                        {"countries_evaluated", reach.countries.size()},
                        {"alerts_raised", std::move(raised)},
                        {"accepted_at", NowUtc()}}};
}

}  // namespace tocsin::server
