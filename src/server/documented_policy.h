// The access policy as docs/security.md writes it, read from that file and
// applied by a separate implementation: the yardstick of the server's
// authorization-matrix and canary tests. For the server's tests only.
#pragma once

#include <set>
#include <string>
#include <tuple>

#include "server_fixture.h"

namespace tocsin::server::testing {

class DocumentedPolicy {
 public:
  // Reads the permission table of $TOCSIN_SOURCE_DIR/docs/security.md.
  static DocumentedPolicy Read();

  std::size_t grants() const { return grants_.size(); }

  // "", "own" or "all": the widest documented scope any of the user's roles has.
  std::string Scope(const TestUser& user, access::Resource resource, access::Action action) const;
  bool RoleAllows(const TestUser& user, access::Resource resource, access::Action action) const {
    return !Scope(user, resource, action).empty();
  }
  // The four conditions of "The rule" in docs/security.md.
  bool Allows(const TestUser& user, access::Resource resource, access::Action action,
              const access::RecordLabel& record) const;

 private:
  // (role, resource, action) -> scope, all as written in the document.
  std::set<std::tuple<std::string, std::string, std::string, std::string>> grants_;
};

}  // namespace tocsin::server::testing
