// Strong ids for the records the access module owns, so that a user id can never
// be passed where an organisation id is expected.
#pragma once

#include <compare>
#include <cstdint>

namespace tocsin::access {

// The database row id of a `Tag` record. Zero is "no record". Trivially copyable.
template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t value) : value_(value) {}

  constexpr std::int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ != 0; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  std::int64_t value_ = 0;
};

using UserId = Id<struct UserTag>;
using OrganisationId = Id<struct OrganisationTag>;
// A case of the response module (DESIGN.md, Response); records that belong to a
// case are visible only to its members.
using CaseId = Id<struct CaseTag>;

}  // namespace tocsin::access
