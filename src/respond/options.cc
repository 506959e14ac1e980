#include "tocsin/respond/options.h"

#include <fmt/format.h>

#include <array>

#include "recording.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

constexpr std::array<std::string_view, 6> kCategoryNames = {"diplomatic", "economic",     "legal",
                                                             "security",   "humanitarian", "communication"};
constexpr std::array<std::string_view, 6> kCategoryTitles = {
    "diplomatic", "economic", "legal and accountability", "security", "humanitarian", "strategic communication"};
constexpr char kKindSeparator = '|';

constexpr std::string_view kOptionSelect =
    "SELECT response_options.id, response_options.category, response_options.name, response_options.description, "
    "response_options.owner_kinds, response_options.lead_time_days, response_options.label, "
    "response_options.owner_organisation_id FROM response_options ";

std::vector<std::string> SplitKinds(const std::string& text) {
  std::vector<std::string> kinds;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(kKindSeparator, start), text.size());
    if (end > start) kinds.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return kinds;
}

Option OptionFromRow(const store::Row& row, int first = 0) {
  Option option;
  option.id = row.Integer(first);
  option.category = ParseOptionCategory(row.Text(first + 1)).value_or(OptionCategory::kDiplomatic);
  option.name = row.Text(first + 2);
  option.description = row.Text(first + 3);
  option.owner_kinds = SplitKinds(row.Text(first + 4));
  option.lead_time_days = static_cast<int>(row.Integer(first + 5));
  option.label = StoredLabel(row.Integer(first + 6));
  if (!row.IsNull(first + 7)) option.owner = access::OrganisationId(row.Integer(first + 7));
  return option;
}

Result<Option> LoadOption(store::Transaction& transaction, std::int64_t id) {
  std::optional<Option> option;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kOptionSelect) + "WHERE response_options.id = ?", params,
                                           [&](const store::Row& row) {
                                             option = OptionFromRow(row);
                                             return Status::Ok();
                                           }));
  if (!option) return Hidden("option", id);
  return *option;
}

}  // namespace

std::string_view OptionCategoryName(OptionCategory category) {
  return kCategoryNames.at(static_cast<std::size_t>(category));
}

std::string_view OptionCategoryTitle(OptionCategory category) {
  return kCategoryTitles.at(static_cast<std::size_t>(category));
}

std::optional<OptionCategory> ParseOptionCategory(std::string_view name) {
  for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
    if (kCategoryNames[i] == name || kCategoryTitles[i] == name) return static_cast<OptionCategory>(i);
  }
  return std::nullopt;
}

Result<std::vector<Option>> ListOptions(store::Transaction& transaction, const Context& context,
                                        std::optional<OptionCategory> category) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kOption));
  const access::SqlFilter visible =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kOption, kOptionColumns);
  const store::Value wanted = category ? store::Value(std::string(OptionCategoryName(*category))) : store::Value();
  std::vector<Option> options;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kOptionSelect) + "WHERE (? IS NULL OR response_options.category = ?) AND " + visible.sql +
          " ORDER BY CASE response_options.category WHEN 'diplomatic' THEN 0 WHEN 'economic' THEN 1 "
          "WHEN 'legal' THEN 2 WHEN 'security' THEN 3 WHEN 'humanitarian' THEN 4 ELSE 5 END, "
          "response_options.name",
      WithFilter({wanted, wanted}, visible), [&](const store::Row& row) {
        options.push_back(OptionFromRow(row));
        return Status::Ok();
      }));
  return options;
}

Result<Option> AddOption(store::Transaction& transaction, const Context& context, Option option,
                         const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kOption));
  TOCSIN_RETURN_IF_ERROR(RequireLabelWithin(context, option.label));
  if (option.name.empty() || option.description.empty()) {
    return InvalidArgumentError("an option needs a name and a description");
  }
  if (option.owner_kinds.empty()) return InvalidArgumentError("name at least one kind of organisation that owns it");
  if (option.lead_time_days < 0) return InvalidArgumentError("the lead time is a number of days, 0 or more");
  std::string kinds;
  for (const std::string& kind : option.owner_kinds) {
    if (kind.find(kKindSeparator) != std::string::npos) {
      return InvalidArgumentError(fmt::format("an owner kind may not contain '{}'", kKindSeparator));
    }
    kinds += (kinds.empty() ? "" : std::string(1, kKindSeparator)) + kind;
  }
  bool taken = false;
  const std::vector<store::Value> key = {context.principal.organisation.value(), option.name};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT 1 FROM response_options WHERE owner_organisation_id = ? AND name = ?", key, [&](const store::Row&) {
        taken = true;
        return Status::Ok();
      }));
  if (taken) return AlreadyExistsError(fmt::format("your organisation already has an option named '{}'", option.name));
  const std::vector<store::Value> params = {std::string(OptionCategoryName(option.category)),
                                            option.name,
                                            option.description,
                                            kinds,
                                            static_cast<std::int64_t>(option.lead_time_days),
                                            static_cast<std::int64_t>(option.label),
                                            context.principal.organisation.value(),
                                            context.clock.NowText()};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO response_options (category, name, description, owner_kinds, "
                                      "lead_time_days, label, owner_organisation_id, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  option.id = transaction.LastInsertId();
  option.owner = context.principal.organisation;
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kOption, "create", option.id,
                               {{"category", OptionCategoryName(option.category)}}, reason));
  return option;
}

Result<CaseOption> ChooseOption(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                                std::int64_t option_id, const std::string& note, const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kUpdate, Resource::kCase));
  auto case_label = LoadRecordLabel(transaction, RecordKind::kCase, case_id);
  if (!case_label.ok()) return Hidden("case", case_id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kUpdate, Resource::kCase, *case_label, "case", case_id));
  TOCSIN_RETURN_IF_ERROR(RequireOpenCase(transaction, case_id));
  auto option_label = LoadRecordLabel(transaction, RecordKind::kOption, option_id);
  if (!option_label.ok()) return Hidden("option", option_id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kRead, Resource::kOption, *option_label, "option", option_id));
  TOCSIN_ASSIGN_OR_RETURN(const Option option, LoadOption(transaction, option_id));
  bool chosen = false;
  const std::vector<store::Value> key = {case_id, option_id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT 1 FROM case_options WHERE case_id = ? AND option_id = ?", key,
                                           [&](const store::Row&) {
                                             chosen = true;
                                             return Status::Ok();
                                           }));
  if (chosen) return AlreadyExistsError(fmt::format("case {} already has option {}", case_id, option_id));
  CaseOption chosen_option{.case_id = case_id,
                           .option = option,
                           .note = note,
                           .chosen_at = context.clock.NowText(),
                           .chosen_by = context.principal.name};
  const std::vector<store::Value> params = {case_id,
                                            option_id,
                                            note,
                                            static_cast<std::int64_t>(case_label->label),
                                            case_label->owner ? case_label->owner->value() : std::int64_t{0},
                                            chosen_option.chosen_at,
                                            chosen_option.chosen_by};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO case_options (case_id, option_id, note, label, "
                                      "owner_organisation_id, chosen_at, chosen_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  chosen_option.id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(AddCaseEvent(transaction, context, case_id, "option",
                                      fmt::format("option chosen: {} ({})", option.name,
                                                  OptionCategoryTitle(option.category))));
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kCase, "update", case_id,
                               {{"option", option_id}, {"case_option", chosen_option.id}}, reason));
  return chosen_option;
}

Result<std::vector<CaseOption>> ListCaseOptions(store::Transaction& transaction, const Context& context,
                                                std::int64_t case_id) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kCase));
  // A case the caller may not read has no options to them: it is not there.
  auto case_label = LoadRecordLabel(transaction, RecordKind::kCase, case_id);
  if (!case_label.ok()) return Hidden("case", case_id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kRead, Resource::kCase, *case_label, "case", case_id));
  const access::SqlFilter visible =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kCase, kCaseOptionColumns);
  std::vector<CaseOption> options;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT case_options.id, case_options.case_id, case_options.note, case_options.state, case_options.chosen_at, "
      "case_options.chosen_by, response_options.id, response_options.category, response_options.name, "
      "response_options.description, response_options.owner_kinds, response_options.lead_time_days, "
      "response_options.label, response_options.owner_organisation_id FROM case_options "
      "JOIN response_options ON response_options.id = case_options.option_id "
      "WHERE case_options.case_id = ? AND " +
          visible.sql + " ORDER BY case_options.chosen_at, case_options.id",
      WithFilter({case_id}, visible), [&](const store::Row& row) {
        CaseOption option{.id = row.Integer(0),
                          .case_id = row.Integer(1),
                          .option = OptionFromRow(row, 6),
                          .note = row.Text(2),
                          .active = row.Text(3) == "active",
                          .chosen_at = row.Text(4),
                          .chosen_by = row.Text(5)};
        options.push_back(std::move(option));
        return Status::Ok();
      }));
  return options;
}

}  // namespace tocsin::respond
