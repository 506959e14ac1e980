// What every response record shares: who is acting and when, and the access
// facts (label, owner organisation, sharing, case) the policy decides on.
//
// Functions of this module take the caller's transaction, so that a change, the
// case's timeline entry and the audit entry commit together. Every read goes
// through access::Decide (one record) or access::SqlFilterFor (lists); a record
// the caller may not see is reported as NotFound, like one that does not exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/respond/clock.h"
#include "tocsin/store/store.h"

namespace tocsin::respond {

// Who acts, and the clock their actions are timed by. Both must outlive the call.
struct Context {
  const access::Principal& principal;
  const Clock& clock;
};

// Columns of the response tables for access::SqlFilterFor. Options chosen on a
// case are read as part of the case (their sharing is the case's); watchlist
// proposals are never shared (their id is negated so that they cannot meet an
// entry's sharing in record_shares).
inline constexpr access::RecordColumns kCaseColumns = {
    .id = "cases.id", .label = "cases.label", .owner = "cases.owner_organisation_id", .case_id = "cases.case_id"};
inline constexpr access::RecordColumns kCaseOptionColumns = {.id = "case_options.case_id",
                                                             .label = "case_options.label",
                                                             .owner = "case_options.owner_organisation_id",
                                                             .case_id = "case_options.case_id"};
inline constexpr access::RecordColumns kTaskColumns = {
    .id = "tasks.id", .label = "tasks.label", .owner = "tasks.owner_organisation_id", .case_id = "tasks.case_id"};
inline constexpr access::RecordColumns kDecisionColumns = {.id = "decisions.id",
                                                           .label = "decisions.label",
                                                           .owner = "decisions.owner_organisation_id",
                                                           .case_id = "decisions.case_id"};
inline constexpr access::RecordColumns kOptionColumns = {.id = "response_options.id",
                                                         .label = "response_options.label",
                                                         .owner = "response_options.owner_organisation_id"};
inline constexpr access::RecordColumns kWatchlistColumns = {.id = "watchlist_entries.id",
                                                            .label = "watchlist_entries.label",
                                                            .owner = "watchlist_entries.owner_organisation_id"};
inline constexpr access::RecordColumns kProposalColumns = {.id = "(-watchlist_proposals.id)",
                                                           .label = "watchlist_proposals.label",
                                                           .owner = "watchlist_proposals.owner_organisation_id"};
inline constexpr access::RecordColumns kBriefColumns = {.id = "brief_exports.id",
                                                        .label = "brief_exports.label",
                                                        .owner = "brief_exports.owner_organisation_id",
                                                        .case_id = "brief_exports.case_id"};

// The organisations a record is shared with, besides the one that owns it:
// by id (as requests name them) and by name, ordered by name.
struct SharedWith {
  std::vector<access::OrganisationId> ids = {};
  std::vector<std::string> names = {};
};

// The kinds of response record LoadRecordLabel knows.
enum class RecordKind : std::uint8_t { kCase, kTask, kDecision, kOption, kWatchlistEntry, kProposal, kBrief };

// The access facts of one record. Errors: NotFound.
Result<access::RecordLabel> LoadRecordLabel(store::Transaction& transaction, RecordKind kind, std::int64_t id);

// The record label of a change the audit log names ("case", "task", "decision",
// "option", "watchlist", "brief" with its record id), for the change stream.
// nullopt for a record that no longer exists or a kind this module does not own.
std::optional<access::RecordLabel> ChangedRecordLabel(store::Transaction& transaction, access::Resource resource,
                                                      std::int64_t id);

// The error for a record that does not exist or that the caller may not see.
Status Hidden(std::string_view what, std::int64_t id);

}  // namespace tocsin::respond
