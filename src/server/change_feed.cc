#include "change_feed.h"

#include <charconv>

#include "event_labels.h"
#include "labelled_tables.h"
#include "tocsin/access/audit_log.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/judge/assessment_repository.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/respond/records.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

// The label of the record `entry` changed, or nullopt when the entry is not a
// change the feed shows.
Result<std::optional<access::RecordLabel>> ChangedRecordLabel(store::Transaction& transaction,
                                                              const access::Principal& principal,
                                                              const access::AuditEntry& entry,
                                                              Resource resource, std::int64_t id) {
  using Label = std::optional<access::RecordLabel>;
  switch (resource) {
    case Resource::kForecast:
    case Resource::kBacktest: {
      auto labels = LoadRunLabels(transaction, resource, id);
      if (!labels.ok()) return Label();
      return Label(labels->record);
    }
    case Resource::kPanel: {
      auto label = LoadPanelLabel(transaction, id);
      return label.ok() ? Label(*label) : Label();
    }
    case Resource::kUser: {
      auto user = access::LoadUser(transaction, access::UserId(id));
      return user.ok() ? Label(access::UserRecordLabel(*user)) : Label();
    }
    case Resource::kOrganisation:
      return Label(access::OrganisationRecordLabel(access::OrganisationId(id)));
    case Resource::kAlert: {
      auto label = LoadAlertLabel(transaction, id);
      return label.ok() ? Label(*label) : Label();
    }
    case Resource::kEvent: {
      auto label = LoadEventLabel(transaction, id);
      return label.ok() ? Label(*label) : Label();
    }
    case Resource::kAssessment: {
      auto label = judge::LoadAssessmentLabel(transaction, id);
      return label.ok() ? Label(*label) : Label();
    }
    case Resource::kQuestion: {
      // A forecast or resolution shows as a change of its question, without who or what.
      auto question = judge::LoadQuestion(transaction, id);
      return question.ok() ? Label(question->label) : Label();
    }
    case Resource::kApiToken:
      // Tokens are always their owner's own: shown to the user who acted only.
      if (entry.actor.user != principal.user) return Label();
      return Label(access::RecordLabel{.label = access::Clearance::kPublic});
    case Resource::kCase:
    case Resource::kTask:
    case Resource::kDecision:
    case Resource::kOption:
    case Resource::kWatchlist:
    case Resource::kBrief:
      return respond::ChangedRecordLabel(transaction, resource, id);
    default:
      return Label();
  }
}

}  // namespace

Result<ChangePage> VisibleChanges(store::Transaction& transaction, const access::Principal& principal,
                                  std::int64_t after, std::int64_t limit) {
  ChangePage page;
  page.last_sequence = after;
  TOCSIN_ASSIGN_OR_RETURN(const auto entries, access::ReadAuditEntries(transaction, after, limit));
  for (const access::AuditEntry& entry : entries) {
    page.last_sequence = entry.sequence;
    const std::size_t dot = entry.action.rfind('.');
    const std::string verb = dot == std::string::npos ? "" : entry.action.substr(dot + 1);
    if (verb != "create" && verb != "update" && verb != "delete") continue;
    const auto resource = access::ParseResource(entry.resource);
    std::int64_t id = 0;
    const auto parsed =
        std::from_chars(entry.record_id.data(), entry.record_id.data() + entry.record_id.size(), id);
    if (!resource || parsed.ec != std::errc()) continue;
    TOCSIN_ASSIGN_OR_RETURN(const auto label,
                            ChangedRecordLabel(transaction, principal, entry, *resource, id));
    const Action read = *resource == Resource::kApiToken ? Action::kCreate : Action::kRead;
    if (!label || !access::Decide(principal, read, *resource, *label)) continue;
    page.changes.push_back(
        {entry.sequence,
         {{"action", entry.action}, {"resource", entry.resource}, {"id", id}, {"at", entry.at}}});
  }
  return page;
}

}  // namespace tocsin::server
