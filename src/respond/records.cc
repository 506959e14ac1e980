#include "tocsin/respond/records.h"

#include <fmt/format.h>

#include "recording.h"
#include "tocsin/access/record_shares.h"

namespace tocsin::respond {
namespace {

struct LabelQuery {
  std::string_view sql;  // selects label, owner, case id (NULL when none)
  access::Resource share_resource;
  bool shares_by_case = false;  // the record is shared as its case is
  bool never_shared = false;
};

LabelQuery QueryFor(RecordKind kind) {
  using access::Resource;
  switch (kind) {
    case RecordKind::kCase:
      return {"SELECT label, owner_organisation_id, case_id FROM cases WHERE id = ?", Resource::kCase};
    case RecordKind::kTask:
      return {"SELECT label, owner_organisation_id, case_id FROM tasks WHERE id = ?", Resource::kTask};
    case RecordKind::kDecision:
      return {"SELECT label, owner_organisation_id, case_id FROM decisions WHERE id = ?", Resource::kDecision};
    case RecordKind::kOption:
      return {"SELECT label, owner_organisation_id, NULL FROM response_options WHERE id = ?", Resource::kOption};
    case RecordKind::kWatchlistEntry:
      return {"SELECT label, owner_organisation_id, NULL FROM watchlist_entries WHERE id = ?",
              Resource::kWatchlist};
    case RecordKind::kProposal:
      return {"SELECT label, owner_organisation_id, NULL FROM watchlist_proposals WHERE id = ?",
              Resource::kWatchlist, false, true};
    case RecordKind::kBrief:
      return {"SELECT label, owner_organisation_id, case_id FROM brief_exports WHERE id = ?", Resource::kBrief};
  }
  return {"SELECT NULL, NULL, NULL WHERE 0 AND ? IS NULL", Resource::kCase};
}

}  // namespace

Status Hidden(std::string_view what, std::int64_t id) {
  return NotFoundError(fmt::format("no {} {}, or you may not see it", what, id));
}

Result<access::RecordLabel> LoadRecordLabel(store::Transaction& transaction, RecordKind kind, std::int64_t id) {
  const LabelQuery query = QueryFor(kind);
  std::optional<access::RecordLabel> label;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(query.sql, params, [&](const store::Row& row) {
    access::RecordLabel record;
    record.label = StoredLabel(row.Integer(0));
    if (!row.IsNull(1)) record.owner = access::OrganisationId(row.Integer(1));
    if (!row.IsNull(2)) record.case_id = access::CaseId(row.Integer(2));
    label = record;
    return Status::Ok();
  }));
  if (!label) return NotFoundError(fmt::format("no record {}", id));
  if (!query.never_shared) {
    TOCSIN_ASSIGN_OR_RETURN(label->shared_with, access::LoadShares(transaction, query.share_resource, id));
  }
  return *label;
}

std::optional<access::RecordLabel> ChangedRecordLabel(store::Transaction& transaction, access::Resource resource,
                                                      std::int64_t id) {
  std::optional<RecordKind> kind;
  switch (resource) {
    case access::Resource::kCase:
      kind = RecordKind::kCase;
      break;
    case access::Resource::kTask:
      kind = RecordKind::kTask;
      break;
    case access::Resource::kDecision:
      kind = RecordKind::kDecision;
      break;
    case access::Resource::kOption:
      kind = RecordKind::kOption;
      break;
    case access::Resource::kWatchlist:
      // Proposals are audited with their id negated; entries with theirs.
      kind = id < 0 ? RecordKind::kProposal : RecordKind::kWatchlistEntry;
      if (id < 0) id = -id;
      break;
    case access::Resource::kBrief:
      kind = RecordKind::kBrief;
      break;
    default:
      return std::nullopt;
  }
  auto label = LoadRecordLabel(transaction, *kind, id);
  if (!label.ok()) return std::nullopt;
  return *label;
}

}  // namespace tocsin::respond
