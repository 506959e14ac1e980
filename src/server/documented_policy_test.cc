// The documented policy (documented_policy.h); this file holds no tests itself.
#include "documented_policy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tocsin::server::testing {
namespace {

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, '|')) {
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

}  // namespace

DocumentedPolicy DocumentedPolicy::Read() {
  const char* source = std::getenv("TOCSIN_SOURCE_DIR");
  // (The PostgreSQL runs of the tests get only their backend from CTest's
  // environment, so the source tree's place at build time is the fallback.)
  const std::string path = std::string(source ? source : TOCSIN_SOURCE_DIR_AT_BUILD) + "/docs/security.md";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  DocumentedPolicy policy;
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) in_table = line == "## Permission table";
    if (!in_table || !line.starts_with("| ") || line.starts_with("| role") || line.starts_with("|---"))
      continue;
    const std::vector<std::string> cells = Cells(line);
    // "| a | b | c | d |" splits into "", a, b, c, d.
    if (cells.size() == 5) policy.grants_.emplace(cells[1], cells[2], cells[3], cells[4]);
  }
  return policy;
}

std::string DocumentedPolicy::Scope(const TestUser& user, access::Resource resource,
                                    access::Action action) const {
  std::string widest;
  for (const auto& [role, kind, verb, scope] : grants_) {
    if (kind != access::ResourceName(resource) || verb != access::ActionName(action)) continue;
    for (access::Role held : user.roles) {
      if (role == access::RoleName(held) && (widest.empty() || scope == "all")) widest = scope;
    }
  }
  return widest;
}

bool DocumentedPolicy::Allows(const TestUser& user, access::Resource resource, access::Action action,
                              const access::RecordLabel& record) const {
  const std::string scope = Scope(user, resource, action);
  if (scope.empty()) return false;                  // 1. role
  if (user.clearance < record.label) return false;  // 2. clearance
  const bool held = !record.owner || *record.owner == user.organisation ||
                    std::count(record.shared_with.begin(), record.shared_with.end(), user.organisation) > 0;
  if (scope != "all" && !held) return false;  // 3. organisation
  // 4. need-to-know: a member of the record's case
  return !record.case_id || std::count(user.cases.begin(), user.cases.end(), *record.case_id) > 0;
}

}  // namespace tocsin::server::testing
