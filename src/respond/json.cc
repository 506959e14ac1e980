#include "tocsin/respond/json.h"

namespace tocsin::respond {
namespace {

nlohmann::json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

template <typename Value>
nlohmann::json OptionalJson(const std::optional<Value>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

nlohmann::json ToJson(const std::vector<access::OrganisationId>& organisations) {
  nlohmann::json ids = nlohmann::json::array();
  for (access::OrganisationId organisation : organisations) ids.push_back(organisation.value());
  return ids;
}

nlohmann::json ToJson(const Case& record) {
  return {{"id", record.id},
          {"title", record.title},
          {"gw", record.gw},
          {"country", record.country},
          {"admin1", record.admin1},
          {"status", CaseStatusName(record.status)},
          {"label", access::ClearanceName(record.label)},
          {"lead_organisation_id", record.lead_organisation.value()},
          {"lead_organisation", record.lead_organisation_name},
          {"lead", TextOrNull(record.lead_user_name)},
          {"origin_alert_id", OptionalJson(record.origin_alert_id)},
          {"opened_at", record.opened_at},
          {"closed_at", TextOrNull(record.closed_at)},
          {"members", record.members},
          {"shared_with", ToJson(record.shared_with.ids)},
          {"shared_with_names", record.shared_with.names}};
}

nlohmann::json ToJson(const TimelineEntry& entry) {
  return {{"at", entry.at}, {"kind", entry.kind}, {"text", entry.text}, {"actor", entry.actor}};
}

nlohmann::json ToJson(const Option& option) {
  return {{"id", option.id},
          {"category", OptionCategoryName(option.category)},
          {"category_title", OptionCategoryTitle(option.category)},
          {"name", option.name},
          {"description", option.description},
          {"owner_kinds", option.owner_kinds},
          {"lead_time_days", option.lead_time_days},
          {"label", access::ClearanceName(option.label)},
          {"owner_organisation_id", option.owner ? nlohmann::json(option.owner->value()) : nlohmann::json()}};
}

nlohmann::json ToJson(const CaseOption& option) {
  return {{"id", option.id},           {"case_id", option.case_id},      {"option_id", option.option.id},
          {"name", option.option.name}, {"category", OptionCategoryName(option.option.category)},
          {"note", option.note},       {"state", option.active ? "active" : "dropped"},
          {"chosen_at", option.chosen_at}, {"chosen_by", option.chosen_by}};
}

nlohmann::json ToJson(const Task& task) {
  return {{"id", task.id},
          {"case_id", task.case_id},
          {"case_option_id", OptionalJson(task.case_option_id)},
          {"option", TextOrNull(task.option_name)},
          {"title", task.title},
          {"owner_organisation_id", task.owner_organisation.value()},
          {"owner_organisation", task.owner_organisation_name},
          {"owner", TextOrNull(task.owner_user_name)},
          {"due_at", task.due_at},
          {"status", TaskStatusName(task.status)},
          {"overdue", task.overdue},
          {"label", access::ClearanceName(task.label)},
          {"created_at", task.created_at},
          {"acknowledged_at", TextOrNull(task.acknowledged_at)},
          {"completed_at", TextOrNull(task.completed_at)},
          {"escalated_at", TextOrNull(task.escalated_at)},
          {"escalated_to", TextOrNull(task.escalated_to)},
          {"shared_with", ToJson(task.shared_with.ids)},
          {"shared_with_names", task.shared_with.names}};
}

nlohmann::json ToJson(const DecisionRecord& decision) {
  nlohmann::json signals = nlohmann::json::array();
  for (const Signal& signal : decision.signals) signals.push_back({{"kind", signal.kind}, {"id", signal.id}});
  return {{"id", decision.id},
          {"case_id", decision.case_id},
          {"what", decision.what},
          {"who", decision.who},
          {"why", decision.why},
          {"decided_at", decision.decided_at},
          {"signals", signals},
          {"label", access::ClearanceName(decision.label)},
          {"recorded_by", decision.recorded_by},
          {"recorded_at", decision.recorded_at},
          {"shared_with", ToJson(decision.shared_with.ids)},
          {"shared_with_names", decision.shared_with.names}};
}

nlohmann::json ToJson(const WatchlistEntry& entry) {
  return {{"id", entry.id},       {"gw", entry.gw},         {"country", entry.country},
          {"tier", entry.tier},   {"reason", entry.reason}, {"label", access::ClearanceName(entry.label)},
          {"added_at", entry.added_at}, {"proposal_id", entry.proposal_id}};
}

nlohmann::json ToJson(const Proposal& proposal) {
  return {{"id", proposal.id},
          {"change", proposal.change},
          {"gw", proposal.gw},
          {"country", proposal.country},
          {"tier", proposal.tier},
          {"source", proposal.source},
          {"signal", proposal.signal},
          {"reason", proposal.reason},
          {"state", ProposalStateName(proposal.state)},
          {"proposed_at", proposal.proposed_at},
          {"proposed_by", proposal.proposed_by},
          {"decided_at", TextOrNull(proposal.decided_at)},
          {"decided_by", TextOrNull(proposal.decided_by)},
          {"decision_reason", TextOrNull(proposal.decision_reason)}};
}

}  // namespace tocsin::respond
