// Agreement between analysts: Krippendorff's alpha with the ordinal metric
// (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace tocsin::judge {

// The values the coders gave one unit (one indicator of one assessment); a
// coder who did not score the unit is simply absent. Units with fewer than two
// values are not pairable and do not count.
using RatedUnit = std::vector<int>;

// alpha = 1 - (n - 1) * sum_ck o_ck d2_ck / sum_ck n_c n_k d2_ck, where o is the
// coincidence matrix (each ordered pair of values within a unit adds
// 1 / (m_u - 1)), n_c its margins, n their total, and the ordinal distance
// d2_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2. 1 is perfect agreement, 0 what
// chance would give, negative systematic disagreement. Nullopt when fewer than
// two pairable values exist or every value is the same (no variation to judge).
std::optional<double> KrippendorffAlphaOrdinal(std::span<const RatedUnit> units);

}  // namespace tocsin::judge
