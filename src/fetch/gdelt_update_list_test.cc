#include "tocsin/fetch/gdelt_update_list.h"

#include <gtest/gtest.h>

#include "test_paths.h"

namespace tocsin::fetch {
namespace {

TEST(GdeltList, ReadsLastUpdateAsPublished) {
  const auto entries = ParseGdeltList(testing::ReadAll(testing::Fixture("lastupdate.txt")), "lastupdate.txt");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  const GdeltListEntry& first = (*entries)[0];
  EXPECT_EQ(first.size, 491u);
  EXPECT_EQ(first.md5, "3eb71dc5affbc6178c944c6fa5e1475b");
  EXPECT_EQ(first.url, "http://data.gdeltproject.org/gdeltv2/20251130094500.export.CSV.zip");
  EXPECT_EQ(first.timestamp, "20251130094500");
  EXPECT_EQ(first.table, GdeltTable::kExport);
  EXPECT_EQ((*entries)[1].table, GdeltTable::kMentions);
  EXPECT_EQ((*entries)[2].table, GdeltTable::kGkg);
}

TEST(GdeltList, ToleratesCarriageReturnsAndBlankLines) {
  const auto entries = ParseGdeltList(
      "\r\n150383 297A16B493DE7CF6CA809A7CC31D0B93 "
      "http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\r\n\n",
      "list");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].md5, "297a16b493de7cf6ca809a7cc31d0b93");
}

TEST(GdeltList, ErrorsNameTheLineAndWhatIsWrong) {
  const std::string good = "1 297a16b493de7cf6ca809a7cc31d0b93 http://h/20150218230000.export.CSV.zip\n";
  struct Case {
    std::string line;
    std::string error;
  };
  const Case cases[] = {
      {"150383 297a16b493de7cf6ca809a7cc31d0b93",
       "list:2: fewer than three fields (expected 'SIZE MD5 URL')"},
      {"15x 297a16b493de7cf6ca809a7cc31d0b93 http://h/a.zip",
       "list:2: size '15x' is not a number (expected 'SIZE MD5 URL')"},
      {"1 297a16b4 http://h/a.zip", "list:2: '297a16b4' is not an MD5 checksum (expected 'SIZE MD5 URL')"},
      {"1 297a16b493de7cf6ca809a7cc31d0b93 ftp://h/a.zip",
       "list:2: 'ftp://h/a.zip' is not an http(s) URL (expected 'SIZE MD5 URL')"},
      {"<html>", "list:2: fewer than three fields (expected 'SIZE MD5 URL')"},
  };
  for (const Case& test : cases) {
    const auto entries = ParseGdeltList(good + test.line + "\n", "list");
    ASSERT_FALSE(entries.ok()) << test.line;
    EXPECT_EQ(entries.status().message(), test.error);
  }
}

TEST(GdeltList, SelectsExportsWithinTimestampsOldestFirst) {
  const auto entries = ParseGdeltList(
      "3 297a16b493de7cf6ca809a7cc31d0b93 http://h/20250102000000.export.CSV.zip\n"
      "1 297a16b493de7cf6ca809a7cc31d0b93 http://h/20241231234500.export.CSV.zip\n"
      "2 297a16b493de7cf6ca809a7cc31d0b93 http://h/20250101000000.export.CSV.zip\n"
      "2 297a16b493de7cf6ca809a7cc31d0b93 http://h/20250101000000.mentions.CSV.zip\n",
      "masterfilelist.txt");
  ASSERT_TRUE(entries.ok());
  const auto all = SelectGdeltFiles(*entries, GdeltTable::kExport);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].timestamp, "20241231234500");
  EXPECT_EQ(all[2].timestamp, "20250102000000");
  const auto in2025 = SelectGdeltFiles(*entries, GdeltTable::kExport, "2025", "2025");
  ASSERT_EQ(in2025.size(), 2u);
  EXPECT_EQ(in2025[0].timestamp, "20250101000000");
  EXPECT_EQ(SelectGdeltFiles(*entries, GdeltTable::kExport, {}, "20250101").size(), 2u);
  EXPECT_EQ(SelectGdeltFiles(*entries, GdeltTable::kMentions).size(), 1u);
}

}  // namespace
}  // namespace tocsin::fetch
