// The catalogue of preventive options (diplomatic, economic, legal and
// accountability, security, humanitarian, strategic communication) and the
// options chosen on a case. The catalogue that ships with Tocsin is public and
// installation-wide (migration 0004); organisations add their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/respond/records.h"

namespace tocsin::respond {

enum class OptionCategory : std::uint8_t { kDiplomatic, kEconomic, kLegal, kSecurity, kHumanitarian, kCommunication };
// Stored names: "diplomatic", "economic", "legal", "security", "humanitarian", "communication".
std::string_view OptionCategoryName(OptionCategory category);
// "legal and accountability", "strategic communication", ... for people.
std::string_view OptionCategoryTitle(OptionCategory category);
std::optional<OptionCategory> ParseOptionCategory(std::string_view name);

struct Option {
  std::int64_t id = 0;
  OptionCategory category = OptionCategory::kDiplomatic;
  std::string name = {};
  std::string description = {};
  std::vector<std::string> owner_kinds = {};  // the kinds of organisation that usually own it
  int lead_time_days = 0;
  access::Clearance label = access::Clearance::kPublic;
  std::optional<access::OrganisationId> owner = {};  // none: shipped with Tocsin
};

// The options the caller may read, by category then name.
Result<std::vector<Option>> ListOptions(store::Transaction& transaction, const Context& context,
                                        std::optional<OptionCategory> category = std::nullopt);

// Adds an option of the caller's organisation. Errors: PermissionDenied;
// InvalidArgument (empty name or description, no owner kind, negative lead
// time); AlreadyExists for a name the organisation already has.
Result<Option> AddOption(store::Transaction& transaction, const Context& context, Option option,
                         const std::string& reason);

struct CaseOption {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  Option option = {};
  std::string note = {};
  bool active = true;
  std::string chosen_at = {};
  std::string chosen_by = {};
};

// Puts a catalogue option on a case. Errors: NotFound (case or option);
// PermissionDenied; AlreadyExists when the case already has it.
Result<CaseOption> ChooseOption(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                                std::int64_t option_id, const std::string& note, const std::string& reason);

// The options chosen on a case the caller may read.
Result<std::vector<CaseOption>> ListCaseOptions(store::Transaction& transaction, const Context& context,
                                                std::int64_t case_id);

}  // namespace tocsin::respond
