// The readers on the real public extracts in ../shared/data/events (skipped with
// a message when that folder is absent).
#include <gtest/gtest.h>

#include <map>

#include "test_case_file.h"
#include "tocsin/monitor/event_import.h"
#include "tocsin/monitor/event_reader.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::monitor {
namespace {

struct Counts {
  std::size_t events = 0;
  std::size_t rejected = 0;
  std::size_t filtered = 0;
  std::map<ViolenceType, std::size_t> by_type;
  std::int64_t fatalities = 0;
  std::string first_rejection;
};

std::string EventsFile(const std::string& name) {
  return (testing::SharedDataDirectory() / "events" / name).string();
}

#define TOCSIN_REQUIRE_EVENT_FILE(path)                                                               \
  if (!std::filesystem::exists(path)) {                                                               \
    GTEST_SKIP() << (path)                                                                            \
                 << " not found; set TOCSIN_DATA_DIR to the folder holding events/ to run this test"; \
  }

Counts ReadAll(EventFormat format, const std::string& path, const EventReaderOptions& options = {}) {
  Counts counts;
  auto reader = OpenEventReader(format, path, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return counts;
  Event event;
  RejectedRow rejected;
  while (true) {
    const auto outcome = (*reader)->Next(event, rejected);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    if (!outcome.ok() || *outcome == ReadOutcome::kEnd) break;
    if (*outcome == ReadOutcome::kEvent) {
      ++counts.events;
      ++counts.by_type[event.violence_type];
      counts.fatalities += event.fatalities_best.value_or(0);
    } else if (*outcome == ReadOutcome::kRejected) {
      if (counts.rejected++ == 0)
        counts.first_rejection = std::to_string(rejected.line) + " " + rejected.reason;
    } else {
      ++counts.filtered;
    }
  }
  return counts;
}

TEST(RealExtracts, SyriaGed191ReadsEveryRow) {
  const std::string path = EventsFile("ucdp_ged_syria_v19_1.csv.gz");
  TOCSIN_REQUIRE_EVENT_FILE(path);
  const Counts counts = ReadAll(EventFormat::kUcdp, path);
  EXPECT_EQ(counts.events, 16566u);  // PROVENANCE.md
  EXPECT_EQ(counts.rejected, 0u) << counts.first_rejection;
}

TEST(RealExtracts, CentralAfricanRepublicGed231ReadsEveryRowByType) {
  const std::string path = EventsFile("ucdp_ged_v23_1_central_african_republic.csv.gz");
  TOCSIN_REQUIRE_EVENT_FILE(path);
  const Counts counts = ReadAll(EventFormat::kUcdp, path);
  EXPECT_EQ(counts.events, 1848u);
  EXPECT_EQ(counts.rejected, 0u) << counts.first_rejection;
  // type_of_violence counted independently with Python's csv module.
  EXPECT_EQ(counts.by_type.at(ViolenceType::kStateBased), 401u);
  EXPECT_EQ(counts.by_type.at(ViolenceType::kNonState), 371u);
  EXPECT_EQ(counts.by_type.at(ViolenceType::kOneSided), 1076u);
}

TEST(RealExtracts, GdeltSampleAccountsForEveryRow) {
  const std::string path = EventsFile("gdelt2_events_sample_20201113-15.csv.gz");
  const std::string cameo_path = EventsFile("gdelt_cameo_goldstein.tsv");
  TOCSIN_REQUIRE_EVENT_FILE(path);
  auto cameo = CameoTable::Load(cameo_path);
  ASSERT_TRUE(cameo.ok()) << cameo.status().ToString();
  EventReaderOptions options;
  options.cameo = &*cameo;
  const Counts counts = ReadAll(EventFormat::kGdelt, path, options);
  EXPECT_EQ(counts.events + counts.rejected + counts.filtered, 9354u);
  EXPECT_EQ(counts.rejected, 0u) << counts.first_rejection;
  EXPECT_GT(counts.events, 0u);
}

TEST(RealExtracts, ImportingTwiceGivesIdenticalCounts) {
  const std::string syria = EventsFile("ucdp_ged_syria_v19_1.csv.gz");
  const std::string car = EventsFile("ucdp_ged_v23_1_central_african_republic.csv.gz");
  const std::string gdelt = EventsFile("gdelt2_events_sample_20201113-15.csv.gz");
  TOCSIN_REQUIRE_EVENT_FILE(syria);
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok());
  const std::vector<std::pair<EventFormat, std::string>> files = {
      {EventFormat::kUcdp, syria}, {EventFormat::kUcdp, car}, {EventFormat::kGdelt, gdelt}};
  std::vector<std::int64_t> counts;
  int round = 0;
  for (bool reimport : {false, true, false}) {
    ++round;
    for (const auto& [format, path] : files) {
      EventImportOptions options;
      options.format = format;
      options.reimport = reimport;
      const auto summary = ImportEventFile(**store, path, options);
      ASSERT_TRUE(summary.ok()) << summary.status().ToString();
      if (round > 1) {
        // Second and third rounds: row by row (reimport) or by content hash, nothing changes.
        EXPECT_EQ(summary->written.inserted, 0) << path;
        EXPECT_EQ(summary->written.updated, 0) << path;
        EXPECT_EQ(summary->already_imported, !reimport) << path;
      }
    }
    counts.push_back(*CountEvents(**store, std::string("ucdp-ged")));
    counts.push_back(*CountEvents(**store, std::string("gdelt")));
  }
  EXPECT_EQ(counts[0], 16566 + 1848);
  EXPECT_EQ(counts,
            (std::vector<std::int64_t>{counts[0], counts[1], counts[0], counts[1], counts[0], counts[1]}));
}

}  // namespace
}  // namespace tocsin::monitor
