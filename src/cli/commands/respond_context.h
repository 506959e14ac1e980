// What the response commands (case, task, watchlist, option, gap-report) share:
// who acts (--as, a user whose roles and clearance the policy applies), when
// (--now or $TOCSIN_NOW, else the system clock) and why (--reason).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "tocsin/respond/records.h"
#include "tocsin/store/store.h"

namespace tocsin::cli {

struct RespondFlags {
  std::string as;      // login name of the acting user
  std::string now;     // UTC time the workflow's clock reads; empty: $TOCSIN_NOW or the system clock
  std::string reason;  // for the audit log
  bool json = false;   // print JSON instead of text
};

// Adds --as, --now, --reason and --json to `command`.
void AddRespondFlags(CLI::App* command, RespondFlags& flags);

using RespondWork = std::function<Status(store::Transaction&, const respond::Context&)>;

// Runs `work` as the user `flags.as` in one transaction (a write transaction when
// `write`; before the work, overdue tasks are escalated to their case leads).
// Errors: InvalidArgument for an unknown or disabled user, a bad --now, or a
// write with --now after the system clock (a change is recorded when it is made).
Status RunAs(store::Store& store, const RespondFlags& flags, bool write, const RespondWork& work);
// A report: as RunAs with a write (overdue tasks escalated first, so that they
// are counted as escalated), except when --now is after the system clock: a
// report for a time to come is a read, and changes nothing.
Status ReportAs(store::Store& store, const RespondFlags& flags, const RespondWork& work);

// A country named by ISO3 code, Gleditsch-Ward number or registry name.
Result<int> ParseCountry(const std::string& text);

// A label named on the command line. Errors: InvalidArgument listing the labels.
Result<access::Clearance> LabelFlag(const std::string& name);

// The organisations named by --share. Errors: InvalidArgument naming an unknown one.
Result<std::vector<access::OrganisationId>> SharedWith(store::Transaction& transaction,
                                                       const std::vector<std::string>& names);

// Writes `text` to the file `path` (a brief, a report). Errors: IoError.
Status WriteTextFile(const std::string& path, const std::string& text);

// Prints "tocsin: error: ..." and returns the exit code, or 0 for ok.
int Finish(const Status& status);

}  // namespace tocsin::cli
