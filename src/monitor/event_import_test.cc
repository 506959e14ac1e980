// The import's bulk load: a large file into a store with fewer events is
// written without the events' secondary indexes, which are built again after.
#include "tocsin/monitor/event_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tocsin/monitor/event_repository.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::monitor {
namespace {

namespace fs = std::filesystem;

class EventImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 fmt::format("tocsin_event_import_test_{}_{}", ::getpid(),
                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    auto store = store::Store::Open("sqlite:" + (directory_ / "tocsin.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(directory_);
  }

  // A UCDP GED file of events `first`..`last`, one-sided, in the CAR (482).
  std::string WriteFile(const std::string& name, int first, int last, int deaths = 1) {
    const fs::path path = directory_ / name;
    std::ofstream out(path);
    out << "id,type_of_violence,date_start,country_id,best\n";
    for (int id = first; id <= last; ++id)
      out << fmt::format("{},3,2013-12-{:02},482,{}\n", id, 1 + id % 28, deaths);
    return path.string();
  }

  // Index name -> its SQL, for the events table.
  std::map<std::string, std::string> EventIndexes() {
    std::map<std::string, std::string> indexes;
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& transaction) {
                      return transaction.Query(
                          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' "
                          "AND sql IS NOT NULL",
                          {}, [&](const store::Row& row) {
                            indexes[row.Text(0)] = row.Text(1);
                            return Status::Ok();
                          });
                    })
                    .ok());
    return indexes;
  }

  fs::path directory_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(EventImportTest, BulkLoadBuildsTheIndexesAgainAsTheMigrationsDefineThem) {
  const auto migrated = EventIndexes();
  ASSERT_EQ(migrated.size(), 2u) << "events_by_place and events_by_date";
  EventImportOptions options;
  options.bulk_load_rows = 100;
  options.batch_rows = 64;  // several commits without the indexes
  std::vector<ImportPhase> phases;
  options.on_progress = [&](const ImportProgress& progress) {
    if (phases.empty() || phases.back() != progress.phase) phases.push_back(progress.phase);
  };
  const auto summary = ImportEventFile(*store_, WriteFile("bulk.csv", 1, 250), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->bulk_load);
  EXPECT_EQ(summary->written.inserted, 250);
  EXPECT_EQ(phases, (std::vector<ImportPhase>{ImportPhase::kChecking, ImportPhase::kWriting,
                                              ImportPhase::kIndexing}));
  EXPECT_EQ(EventIndexes(), migrated);

  // A file smaller than the store's events is written with the indexes kept.
  const auto update = ImportEventFile(*store_, WriteFile("update.csv", 200, 349, 7), options);
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_FALSE(update->bulk_load);
  EXPECT_EQ(update->written.inserted, 99);  // 251..349
  EXPECT_EQ(update->written.updated, 51);   // 200..250, deaths 1 -> 7
  EXPECT_EQ(EventIndexes(), migrated);
  EXPECT_EQ(*CountEvents(*store_), 349);
}

// On the test backend (PostgreSQL too: see POSTGRES_TESTS in CMakeLists.txt): a bulk
// load's check, the load without the indexes and their rebuild.
TEST_F(EventImportTest, BulkLoadWorksOnTheTestBackend) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EventImportOptions options;
  options.bulk_load_rows = 100;
  options.batch_rows = 64;
  const auto summary = ImportEventFile(**store, WriteFile("bulk.csv", 1, 250), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->bulk_load);
  EXPECT_EQ(summary->written.inserted, 250);
  const auto update = ImportEventFile(**store, WriteFile("update.csv", 200, 349, 7), options);
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_FALSE(update->bulk_load);
  EXPECT_EQ(*CountEvents(**store), 349);
  EXPECT_TRUE(store::testing::DropStore((*store)->url()).ok());
}

TEST_F(EventImportTest, BelowTheThresholdTheIndexesStay) {
  EventImportOptions options;
  options.bulk_load_rows = 1000;
  const auto summary = ImportEventFile(*store_, WriteFile("small.csv", 1, 250), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_FALSE(summary->bulk_load);
  EXPECT_EQ(summary->index_seconds, 0);
}

// An interrupted bulk load leaves the store without the indexes; the next
// import (and `tocsin serve`) builds them.
TEST_F(EventImportTest, TheNextImportRepairsAnInterruptedBulkLoad) {
  const auto migrated = EventIndexes();
  ASSERT_TRUE(store_->Write(DropEventIndexes).ok());
  EXPECT_TRUE(EventIndexes().empty());
  EventImportOptions options;
  options.bulk_load_rows = 0;  // never
  const auto summary = ImportEventFile(*store_, WriteFile("after.csv", 1, 10), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(EventIndexes(), migrated);
  EXPECT_TRUE(RestoreEventIndexes(*store_).ok()) << "nothing to do the second time";
}

Event SampleEvent(const std::string& id, int deaths, bool located) {
  Event event;
  event.source = "ucdp-ged";
  event.source_id = id;
  event.date_start = event.date_end = 16000 + deaths;
  event.country_gw = 482;
  event.violence_type = ViolenceType::kOneSided;
  event.fatalities_best = deaths;
  if (located) {
    event.latitude = 4.5;
    event.longitude = 18.5;
    event.admin1 = "a first-level unit with a name longer than a short string";
    event.actor1 = "an armed group with a long name";
  }
  event.origin = "sample.csv:" + id;
  return event;
}

// A batch prepared into the memory of one written before holds exactly what a
// fresh one would: nothing of the earlier rows is left in it.
TEST(PrepareEvents, ReusingABatchLeavesNothingOfTheLastOne) {
  const std::vector<Event> first = {SampleEvent("1", 10, true), SampleEvent("2", 20, true),
                                    SampleEvent("3", 30, true)};
  const std::vector<Event> second = {SampleEvent("4", 4, false), SampleEvent("4", 5, true)};
  PreparedEvents reused;
  PrepareEvents(first, reused);
  PrepareEvents(second, reused);
  const PreparedEvents fresh = PrepareEvents(second);
  EXPECT_EQ(reused.rows, fresh.rows);
  EXPECT_EQ(reused.last_of_key, (std::vector<bool>{false, true}));
  EXPECT_EQ(reused.size(), 2u);
}

// Many small batches, each prepared into the memory of an earlier one, store
// every row's own values; a key repeated within and across batches keeps its
// last content. Imported again with every key stored, the even ids change.
TEST_F(EventImportTest, RecycledBatchesStoreEveryRowsOwnValues) {
  const auto date_of = [](int id) {
    return id == 7 ? std::string("2013-12-01") : id == 300 ? "2013-12-02" : fmt::format("2013-12-{:02}", 1 + id % 28);
  };
  const auto deaths_of = [](int id, int added) { return (id == 7 ? 1007 : id == 300 ? 1300 : id) + added; };
  const fs::path first = directory_ / "many.csv";
  const fs::path second = directory_ / "again.csv";
  {
    std::ofstream out(first);
    out << "id,type_of_violence,date_start,country_id,best\n";
    for (int id = 1; id <= 300; ++id) out << fmt::format("{},3,2013-12-{:02},482,{}\n", id, 1 + id % 28, id);
    out << "7,3,2013-12-01,482,1007\n";    // 7 again, in a later batch
    out << "300,3,2013-12-02,482,1300\n";  // 300 again, in the same batch
    std::ofstream again(second);
    again << "id,type_of_violence,date_start,country_id,best\n";
    for (int id = 1; id <= 300; ++id) {
      again << fmt::format("{},3,{},482,{}\n", id, date_of(id), deaths_of(id, id % 2 == 0 ? 5000 : 0));
    }
  }
  const auto expect_stored = [&](int added_to_even) {
    std::map<std::string, std::pair<std::int64_t, std::string>> stored;
    ASSERT_TRUE(store_
                    ->Read([&](store::Transaction& transaction) {
                      return transaction.Query("SELECT source_id, fatalities_best, date_start FROM events", {},
                                               [&](const store::Row& row) {
                                                 stored[row.Text(0)] = {row.Integer(1), row.Text(2)};
                                                 return Status::Ok();
                                               });
                    })
                    .ok());
    ASSERT_EQ(stored.size(), 300u);
    for (int id = 1; id <= 300; ++id) {
      const auto& [deaths, date] = stored[std::to_string(id)];
      EXPECT_EQ(deaths, deaths_of(id, id % 2 == 0 ? added_to_even : 0)) << id;
      EXPECT_EQ(date, date_of(id)) << id;
    }
  };
  EventImportOptions options;
  options.batch_rows = 16;
  const auto summary = ImportEventFile(*store_, first.string(), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->written.inserted, 300);
  EXPECT_EQ(summary->written.updated, 1);    // 7, written before in its own batch
  EXPECT_EQ(summary->written.unchanged, 1);  // the first 300, overtaken in the batch
  expect_stored(0);

  const auto update = ImportEventFile(*store_, second.string(), options);
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ(update->written.inserted, 0);
  EXPECT_EQ(update->written.updated, 150);
  EXPECT_EQ(update->written.unchanged, 150);
  expect_stored(5000);
}

TEST_F(EventImportTest, HasFewerEventsThanReadsAtMostTheLimit) {
  ASSERT_TRUE(ImportEventFile(*store_, WriteFile("ten.csv", 1, 10), {}).ok());
  EXPECT_TRUE(*HasFewerEventsThan(*store_, 11));
  EXPECT_FALSE(*HasFewerEventsThan(*store_, 10));
  EXPECT_FALSE(*HasFewerEventsThan(*store_, 3));
}

}  // namespace
}  // namespace tocsin::monitor
