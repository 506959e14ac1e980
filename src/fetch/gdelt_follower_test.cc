#include "tocsin/fetch/gdelt_follower.h"

#include <gtest/gtest.h>

#include "fetch_fixture.h"
#include "tocsin/fetch/fetch_log.h"

namespace tocsin::fetch {
namespace {

using std::chrono::milliseconds;
using testing::FetchTest;

class FollowerTest : public FetchTest {
 protected:
  // A follower whose waits are recorded instead of slept and whose jitter is fixed.
  FollowOptions Follow() {
    FollowOptions options;
    options.list_url = server_.Url(testing::kLastUpdatePath);
    options.fetch = Options();
    options.interval = milliseconds(900000);
    options.backoff = {
        .initial = milliseconds(1000), .longest = milliseconds(60000), .multiplier = 2, .jitter = 0.5};
    options.sleep = [this](milliseconds wait) { waits_.push_back(wait); };
    options.random = [] { return 0.5; };
    options.log = [this](std::string_view line) { log_.emplace_back(line); };
    return options;
  }

  std::vector<milliseconds> waits_;
  std::vector<std::string> log_;
};

TEST_F(FollowerTest, FetchesEachExportOnceAcrossRestarts) {
  {
    GdeltFollower follower(*store_, Follow());
    const auto report = follower.PollOnce();
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->listed, 1u);
    EXPECT_EQ(report->fetched, 1u);
    EXPECT_EQ(report->events_inserted, 4u);
    const auto again = follower.PollOnce();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->fetched, 0u);
    EXPECT_EQ(again->known, 1u);
  }
  // A restart: a new process opens the same database.
  OpenStore();
  GdeltFollower restarted(*store_, Follow());
  const auto report = restarted.PollOnce();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->fetched, 0u);
  EXPECT_EQ(report->known, 1u);
  EXPECT_EQ(server_.Requests(testing::kExportPath), 1);
  EXPECT_EQ(server_.Requests(testing::kLastUpdatePath), 3);
  EXPECT_EQ(Count("events"), 4);
}

TEST_F(FollowerTest, BacksOffAfterFailuresThenSucceeds) {
  server_.FailNext(testing::kLastUpdatePath, 2, 503);
  FollowOptions options = Follow();
  options.max_polls = 3;
  GdeltFollower follower(*store_, options);
  ASSERT_TRUE(follower.Run().ok());
  EXPECT_EQ(follower.polls(), 3u);
  EXPECT_EQ(follower.consecutive_failures(), 0);
  // 1 s, then 2 s, each less half of the jitter's share (random 0.5, jitter 0.5).
  EXPECT_EQ(waits_, (std::vector<milliseconds>{milliseconds(750), milliseconds(1500)}));
  EXPECT_EQ(Count("events"), 4);
  ASSERT_GE(log_.size(), 3u);
  EXPECT_NE(log_[0].find("HTTP 503 Service Unavailable (failure 1 in a row; retrying in 0.8 s)"),
            std::string::npos)
      << log_[0];
}

TEST_F(FollowerTest, EachFailureInARowWaitsLonger) {
  server_.FailNext(testing::kLastUpdatePath, 1, 500);
  server_.Truncate(testing::kExportPath);
  FollowOptions options = Follow();
  options.max_polls = 4;
  GdeltFollower follower(*store_, options);
  ASSERT_TRUE(follower.Run().ok());
  // A 500 on the list, then the export cut short three times.
  EXPECT_EQ(waits_, (std::vector<milliseconds>{milliseconds(750), milliseconds(1500), milliseconds(3000)}));
  EXPECT_EQ(follower.consecutive_failures(), 4);
  EXPECT_EQ(Count("events"), 0);
}

TEST_F(FollowerTest, SuccessWaitsTheIntervalAndResetsTheBackoff) {
  server_.FailNext(testing::kLastUpdatePath, 1, 500);
  FollowOptions options = Follow();
  options.max_polls = 4;
  options.sleep = [this](milliseconds wait) {
    waits_.push_back(wait);
    if (wait == milliseconds(900000)) server_.FailNext(testing::kLastUpdatePath, 1, 502);
  };
  GdeltFollower follower(*store_, options);
  ASSERT_TRUE(follower.Run().ok());
  EXPECT_EQ(waits_, (std::vector<milliseconds>{milliseconds(750), milliseconds(900000), milliseconds(750)}));
  EXPECT_EQ(follower.consecutive_failures(), 0);
}

TEST_F(FollowerTest, NewQuarterHourIsFetchedAndDetectorsRun) {
  FollowOptions options = Follow();
  auto rules = monitor::DefaultRules();
  ASSERT_TRUE(rules.ok());
  options.rules = *rules;
  GdeltFollower follower(*store_, options);
  const auto first = follower.PollOnce();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->monitor.has_value());
  // Fifteen minutes later GDELT lists the next file.
  const std::string next = "/gdeltv2/20251130100000.export.CSV.zip";
  server_.ServeFile(next, testing::Fixture("20251130094500.export.CSV.zip"));
  std::string list = LastUpdate();
  list.replace(list.find("20251130094500.export"), 14, "20251130100000");
  server_.Serve(testing::kLastUpdatePath, list);
  const auto second = follower.PollOnce();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->fetched, 1u);
  EXPECT_EQ(server_.Requests(next), 1);
  const auto third = follower.PollOnce();
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->fetched, 0u);
  EXPECT_FALSE(third->monitor.has_value());  // nothing new, nothing to evaluate
}

TEST_F(FollowerTest, StopEndsTheLoopBetweenPolls) {
  FollowOptions options = Follow();
  bool stop = false;
  options.stop_requested = [&] { return stop; };
  options.sleep = [&](milliseconds wait) {
    waits_.push_back(wait);
    stop = true;  // SIGTERM arrives while it waits
  };
  GdeltFollower follower(*store_, options);
  ASSERT_TRUE(follower.Run().ok());
  EXPECT_EQ(follower.polls(), 1u);
  EXPECT_EQ(waits_, std::vector<milliseconds>{milliseconds(900000)});
}

TEST_F(FollowerTest, SlowServerIsAFailureNotAHang) {
  server_.Stall(testing::kLastUpdatePath, std::chrono::seconds(10));
  FollowOptions options = Follow();
  options.max_polls = 1;
  GdeltFollower follower(*store_, options);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(follower.Run().ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(follower.consecutive_failures(), 1);
  ASSERT_FALSE(log_.empty());
  EXPECT_NE(log_[0].find("timed out"), std::string::npos) << log_[0];
}

}  // namespace
}  // namespace tocsin::fetch
