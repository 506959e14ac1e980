#include "tocsin/fetch/zip_archive.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>

#include "test_paths.h"

namespace tocsin::fetch {
namespace {

namespace fs = std::filesystem;
using testing::Fixture;
using testing::ReadAll;
using testing::ScratchFolder;

// Writes a zip holding `members` (name, content), deflated.
void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members) {
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(zip, nullptr);
  for (const auto& [name, content] : members) {
    zip_fileinfo info{};
    ASSERT_EQ(zipOpenNewFileInZip(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                  Z_DEFAULT_COMPRESSION),
              ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())), ZIP_OK);
    ASSERT_EQ(zipCloseFileInZip(zip), ZIP_OK);
  }
  ASSERT_EQ(zipClose(zip, nullptr), ZIP_OK);
}

TEST(ZipArchive, ExtractsGdeltExport) {
  ScratchFolder folder;
  const auto files = ExtractZip(Fixture("20251130094500.export.CSV.zip"), folder / "out");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].member, "20251130094500.export.CSV");
  EXPECT_EQ((*files)[0].path, folder / "out/20251130094500.export.CSV");
  const std::string text = ReadAll((*files)[0].path);
  EXPECT_EQ((*files)[0].bytes, text.size());
  EXPECT_TRUE(text.starts_with("1270000001\t20251130\t"));
  EXPECT_FALSE(fs::exists(folder / "out/20251130094500.export.CSV.part"));
}

TEST(ZipArchive, MembersCannotEscapeTheFolder) {
  ScratchFolder folder;
  WriteZip(folder / "evil.zip", {{"../../escaped.csv", "a"}, {"nested/dir/inner.csv", "b"}, {"folder/", ""}});
  const auto files = ExtractZip(folder / "evil.zip", folder / "out");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ(ReadAll(folder / "out/escaped.csv"), "a");
  EXPECT_EQ(ReadAll(folder / "out/inner.csv"), "b");
  EXPECT_FALSE(fs::exists(folder.path().parent_path() / "escaped.csv"));
}

// Both members would be written as x.csv: the second would overwrite the first,
// and the first's rename into place then failed after others had been placed.
TEST(ZipArchive, MembersThatWouldShareAFileAreRefusedAndLeaveNothing) {
  ScratchFolder folder;
  WriteZip(folder / "twice.zip", {{"first.csv", "1"}, {"a/x.csv", "2"}, {"b/x.csv", "3"}});
  const auto files = ExtractZip(folder / "twice.zip", folder / "out");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(files.status().message().find("b/x.csv: would be extracted as x.csv"), std::string::npos)
      << files.status().message();
  EXPECT_TRUE(fs::is_empty(folder / "out"));
}

TEST(ZipArchive, NotAZipIsDataLoss) {
  ScratchFolder folder;
  std::ofstream(folder / "page.zip") << "<html>Service Unavailable</html>";
  const auto files = ExtractZip(folder / "page.zip", folder / "out");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(files.status().message(),
            folder / "page.zip" + ": not a zip archive (or cut off: no central directory)");
}

TEST(ZipArchive, CutOffArchiveIsDataLoss) {
  ScratchFolder folder;
  const std::string bytes = ReadAll(Fixture("20251130094500.export.CSV.zip"));
  std::ofstream(folder / "cut.zip", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const auto files = ExtractZip(folder / "cut.zip", folder / "out");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kDataLoss);
}

TEST(ZipArchive, CorruptDataFailsAndLeavesNothing) {
  ScratchFolder folder;
  WriteZip(folder / "good.zip", {{"a.csv", std::string(5000, 'a') + "tail"}});
  std::string bytes = ReadAll(folder / "good.zip");
  // The deflated data starts after the 30-byte local header and the name "a.csv".
  constexpr std::size_t kDataOffset = 30 + 5;
  bytes[kDataOffset + 2] = static_cast<char>(bytes[kDataOffset + 2] ^ 0x5A);
  std::ofstream(folder / "bad.zip", std::ios::binary) << bytes;
  const auto files = ExtractZip(folder / "bad.zip", folder / "out");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(files.status().message().find("a.csv"), std::string::npos) << files.status().message();
  EXPECT_FALSE(fs::exists(folder / "out/a.csv"));
  EXPECT_FALSE(fs::exists(folder / "out/a.csv.part"));
}

TEST(ZipArchive, RefusesAMemberOverTheLimit) {
  ScratchFolder folder;
  WriteZip(folder / "big.zip", {{"big.csv", std::string(100000, '0')}});
  const auto files = ExtractZip(folder / "big.zip", folder / "out", {.max_member_bytes = 1000});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(folder / "out/big.csv"));
}

}  // namespace
}  // namespace tocsin::fetch
