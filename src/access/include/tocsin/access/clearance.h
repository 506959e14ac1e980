// Clearance labels: how sensitive a record is, and how sensitive a user may read.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tocsin::access {

// Ordered from least to most sensitive; the values are stored in the database
// (users.clearance, every record's label) and are never renumbered.
enum class Clearance : std::uint8_t {
  kPublic = 0,
  kRestricted = 1,
  kConfidential = 2,
  kStrictlyConfidential = 3,
};

inline constexpr Clearance kAllClearances[] = {Clearance::kPublic, Clearance::kRestricted,
                                               Clearance::kConfidential, Clearance::kStrictlyConfidential};

// "public", "restricted", "confidential", "strictly confidential".
std::string_view ClearanceName(Clearance clearance);

// Parses a name as ClearanceName writes it; '_' and '-' may stand for the space.
std::optional<Clearance> ParseClearance(std::string_view name);

// The clearance whose stored value is `value`, if there is one.
std::optional<Clearance> ClearanceFromStored(std::int64_t value);

}  // namespace tocsin::access
