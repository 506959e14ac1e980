#include "tocsin/forecast/r_random.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tocsin::forecast {
namespace {

// Every expected value below was printed by R 4.2.2 (Mersenne-Twister,
// Inversion, Rejection), e.g. `set.seed(42); sprintf("%.17g", runif(5))`.

std::vector<double> FirstUniforms(std::uint32_t seed, int count) {
  RRandom random(seed);
  std::vector<double> values;
  for (int i = 0; i < count; ++i) values.push_back(random.Uniform());
  return values;
}

std::vector<double> FirstIndices(std::uint32_t seed, double n, int count) {
  RRandom random(seed);
  std::vector<double> values;
  for (int i = 0; i < count; ++i) values.push_back(random.UniformIndex(n));
  return values;
}

std::vector<int> OneToN(int n) {
  std::vector<int> values;
  for (int i = 1; i <= n; ++i) values.push_back(i);
  return values;
}

TEST(RRandom, UniformMatchesRunifForSeedOne) {
  EXPECT_EQ(FirstUniforms(1, 5),
            (std::vector<double>{0.26550866314209998, 0.37212389963679016, 0.57285336335189641,
                                 0.90820778999477625, 0.2016819310374558}));
}

TEST(RRandom, UniformMatchesRunifForSeedFortyTwo) {
  EXPECT_EQ(FirstUniforms(42, 5),
            (std::vector<double>{0.91480604349635541, 0.93707541329786181, 0.28613953478634357,
                                 0.83044762606732547, 0.64174551889300346}));
}

TEST(RRandom, UniformMatchesRunifForTheEwpSeed) {
  EXPECT_EQ(FirstUniforms(90035, 5),
            (std::vector<double>{0.47814255440607667, 0.58538672467693686, 0.44223511568270624,
                                 0.480565165868029, 0.3419311661273241}));
}

TEST(RRandom, UniformMatchesRunifForALargeSeed) {
  EXPECT_EQ(FirstUniforms(123456789, 3),
            (std::vector<double>{0.69317573984153569, 0.67288095457479358, 0.6539016799069941}));
}

TEST(RRandom, NegativeSeedIsItsUnsignedTwin) {
  // set.seed(-1) in R.
  EXPECT_EQ(FirstUniforms(static_cast<std::uint32_t>(-1), 3),
            (std::vector<double>{0.48666717973537743, 0.19136525527574122, 0.99327187985181808}));
}

TEST(RRandom, SeedZeroStreamIsSeedOneShiftedByOne) {
  // A property of R's seed scrambling that R itself shows: set.seed(0)'s second
  // draw is set.seed(1)'s first.
  const std::vector<double> zero = FirstUniforms(0, 5);
  EXPECT_EQ(zero[0], 0.8966972001362592);
  const std::vector<double> one = FirstUniforms(1, 4);
  EXPECT_EQ(std::vector<double>(zero.begin() + 1, zero.end()), one);
}

TEST(RRandom, UniformStaysInsideOpenUnitIntervalAcrossStateRefills) {
  // 3000 draws cross four regenerations of the 624-word state.
  RRandom random(7);
  for (int i = 0; i < 3000; ++i) {
    const double value = random.Uniform();
    ASSERT_GT(value, 0.0);
    ASSERT_LT(value, 1.0);
  }
}

TEST(RRandom, UniformIndexMatchesRForTen) {
  // set.seed(s); sample.int(10, 8, replace = TRUE) - 1
  EXPECT_EQ(FirstIndices(1, 10, 8), (std::vector<double>{8, 3, 6, 0, 1, 6, 1, 2}));
  EXPECT_EQ(FirstIndices(42, 10, 8), (std::vector<double>{0, 4, 0, 8, 9, 3, 1, 9}));
}

TEST(RRandom, UniformIndexMatchesRWhenTwoChunksOfBitsAreNeeded) {
  // 100000 needs 17 bits and 1000003 needs 20: two 16-bit chunks per candidate.
  EXPECT_EQ(FirstIndices(1, 100000, 5), (std::vector<double>{24387, 59520, 43306, 69585, 11570}));
  EXPECT_EQ(FirstIndices(1, 1000003, 5), (std::vector<double>{548675, 452736, 124412, 436522, 856017}));
  EXPECT_EQ(FirstIndices(42, 1000003, 5), (std::vector<double>{61412, 54424, 623843, 74361, 46207}));
}

TEST(RRandom, UniformIndexMatchesRWhenBitsFillWholeChunks) {
  // 50000 needs exactly 16 bits; R still draws a second chunk and masks it away.
  EXPECT_EQ(FirstIndices(1, 50000, 5), (std::vector<double>{24387, 43306, 4049, 11570, 25172}));
  EXPECT_EQ(FirstIndices(42, 50000, 5), (std::vector<double>{34019, 8825, 46207, 47127, 16739}));
}

TEST(RRandom, UniformIndexOfOneStillConsumesAUniform) {
  // set.seed(1); sample.int(1, 3, replace = TRUE); runif(1) gives runif's fourth value.
  RRandom random(1);
  for (int i = 0; i < 3; ++i) random.UniformIndex(1);
  EXPECT_EQ(random.Uniform(), 0.90820778999477625);
}

TEST(RRandom, UniformIndexOfOneIsZero) {
  RRandom random(3);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(random.UniformIndex(1), 0.0);
}

TEST(RRandom, UniformIndexOfNonPositiveIsZero) {
  RRandom random(3);
  EXPECT_EQ(random.UniformIndex(0), 0.0);
  EXPECT_EQ(random.UniformIndex(-5), 0.0);
}

TEST(RRandom, PermuteMatchesSampleOfOneToTen) {
  RRandom seed_one(1);
  EXPECT_EQ(seed_one.Permute(OneToN(10)), (std::vector<int>{9, 4, 7, 1, 2, 5, 3, 10, 6, 8}));
  RRandom seed_forty_two(42);
  EXPECT_EQ(seed_forty_two.Permute(OneToN(10)), (std::vector<int>{1, 5, 10, 8, 2, 4, 6, 9, 7, 3}));
  RRandom seed_ewp(90035);
  EXPECT_EQ(seed_ewp.Permute(OneToN(10)), (std::vector<int>{8, 7, 9, 1, 3, 5, 4, 6, 2, 10}));
}

TEST(RRandom, PermuteMovesValuesNotPositions) {
  // set.seed(5); sample(c(3L, 1L, 4L, 1L, 5L, 9L, 2L, 6L))
  RRandom random(5);
  EXPECT_EQ(random.Permute({3, 1, 4, 1, 5, 9, 2, 6}), (std::vector<int>{1, 4, 3, 2, 9, 1, 5, 6}));
}

TEST(RRandom, PermuteOfEmptyIsEmpty) {
  RRandom random(5);
  EXPECT_TRUE(random.Permute({}).empty());
}

TEST(RFoldIds, MatchesCvGlmnetFoldsAtBothEnds) {
  // set.seed(90035); x <- sample(rep(1:10, length = 8970)); head(x, 20); tail(x, 10)
  const std::vector<int> folds = RFoldIds(90035, 8970, 10);
  ASSERT_EQ(folds.size(), 8970U);
  EXPECT_EQ(std::vector<int>(folds.begin(), folds.begin() + 20),
            (std::vector<int>{6, 5, 5, 10, 6, 2, 4, 2, 7, 7, 9, 3, 8, 5, 7, 3, 1, 1, 10, 1}));
  EXPECT_EQ(std::vector<int>(folds.end() - 10, folds.end()),
            (std::vector<int>{9, 5, 4, 4, 5, 10, 9, 9, 4, 6}));
}

TEST(RFoldIds, EveryFoldGetsItsShareOfRows) {
  const std::vector<int> folds = RFoldIds(11, 23, 4);
  std::vector<int> counts(5, 0);
  for (int fold : folds) {
    ASSERT_GE(fold, 1);
    ASSERT_LE(fold, 4);
    ++counts[static_cast<std::size_t>(fold)];
  }
  // rep(1:4, length = 23) has six each of 1, 2, 3 and five of 4.
  EXPECT_EQ(counts, (std::vector<int>{0, 6, 6, 6, 5}));
}

TEST(RFoldIds, NonPositiveSizesGiveNoFolds) {
  EXPECT_TRUE(RFoldIds(1, 0, 10).empty());
  EXPECT_TRUE(RFoldIds(1, 10, 0).empty());
}

// The shared data directory: $TOCSIN_DATA_DIR, else ../shared/data beside the
// repository root that CTest passes in TOCSIN_SOURCE_DIR. Empty when neither is known.
std::filesystem::path SharedDataDirectory() {
  if (const char* data = std::getenv("TOCSIN_DATA_DIR"); data != nullptr && *data != '\0') {
    return data;
  }
  if (const char* source = std::getenv("TOCSIN_SOURCE_DIR"); source != nullptr && *source != '\0') {
    return std::filesystem::path(source) / ".." / "shared" / "data";
  }
  return {};
}

TEST(RFoldIds, ReproducesThePublishedEwpTrainingFolds) {
  const std::filesystem::path data = SharedDataDirectory();
  const std::filesystem::path file = data / "ewp" / "derived" / "cv_foldid_train_le2022_seed90035.csv";
  if (data.empty() || !std::filesystem::exists(file)) {
    GTEST_SKIP() << "EWP fold file not found (" << file.string()
                 << "); set TOCSIN_DATA_DIR to the shared data directory to run this test";
  }
  std::ifstream input(file);
  ASSERT_TRUE(input) << file;
  std::string line;
  ASSERT_TRUE(std::getline(input, line));
  ASSERT_EQ(line.substr(line.rfind(',') + 1), "\"foldid\"");
  std::vector<int> expected;
  // The fold id is the last field; country names before it may hold quoted commas.
  while (std::getline(input, line)) {
    if (!line.empty()) expected.push_back(std::stoi(line.substr(line.rfind(',') + 1)));
  }
  ASSERT_EQ(expected.size(), 8970U);
  EXPECT_EQ(RFoldIds(90035, static_cast<int>(expected.size()), 10), expected);
}

}  // namespace
}  // namespace tocsin::forecast
