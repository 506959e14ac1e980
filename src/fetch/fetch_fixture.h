// A loopback server that publishes the fixtures of tests/data/fetch at the paths
// the real sources use, and a store in a scratch folder.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "loopback_server.h"
#include "test_paths.h"
#include "tocsin/fetch/sources.h"
#include "tocsin/store/store.h"

namespace tocsin::fetch::testing {

inline constexpr char kExportPath[] = "/gdeltv2/20251130094500.export.CSV.zip";
inline constexpr char kLastUpdatePath[] = "/gdeltv2/lastupdate.txt";
inline constexpr char kGedPath[] = "/downloads/ged/ged261-csv.zip";
inline constexpr char kCandidatePath[] = "/downloads/candidateged/GEDEvent_v26_0_10.csv";
inline constexpr char kPanelPath[] = "/EarlyWarningProject/HEAD/3.Modeling/prepared2024predictors.csv";

class FetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.ServeFile(kExportPath, Fixture("20251130094500.export.CSV.zip"));
    server_.Serve(kLastUpdatePath, LastUpdate());
    server_.ServeFile(kGedPath, Fixture("ged261-csv.zip"));
    server_.ServeFile(kCandidatePath, Fixture("GEDEvent_v26_0_10.csv"));
    server_.ServeFile(kPanelPath, std::string(TOCSIN_TEST_DATA_DIR) + "/panel_small.csv");
    OpenStore();
  }

  void OpenStore() {
    store_.reset();
    auto store = store::Store::Open("sqlite:" + (folder_ / "tocsin.db"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  // The fixture's lastupdate.txt with its URLs pointing at the loopback server.
  std::string LastUpdate() const {
    std::string text = ReadAll(Fixture("lastupdate.txt"));
    const std::string real = "http://data.gdeltproject.org";
    for (std::size_t at = text.find(real); at != std::string::npos; at = text.find(real, at)) {
      text.replace(at, real.size(), server_.Origin());
    }
    return text;
  }

  FetchOptions Options() const {
    FetchOptions options;
    options.directory = folder_ / "downloads";
    options.download.connect_timeout = std::chrono::seconds(1);
    options.download.read_timeout = std::chrono::milliseconds(300);
    return options;
  }

  std::int64_t Count(const std::string& table) {
    std::int64_t count = -1;
    // Table names come from the tests' own constants, never from input.
    const std::string sql =
        table == "events" ? "SELECT count(*) FROM events" : "SELECT count(*) FROM fetched_files";
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& transaction) {
                      return transaction.Query(sql, {}, [&](const store::Row& row) {
                        count = row.Integer(0);
                        return Status::Ok();
                      });
                    })
                    .ok());
    return count;
  }

  ScratchFolder folder_;
  LoopbackServer server_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace tocsin::fetch::testing
