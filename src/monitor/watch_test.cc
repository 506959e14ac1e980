#include "tocsin/monitor/watch.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "test_fixtures.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/jsonl_format.h"

namespace tocsin::monitor {
namespace {

namespace fs = std::filesystem;
using testing::OneSidedEvent;

constexpr int kSyria = 652;

class DirectoryWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / fmt::format("tocsin-watch-{}", std::random_device()());
    fs::create_directories(directory_);
    database_ = (directory_.parent_path() / (directory_.filename().string() + ".db")).string();
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(directory_);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(database_ + suffix);
  }

  std::unique_ptr<store::Store> Open() {
    auto store = store::Store::Open("sqlite:" + database_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  DirectoryWatch Watch(store::Store& store) {
    WatchOptions options;
    options.import.format = EventFormat::kJsonLines;
    options.rules = testing::WeeklySurgeRule(3);
    return DirectoryWatch(store, directory_.string(), options);
  }

  // Quiet weeks then a surge in the week of 2013-12-02, in `country`.
  void WriteSurge(const std::string& name, int country, const std::string& prefix) {
    std::ofstream out(directory_ / name);
    std::vector<Event> events = {OneSidedEvent(prefix + "1", "2013-11-04", 1),
                                 OneSidedEvent(prefix + "2", "2013-11-11", 1),
                                 OneSidedEvent(prefix + "3", "2013-11-18", 1),
                                 OneSidedEvent(prefix + "4", "2013-11-25", 1)};
    for (int i = 0; i < 4; ++i) events.push_back(OneSidedEvent(fmt::format("{}s{}", prefix, i), "2013-12-03", 5));
    for (Event& event : events) {
      event.country_gw = country;
      out << FormatJsonEvent(event, CountryRegistry::Default()) << "\n";
    }
  }

  fs::path directory_;
  std::string database_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(DirectoryWatchTest, TakesEachFileOnceWhenItHasStoppedChanging) {
  DirectoryWatch watch = Watch(*store_);
  WriteSurge("car.jsonl", testing::kCentralAfricanRepublic, "c");
  WriteSurge(".partial.jsonl", kSyria, "p");
  auto first = watch.Poll();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->empty()) << "a file seen once may still be being written";
  auto second = watch.Poll();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->size(), 1u) << "hidden files are left alone";
  const WatchedFile& file = second->front();
  EXPECT_TRUE(file.status.ok()) << file.status.ToString();
  EXPECT_EQ(file.imported.written.inserted, 8);
  ASSERT_EQ(file.evaluated.alerts.size(), 1u);
  EXPECT_EQ(file.evaluated.saved.raised, 1);
  auto third = watch.Poll();
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->empty());
}

TEST_F(DirectoryWatchTest, ReEvaluatesOnlyTheCountriesANewFileTouches) {
  DirectoryWatch watch = Watch(*store_);
  WriteSurge("car.jsonl", testing::kCentralAfricanRepublic, "c");
  ASSERT_TRUE(watch.Poll().ok());
  ASSERT_TRUE(watch.Poll().ok());
  WriteSurge("syria.jsonl", kSyria, "s");
  ASSERT_TRUE(watch.Poll().ok());
  auto taken = watch.Poll();
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  ASSERT_EQ(taken->size(), 1u);
  const MonitorReport& report = taken->front().evaluated;
  EXPECT_EQ(report.series, 1u) << "one rule on one country";
  ASSERT_EQ(report.alerts.size(), 1u);
  EXPECT_EQ(report.alerts[0].place.country_gw, kSyria);
}

TEST_F(DirectoryWatchTest, RestartedWatchRemembersItsFilesAndTakesChangedOnes) {
  {
    DirectoryWatch watch = Watch(*store_);
    WriteSurge("car.jsonl", testing::kCentralAfricanRepublic, "c");
    ASSERT_TRUE(watch.Poll().ok());
    ASSERT_EQ(watch.Poll()->size(), 1u);
  }
  store_ = Open();  // as after a restart
  DirectoryWatch watch = Watch(*store_);
  ASSERT_TRUE(watch.Poll().ok());
  auto again = watch.Poll();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty()) << "remembered by name, size and modification time";

  // The same file grows: it is taken again, and only the new rows are written.
  {
    std::ofstream out(directory_ / "car.jsonl", std::ios::app);
    Event event = OneSidedEvent("late", "2013-12-04", 7);
    out << FormatJsonEvent(event, CountryRegistry::Default()) << "\n";
  }
  ASSERT_TRUE(watch.Poll().ok());
  auto grown = watch.Poll();
  ASSERT_TRUE(grown.ok());
  ASSERT_EQ(grown->size(), 1u);
  EXPECT_EQ(grown->front().imported.written.inserted, 1);
  EXPECT_EQ(grown->front().imported.written.unchanged, 8);
}

TEST_F(DirectoryWatchTest, BadFileIsReportedAndTheWatchGoesOn) {
  DirectoryWatch watch = Watch(*store_);
  { std::ofstream(directory_ / "broken.jsonl") << "\x01\x02 not json at all\n"; }
  WriteSurge("car.jsonl", testing::kCentralAfricanRepublic, "c");
  ASSERT_TRUE(watch.Poll().ok());
  auto taken = watch.Poll();
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  ASSERT_EQ(taken->size(), 2u);
  EXPECT_EQ(taken->at(0).name, "broken.jsonl");
  EXPECT_EQ(taken->at(0).imported.written.inserted, 0);
  EXPECT_EQ(taken->at(1).imported.written.inserted, 8);
}

TEST_F(DirectoryWatchTest, RunEndsWhenAskedToStop) {
  WatchOptions options;
  options.import.format = EventFormat::kJsonLines;
  options.rules = testing::WeeklySurgeRule(3);
  options.poll_interval = std::chrono::milliseconds(20);
  int polls_left = 3;
  options.stop = [&] { return polls_left-- <= 0; };
  DirectoryWatch watch(*store_, directory_.string(), options);
  EXPECT_TRUE(watch.Run([](const WatchedFile&) {}).ok());
  DirectoryWatch missing(*store_, (directory_ / "nowhere").string(), options);
  EXPECT_EQ(missing.Run([](const WatchedFile&) {}).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace tocsin::monitor
