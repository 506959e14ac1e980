#include "tocsin/judge/agreement.h"

#include <gtest/gtest.h>

namespace tocsin::judge {
namespace {

TEST(KrippendorffAlphaOrdinal, MatchesHandComputationOnTwoAnalysts) {
  // Analysts A and B on three indicators: (0, 0), (1, 2), (3, 3).
  // Coincidences o00 = 2, o12 = o21 = 1, o33 = 2; margins n0 = 2, n1 = 1,
  // n2 = 1, n3 = 2, n = 6. Observed: o12 d2(1,2) + o21 d2(2,1) = 2 * 1 = 2.
  // Expected over ordered pairs: 2 * (2*2.25 + 2*6.25 + 4*16 + 1*1 + 2*6.25 + 2*2.25)
  // = 198. alpha = 1 - 5 * 2 / 198 = 94 / 99.
  const std::vector<RatedUnit> units = {{0, 0}, {1, 2}, {3, 3}};
  ASSERT_TRUE(KrippendorffAlphaOrdinal(units).has_value());
  EXPECT_NEAR(*KrippendorffAlphaOrdinal(units), 94.0 / 99.0, 1e-12);
}

TEST(KrippendorffAlphaOrdinal, SystematicDisagreementIsNegative) {
  // (3, 0) and (3, 1); a unit scored once does not count. Margins n0 = 1,
  // n1 = 1, n3 = 2, n = 4; d2(0,3) = 2.5^2, d2(1,3) = 1.5^2, d2(0,1) = 1.
  // Observed 2 * 6.25 + 2 * 2.25 = 17; expected 2 * (1 + 12.5 + 4.5) = 36.
  // alpha = 1 - 3 * 17 / 36 = -15 / 36.
  const std::vector<RatedUnit> units = {{3, 0}, {3, 1}, {2}};
  EXPECT_NEAR(*KrippendorffAlphaOrdinal(units), -15.0 / 36.0, 1e-12);
}

TEST(KrippendorffAlphaOrdinal, ReproducesKrippendorffsPublishedExample) {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": four
  // observers, twelve units, values 1-5 with gaps; ordinal alpha = 0.815.
  const std::vector<RatedUnit> units = {{1, 1, 1},    {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3},
                                        {2, 2, 2, 2}, {1, 2, 3, 4}, {4, 4, 4, 4}, {1, 1, 2, 1},
                                        {2, 2, 2, 2}, {5, 5, 5},    {1, 1},       {3}};
  EXPECT_NEAR(*KrippendorffAlphaOrdinal(units), 0.815, 0.0005);
}

TEST(KrippendorffAlphaOrdinal, PerfectAgreementIsOne) {
  const std::vector<RatedUnit> units = {{0, 0, 0}, {3, 3, 3}, {1, 1}};
  EXPECT_DOUBLE_EQ(*KrippendorffAlphaOrdinal(units), 1.0);
}

TEST(KrippendorffAlphaOrdinal, UndefinedWithoutPairsOrVariation) {
  EXPECT_FALSE(KrippendorffAlphaOrdinal(std::vector<RatedUnit>{{2}, {3}}).has_value());
  EXPECT_FALSE(KrippendorffAlphaOrdinal(std::vector<RatedUnit>{{2, 2}, {2, 2}}).has_value());
  EXPECT_FALSE(KrippendorffAlphaOrdinal(std::vector<RatedUnit>{}).has_value());
}

}  // namespace
}  // namespace tocsin::judge
