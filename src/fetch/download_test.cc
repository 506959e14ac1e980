#include "tocsin/fetch/download.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "loopback_server.h"

namespace tocsin::fetch {
namespace {

namespace fs = std::filesystem;
using testing::LoopbackServer;
using namespace std::chrono_literals;

class DownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() / ("tocsin_download_" + std::to_string(::getpid()) + "_" +
                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::string Path(const std::string& name) const { return (directory_ / name).string(); }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // Fast failure: tests wait fractions of a second, not minutes.
  static DownloadOptions Quick() {
    DownloadOptions options;
    options.connect_timeout = 1s;
    options.read_timeout = 300ms;
    return options;
  }

  fs::path directory_;
  LoopbackServer server_;
};

TEST_F(DownloadTest, StoresTheBodyWithItsSizeAndChecksums) {
  server_.Serve("/data/hello.csv", "hello\n");
  const auto downloaded =
      DownloadFile(server_.Url("/data/hello.csv"), Path("hello.csv"),
                   {.size = 6, .md5 = "B1946AC92492D2347C6235B4D2611184", .sha256 = {}}, Quick());
  ASSERT_TRUE(downloaded.ok()) << downloaded.status().ToString();
  EXPECT_EQ(downloaded->bytes, 6u);
  EXPECT_EQ(downloaded->md5, "b1946ac92492d2347c6235b4d2611184");  // md5sum of "hello\n"
  EXPECT_EQ(downloaded->sha256, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  EXPECT_EQ(Read(Path("hello.csv")), "hello\n");
  EXPECT_FALSE(fs::exists(Path("hello.csv.part")));
}

TEST_F(DownloadTest, BodyOverTheLimitIsRefusedAndLeavesNoFile) {
  DownloadOptions options = Quick();
  options.max_bytes = 1000;
  server_.Serve("/big.csv", std::string(2000, 'x'));
  const auto announced = DownloadFile(server_.Url("/big.csv"), Path("big.csv"), {}, options);
  ASSERT_FALSE(announced.ok());
  EXPECT_NE(announced.status().message().find("larger than the limit of 1000 bytes"), std::string::npos)
      << announced.status().ToString();
  // Without a Content-Length, a body that never ends is cut off at the limit.
  options.max_bytes = 1 << 20;
  server_.Endless("/endless.csv");
  const auto endless = DownloadFile(server_.Url("/endless.csv"), Path("endless.csv"), {}, options);
  ASSERT_FALSE(endless.ok());
  EXPECT_NE(endless.status().message().find("larger than the limit"), std::string::npos)
      << endless.status().ToString();
  EXPECT_FALSE(fs::exists(Path("big.csv")) || fs::exists(Path("big.csv.part")));
  EXPECT_FALSE(fs::exists(Path("endless.csv")) || fs::exists(Path("endless.csv.part")));
}

TEST_F(DownloadTest, CreatesTheFolder) {
  server_.Serve("/a", "x");
  ASSERT_TRUE(DownloadFile(server_.Url("/a"), Path("deep/er/a"), {}, Quick()).ok());
  EXPECT_EQ(Read(Path("deep/er/a")), "x");
}

TEST_F(DownloadTest, NotFoundNamesTheUrlAndStatusAndLeavesNoFile) {
  const auto downloaded = DownloadFile(server_.Url("/missing.zip"), Path("missing.zip"), {}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(downloaded.status().message(), "GET " + server_.Url("/missing.zip") + ": HTTP 404 Not Found");
  EXPECT_FALSE(fs::exists(Path("missing.zip")));
  EXPECT_FALSE(fs::exists(Path("missing.zip.part")));
}

TEST_F(DownloadTest, ServerErrorIsUnavailable) {
  server_.Serve("/list.txt", "x");
  server_.FailNext("/list.txt", 1, 503);
  const auto downloaded = DownloadFile(server_.Url("/list.txt"), Path("list.txt"), {}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(downloaded.status().message().find("HTTP 503 Service Unavailable"), std::string::npos);
}

TEST_F(DownloadTest, TruncatedBodyIsDataLossAndKeepsTheOldFile) {
  std::ofstream(Path("export.zip")) << "the previous download";
  server_.Serve("/export.zip", std::string(1000, 'z'));
  server_.Truncate("/export.zip");
  const auto downloaded = DownloadFile(server_.Url("/export.zip"), Path("export.zip"), {}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(downloaded.status().message(),
            "GET " + server_.Url("/export.zip") + ": truncated body: received 500 of 1000 bytes");
  EXPECT_EQ(Read(Path("export.zip")), "the previous download");
  EXPECT_FALSE(fs::exists(Path("export.zip.part")));
}

TEST_F(DownloadTest, SlowServerTimesOut) {
  server_.Serve("/slow.csv", "late");
  server_.Stall("/slow.csv", 10s);
  const auto start = std::chrono::steady_clock::now();
  const auto downloaded = DownloadFile(server_.Url("/slow.csv"), Path("slow.csv"), {}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(downloaded.status().message().find("timed out: no data for 0.3 s"), std::string::npos)
      << downloaded.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_FALSE(fs::exists(Path("slow.csv.part")));
}

TEST_F(DownloadTest, ChecksumMismatchKeepsTheOldFile) {
  std::ofstream(Path("hello.csv")) << "old";
  server_.Serve("/hello.csv", "hello\n");
  const auto downloaded =
      DownloadFile(server_.Url("/hello.csv"), Path("hello.csv"),
                   {.size = {}, .md5 = "00000000000000000000000000000000", .sha256 = {}}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(downloaded.status().message(),
            "GET " + server_.Url("/hello.csv") +
                ": checksum mismatch: MD5 is b1946ac92492d2347c6235b4d2611184, expected "
                "00000000000000000000000000000000");
  EXPECT_EQ(Read(Path("hello.csv")), "old");
}

TEST_F(DownloadTest, SizeMismatchIsDataLoss) {
  server_.Serve("/hello.csv", "hello\n");
  const auto downloaded = DownloadFile(server_.Url("/hello.csv"), Path("hello.csv"),
                                       {.size = 7, .md5 = {}, .sha256 = {}}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_NE(downloaded.status().message().find("size mismatch: received 6 bytes, expected 7"),
            std::string::npos);
}

TEST_F(DownloadTest, RefusedConnectionIsUnavailable) {
  std::string url;
  {
    LoopbackServer gone;
    url = gone.Url("/x");
  }
  const auto downloaded = DownloadFile(url, Path("x"), {}, Quick());
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(downloaded.status().message().find("cannot connect"), std::string::npos)
      << downloaded.status().message();
}

TEST_F(DownloadTest, ReportsProgressWithTheTotal) {
  constexpr std::size_t kSize = 1 << 20;
  server_.Serve("/big", std::string(kSize, 'b'));
  DownloadOptions options = Quick();
  std::uint64_t last_bytes = 0;
  std::uint64_t total = 0;
  int calls = 0;
  bool done = false;
  options.on_progress = [&](const DownloadProgress& progress) {
    EXPECT_GE(progress.bytes, last_bytes);
    last_bytes = progress.bytes;
    total = progress.total;
    done = progress.done;
    ++calls;
  };
  ASSERT_TRUE(DownloadFile(server_.Url("/big"), Path("big"), {}, options).ok());
  EXPECT_GT(calls, 1);
  EXPECT_TRUE(done);
  EXPECT_EQ(last_bytes, kSize);
  EXPECT_EQ(total, kSize);
}

TEST_F(DownloadTest, CancelledDownloadLeavesNoFile) {
  server_.Serve("/big", std::string(std::size_t{1} << 20, 'b'));
  DownloadOptions options = Quick();
  options.cancelled = [] { return true; };
  const auto downloaded = DownloadFile(server_.Url("/big"), Path("big"), {}, options);
  ASSERT_FALSE(downloaded.ok());
  EXPECT_NE(downloaded.status().message().find("cancelled"), std::string::npos);
  EXPECT_FALSE(fs::exists(Path("big")));
  EXPECT_FALSE(fs::exists(Path("big.part")));
}

TEST_F(DownloadTest, TextRefusesABodyOverTheLimit) {
  server_.Serve("/list.txt", std::string(100, 'l'));
  EXPECT_EQ(*DownloadText(server_.Url("/list.txt"), Quick()), std::string(100, 'l'));
  const auto limited = DownloadText(server_.Url("/list.txt"), Quick(), 10);
  ASSERT_FALSE(limited.ok());
  EXPECT_NE(limited.status().message().find("larger than 10 bytes"), std::string::npos);
}

TEST(DownloadUrl, RefusesWhatIsNotHttp) {
  const auto downloaded = DownloadFile("ftp://example.org/a.zip", "unused");
  ASSERT_FALSE(downloaded.ok());
  EXPECT_EQ(downloaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(downloaded.status().message(), "ftp://example.org/a.zip: not an http:// or https:// URL");
  EXPECT_EQ(DownloadText("http:///path").status().code(), StatusCode::kInvalidArgument);
}

TEST(DownloadUrl, FileNameIsTheLastSegment) {
  EXPECT_EQ(FileNameOfUrl("http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip"),
            "20150218230000.export.CSV.zip");
  EXPECT_EQ(FileNameOfUrl("https://ucdp.uu.se/downloads/ged/ged261-csv.zip?x=1#y"), "ged261-csv.zip");
  EXPECT_EQ(FileNameOfUrl("https://example.org/a b/c d.csv"), "c_d.csv");
  EXPECT_EQ(FileNameOfUrl("https://example.org"), "download");
  EXPECT_EQ(FileNameOfUrl("https://example.org/.."), "download");
}

}  // namespace
}  // namespace tocsin::fetch
