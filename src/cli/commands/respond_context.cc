#include "respond_context.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "command.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/respond/tasks.h"

namespace tocsin::cli {

void AddRespondFlags(CLI::App* command, RespondFlags& flags) {
  // Every subcommand of a group shares `flags`: the environment's user is the
  // default, set before parsing, so that --as on the command line always wins.
  flags.as = EnvironmentDefault("TOCSIN_USER", "");
  CLI::Option* as = command->add_option(
      "--as", flags.as, "Act as this user: their roles, clearance and cases apply; default $TOCSIN_USER");
  if (flags.as.empty()) as->required();
  command->add_option("--now", flags.now,
                      "The time the workflow takes as now (UTC, e.g. 2026-03-02T08:00); default $TOCSIN_NOW, else "
                      "the system clock");
  command->add_option("--reason", flags.reason, "Why, for the audit log");
  command->add_flag("--json", flags.json, "Print JSON");
}

namespace {

// The workflow's clock: --now, else $TOCSIN_NOW, else the system clock.
Result<std::unique_ptr<respond::Clock>> WorkflowClock(const RespondFlags& flags) {
  std::string now = flags.now;
  if (now.empty()) {
    if (const char* environment = std::getenv("TOCSIN_NOW")) now = environment;
  }
  if (now.empty()) return std::unique_ptr<respond::Clock>(std::make_unique<respond::SystemClock>());
  TOCSIN_ASSIGN_OR_RETURN(const respond::TimePoint at, respond::ParseUtc(now));
  return std::unique_ptr<respond::Clock>(std::make_unique<respond::FixedClock>(at));
}

// Whether `clock` is ahead of the system clock by more than a minute of leeway.
bool AheadOfTheSystemClock(const respond::Clock& clock) {
  return clock.Now() > respond::SystemClock().Now() + std::chrono::minutes(1);
}

Status Run(store::Store& store, const RespondFlags& flags, bool write, const respond::Clock& clock,
           const RespondWork& work) {
  const auto run = [&](store::Transaction& transaction) -> Status {
    auto user = access::FindUserByName(transaction, flags.as);
    if (!user.ok()) return InvalidArgumentError(fmt::format("--as: no user named '{}'", flags.as));
    auto principal = access::LoadPrincipal(transaction, user->id);
    if (!principal.ok()) return InvalidArgumentError(fmt::format("--as: {}", principal.status().message()));
    const respond::Context context{*principal, clock};
    if (write) TOCSIN_RETURN_IF_ERROR(respond::EscalateOverdueTasks(transaction, context).status());
    return work(transaction, context);
  };
  return write ? store.Write(run) : store.Read(run);
}

}  // namespace

Status RunAs(store::Store& store, const RespondFlags& flags, bool write, const RespondWork& work) {
  TOCSIN_ASSIGN_OR_RETURN(const std::unique_ptr<respond::Clock> clock, WorkflowClock(flags));
  if (write && AheadOfTheSystemClock(*clock)) {
    return InvalidArgumentError(
        fmt::format("--now {}: that is after the system clock ({}); a change is recorded when it is made, "
                    "not ahead of time",
                    clock->NowText(), respond::SystemClock().NowText()));
  }
  return Run(store, flags, write, *clock, work);
}

Status ReportAs(store::Store& store, const RespondFlags& flags, const RespondWork& work) {
  TOCSIN_ASSIGN_OR_RETURN(const std::unique_ptr<respond::Clock> clock, WorkflowClock(flags));
  return Run(store, flags, !AheadOfTheSystemClock(*clock), *clock, work);
}

Result<int> ParseCountry(const std::string& text) {
  const CountryRegistry& registry = CountryRegistry::Default();
  int gw = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), gw);
  if (error == std::errc() && end == text.data() + text.size() && registry.ByGw(gw)) return gw;
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (const Country* country = registry.ByIso3(upper)) return country->gw;
  for (const Country& country : registry.countries()) {
    if (country.name == text) return country.gw;
  }
  return InvalidArgumentError(
      fmt::format("unknown country '{}': give an ISO3 code (CAF), a Gleditsch-Ward number (482) or a name", text));
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  errno = 0;
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) {
    return IoError(
        fmt::format("{}: cannot write: {}", path, errno != 0 ? std::strerror(errno) : "write failed"));
  }
  return Status::Ok();
}

int Finish(const Status& status) {
  return status.ok() ? static_cast<int>(kExitOk) : Fail(status);
}

Result<access::Clearance> LabelFlag(const std::string& name) {
  const auto label = access::ParseClearance(name);
  if (!label) {
    return InvalidArgumentError(
        fmt::format("unknown label '{}': use public, restricted, confidential or strictly-confidential", name));
  }
  return *label;
}

Result<std::vector<access::OrganisationId>> SharedWith(store::Transaction& transaction,
                                                       const std::vector<std::string>& names) {
  std::vector<access::OrganisationId> ids;
  for (const std::string& name : names) {
    auto organisation = access::FindOrganisationByName(transaction, name);
    if (organisation.status().code() == StatusCode::kNotFound) {
      return InvalidArgumentError(fmt::format("--share: no organisation named '{}'", name));
    }
    TOCSIN_RETURN_IF_ERROR(organisation.status());
    ids.push_back(organisation->id);
  }
  return ids;
}

}  // namespace tocsin::cli
