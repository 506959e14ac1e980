// The single policy decision point (DESIGN.md, Access; docs/security.md).
//
// Access = the role permits the action on the resource
//      AND clearance >= the record's label
//      AND (the record's owner organisation is the caller's, or the record is
//           shared with it, or the record has no owner, or the role's grant
//           covers every organisation)
//      AND (the record belongs to no case, or the caller is a member of it).
// Everything else is denied. Decide() is the decision; SqlFilterFor() states the
// same rule as a WHERE fragment so that list queries filter rows in SQL, and a
// test holds the two to agreement. Both are pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/principal.h"
#include "tocsin/access/resource.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

// How far a role's grant reaches.
enum class Scope : std::uint8_t {
  kNone = 0,              // not granted
  kOwnOrganisation = 1,   // records of the caller's organisation, shared with it, or unowned
  kAllOrganisations = 2,  // records of any organisation (administration, audit)
};

// One row of the permission table in docs/security.md.
struct Grant {
  Role role;
  Resource resource;
  Action action;
  Scope scope;
};

// The whole permission table, in the order docs/security.md lists it.
std::span<const Grant> Grants();

// The widest scope any of the caller's roles grants for `action` on `resource`.
Scope GrantedScope(const Principal& principal, Action action, Resource resource);

// The access-control facts a record carries.
struct RecordLabel {
  // Unlabelled records are treated as the most sensitive: deny by default.
  Clearance label = Clearance::kStrictlyConfidential;
  std::optional<OrganisationId> owner = {};  // none: belongs to the whole installation
  std::vector<OrganisationId> shared_with = {};
  std::optional<CaseId> case_id = {};  // need-to-know: members of this case only
};

enum class Denial : std::uint8_t {
  kNone = 0,
  kNotAuthenticated,
  kRoleDenies,
  kClearanceTooLow,
  kOtherOrganisation,
  kNotOnCase,
  kGrantAboveOwn,  // DecideGrant: a clearance or role the caller may not hand out
};

struct Decision {
  bool allowed = false;
  Denial denial = Denial::kRoleDenies;

  explicit operator bool() const { return allowed; }
};

// THE decision: may `principal` perform `action` on the record labelled `record`?
// A field of a record that carries its own, higher label is decided by calling
// this with the field's label.
Decision Decide(const Principal& principal, Action action, Resource resource, const RecordLabel& record);

// Whether `principal` may hand out `clearance` (as a user's clearance or a
// record's label) and `roles` (to a user): nobody grants a clearance above their
// own, and only system administrators grant the system admin or auditor roles.
// Called with the record decision, never instead of it.
Decision DecideGrant(const Principal& principal, std::span<const Role> roles, Clearance clearance);

// The role part of Decide alone: whether any record of `resource` could be
// allowed. Routes use it to answer 403 before touching a record.
Decision DecideRole(const Principal& principal, Action action, Resource resource);

// Column expressions of the table a list query reads; compile-time constants
// (never values), e.g. {"r.id", "r.label", "r.owner_organisation_id", "r.case_id"}.
// An empty `owner` or `case_id` means the table has no such column (no owner,
// no case). An empty `label` and no `fixed_label` mean the rows are public.
struct RecordColumns {
  std::string_view id = {};
  std::string_view label = {};
  std::string_view owner = {};
  std::string_view case_id = {};
  // For tables whose rows all carry one label (users are restricted): used
  // instead of the `label` column.
  std::optional<Clearance> fixed_label = {};
  // The kind of record whose sharing (record_shares) applies to the rows, when
  // it is not the resource decided on: series are decided as series but count
  // event rows, which are shared as events.
  std::optional<Resource> shares_of = {};
};

// A WHERE fragment with `?` placeholders and the values to bind to them.
struct SqlFilter {
  std::string sql;
  std::vector<store::Value> params;
};

// Decide() as SQL over the rows of `columns`: a fragment that is true exactly
// for the rows Decide would allow. Sharing is read from record_shares.
SqlFilter SqlFilterFor(const Principal& principal, Action action, Resource resource,
                       const RecordColumns& columns);

// "not authenticated", "role does not permit", ... for logs and tests.
std::string_view DenialName(Denial denial);

}  // namespace tocsin::access
