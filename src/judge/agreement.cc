#include "tocsin/judge/agreement.h"

#include <map>

namespace tocsin::judge {

std::optional<double> KrippendorffAlphaOrdinal(std::span<const RatedUnit> units) {
  // Coincidences keyed by value pair; values are the ordered categories.
  std::map<int, std::map<int, double>> coincidence;
  std::map<int, double> margin;
  for (const RatedUnit& unit : units) {
    const std::size_t m = unit.size();
    if (m < 2) continue;
    const double weight = 1.0 / static_cast<double>(m - 1);
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < m; ++j) {
        if (i == j) continue;
        coincidence[unit[i]][unit[j]] += weight;
        margin[unit[i]] += weight;
      }
    }
  }
  double n = 0;
  for (const auto& [value, count] : margin) n += count;
  if (n < 2 || margin.size() < 2) return std::nullopt;

  // Cumulative margins so that sum_{g=c..k} n_g is a difference of two sums.
  std::map<int, double> cumulative;  // sum of n_g for g <= value
  double running = 0;
  for (const auto& [value, count] : margin) {
    running += count;
    cumulative[value] = running;
  }
  auto distance = [&](int c, int k) {
    if (c > k) std::swap(c, k);
    const double between = cumulative[k] - cumulative[c] + margin[c];
    const double d = between - (margin[c] + margin[k]) / 2;
    return d * d;
  };
  double observed = 0;
  for (const auto& [c, row] : coincidence) {
    for (const auto& [k, count] : row) observed += count * distance(c, k);
  }
  double expected = 0;
  for (const auto& [c, n_c] : margin) {
    for (const auto& [k, n_k] : margin) expected += n_c * n_k * distance(c, k);
  }
  if (expected == 0) return std::nullopt;
  return 1.0 - (n - 1) * observed / expected;
}

}  // namespace tocsin::judge
