#include "tocsin/fetch/sources.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fetch_fixture.h"
#include "tocsin/fetch/fetch_log.h"

namespace tocsin::fetch {
namespace {

namespace fs = std::filesystem;
using testing::FetchTest;

class SourcesTest : public FetchTest {};

std::uint64_t Inserted(const FetchedFile& file) {
  std::uint64_t inserted = 0;
  for (const auto& summary : file.events) inserted += summary.written.inserted;
  return inserted;
}

TEST_F(SourcesTest, UcdpDownloadsUnpacksAndImportsGedAndCandidates) {
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kGedPath), server_.Url(testing::kCandidatePath)};
  std::vector<FetchedFile> files;
  const Status status =
      FetchSource(*store_, Source::kUcdp, options, [&](const FetchedFile& f) { files.push_back(f); });
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(Inserted(files[0]), 3u);  // the yearly release, from inside its zip
  EXPECT_EQ(Inserted(files[1]), 2u);  // the monthly candidates
  EXPECT_EQ(Count("events"), 5);
  EXPECT_TRUE(fs::exists(folder_ / "downloads/ucdp/ged261-csv.zip"));
  // The unpacked CSV and its folder are removed once imported.
  EXPECT_FALSE(fs::exists(folder_ / "downloads/ucdp/ged261-csv.unpacked"));
  const auto record = FindFetched(*store_, options.urls[0]);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_TRUE((*record)->imported_at.has_value());
  EXPECT_EQ((*record)->bytes, fs::file_size(testing::Fixture("ged261-csv.zip")));

  // Again: the same releases change nothing.
  files.clear();
  ASSERT_TRUE(
      FetchSource(*store_, Source::kUcdp, options, [&](const FetchedFile& f) { files.push_back(f); }).ok());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(files[0].events[0].already_imported);
  EXPECT_TRUE(files[1].events[0].already_imported);
  EXPECT_EQ(Count("events"), 5);
}

TEST_F(SourcesTest, GdeltFetchesTheListedExportCheckedBySizeAndMd5) {
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kLastUpdatePath)};
  std::vector<FetchedFile> files;
  ASSERT_TRUE(
      FetchSource(*store_, Source::kGdelt, options, [&](const FetchedFile& f) { files.push_back(f); }).ok());
  ASSERT_EQ(files.size(), 1u);  // the export; mentions and GKG are not events
  EXPECT_TRUE(files[0].checksum_checked);
  EXPECT_EQ(files[0].url, server_.Url(testing::kExportPath));
  EXPECT_EQ(Inserted(files[0]), 4u);  // six rows: a visit and a place outside every state are filtered
  EXPECT_EQ(Count("events"), 4);

  files.clear();
  ASSERT_TRUE(
      FetchSource(*store_, Source::kGdelt, options, [&](const FetchedFile& f) { files.push_back(f); }).ok());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(files[0].already_fetched);
  EXPECT_EQ(server_.Requests(testing::kExportPath), 1);
}

TEST_F(SourcesTest, GdeltChecksumMismatchImportsNothing) {
  std::string list = LastUpdate();
  list.replace(list.find("3eb71dc5"), 8, "00000000");
  server_.Serve(testing::kLastUpdatePath, list);
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kLastUpdatePath)};
  const Status status = FetchSource(*store_, Source::kGdelt, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("GET " + server_.Url(testing::kExportPath) +
                                  ": checksum mismatch: MD5 is 3eb71dc5"),
            std::string::npos)
      << status.message();
  EXPECT_EQ(Count("events"), 0);
  EXPECT_EQ(Count("fetched_files"), 0);
  EXPECT_FALSE(fs::exists(folder_ / "downloads/gdelt/20251130094500.export.CSV.zip"));
}

TEST_F(SourcesTest, GdeltTruncatedExportImportsNothing) {
  server_.Truncate(testing::kExportPath);
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kLastUpdatePath)};
  const Status status = FetchSource(*store_, Source::kGdelt, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("truncated body: received 245 of 491 bytes"), std::string::npos)
      << status.message();
  EXPECT_EQ(Count("events"), 0);
}

TEST_F(SourcesTest, GdeltListThatIsNotAListIsRefused) {
  server_.Serve(testing::kLastUpdatePath, "<html><body>maintenance</body></html>\n");
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kLastUpdatePath)};
  const Status status = FetchSource(*store_, Source::kGdelt, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            server_.Url(testing::kLastUpdatePath) + ":1: fewer than three fields (expected 'SIZE MD5 URL')");
}

TEST_F(SourcesTest, EwpImportsThePanelOnce) {
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kPanelPath)};
  std::vector<FetchedFile> files;
  ASSERT_TRUE(
      FetchSource(*store_, Source::kEwp, options, [&](const FetchedFile& f) { files.push_back(f); }).ok());
  ASSERT_EQ(files.size(), 1u);
  ASSERT_TRUE(files[0].panel.has_value());
  EXPECT_FALSE(files[0].panel->already_present);
  files.clear();
  ASSERT_TRUE(
      FetchSource(*store_, Source::kEwp, options, [&](const FetchedFile& f) { files.push_back(f); }).ok());
  EXPECT_TRUE(files[0].panel->already_present);
}

TEST_F(SourcesTest, EwpPanelWithoutTheModelColumnsIsRefused) {
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kPanelPath)};
  options.panel.required_columns = {"x1", "widetargeting"};
  const Status status = FetchSource(*store_, Source::kEwp, options);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("widetargeting"), std::string::npos) << status.message();
}

TEST_F(SourcesTest, ExpectedChecksumOfASingleUrlIsChecked) {
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kPanelPath)};
  options.expected.sha256 = std::string(64, '0');
  const Status status = FetchSource(*store_, Source::kEwp, options);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("checksum mismatch: SHA-256"), std::string::npos) << status.message();
}

TEST_F(SourcesTest, MissingReleaseNamesTheUrl) {
  FetchOptions options = Options();
  options.urls = {server_.Url("/downloads/ged/ged991-csv.zip")};
  const Status status = FetchSource(*store_, Source::kUcdp, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "GET " + options.urls[0] + ": HTTP 404 Not Found");
}

TEST_F(SourcesTest, NoImportOnlyDownloads) {
  FetchOptions options = Options();
  options.urls = {server_.Url(testing::kGedPath)};
  options.import = false;
  ASSERT_TRUE(FetchSource(*store_, Source::kUcdp, options).ok());
  EXPECT_EQ(Count("events"), 0);
  EXPECT_TRUE(fs::exists(folder_ / "downloads/ucdp/ged261-csv.zip"));
}

TEST(Sources, DefaultsAreThePublicReleases) {
  EXPECT_EQ(DefaultUrls(Source::kGdelt),
            std::vector<std::string>{"http://data.gdeltproject.org/gdeltv2/lastupdate.txt"});
  EXPECT_EQ(DefaultUrls(Source::kUcdp).size(), 2u);
  EXPECT_EQ(ParseSource("ewp"), Source::kEwp);
  EXPECT_FALSE(ParseSource("acled").has_value());
}

}  // namespace
}  // namespace tocsin::fetch
