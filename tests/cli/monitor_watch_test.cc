// `tocsin monitor --watch` run as a process: files dropped into the watched
// directory are imported, and their rejected rows are kept in the quarantine
// file, added to rather than replaced as the next file arrives.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"

namespace tocsin {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr auto kWaitLimit = std::chrono::seconds(60);  // generous: the sanitizer build is slow

std::vector<std::string> Lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Waits until `path` has at least `count` lines; returns them.
std::vector<std::string> WaitForLines(const fs::path& path, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  std::vector<std::string> lines = Lines(path);
  while (lines.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
    lines = Lines(path);
  }
  return lines;
}

// Written as a dot file, then renamed, as the watch's help asks of a writer.
void Drop(const fs::path& directory, const std::string& name, const std::string& text) {
  const fs::path hidden = directory / ("." + name);
  std::ofstream(hidden) << text;
  fs::rename(hidden, directory / name);
}

class MonitorWatch : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("tocsin_watch_" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_ / "incoming");
  }
  void TearDown() override { fs::remove_all(directory_); }

  void StartWatch() {
    watch_.Start({"monitor", "--watch", (directory_ / "incoming").string(), "--source", "ucdp", "--poll",
                  "0.05", "--db", (directory_ / "tocsin.db").string(), "--quarantine", quarantine().string()},
                 (directory_ / "watch.out").string(), (directory_ / "watch.err").string());
  }

  fs::path quarantine() const { return directory_ / "rejected.tsv"; }

  fs::path directory_;
  cli_test::ChildProcess watch_;
};

TEST_F(MonitorWatch, RejectedRowsOfEveryWatchedFileAreKeptInTheQuarantineFile) {
  StartWatch();
  Drop(directory_ / "incoming", "first.csv",
       "id,type_of_violence,date_start,country_id,best\n"
       "5,3,2013-12-05,482,10\n"
       "6,7,2013-12-05,482,10\n");
  std::vector<std::string> lines = WaitForLines(quarantine(), 2);
  ASSERT_EQ(lines.size(), 2U) << "the first file's rejected row never reached the quarantine file";
  EXPECT_EQ(lines[0], "file\tline\tcolumn\treason\trow");
  EXPECT_NE(lines[1].find("first.csv\t3\ttype_of_violence\t"), std::string::npos) << lines[1];

  Drop(directory_ / "incoming", "second.csv",
       "id,type_of_violence,date_start,country_id,best\n"
       "8,1,2013-12-06,482,2\n"
       "9,1,not a date,482,2\n");
  lines = WaitForLines(quarantine(), 3);
  ASSERT_EQ(lines.size(), 3U) << "the second file's rejected row never reached the quarantine file";
  EXPECT_NE(lines[1].find("first.csv"), std::string::npos) << "the first file's reject was replaced";
  EXPECT_NE(lines[2].find("second.csv\t3\tdate_start\t"), std::string::npos) << lines[2];
  EXPECT_EQ(watch_.StopWith(SIGTERM), 0);
  const std::string printed = cli_test::ReadText(directory_ / "watch.out");
  EXPECT_NE(printed.find("rejected rows added to " + quarantine().string()), std::string::npos) << printed;
}

TEST_F(MonitorWatch, QuarantineInAMissingFolderIsRefusedBeforeWatching) {
  const char* binary = std::getenv("TOCSIN_BINARY");
  const std::string command =
      std::string(binary ? binary : "tocsin") + " monitor --watch " + (directory_ / "incoming").string() +
      " --db " + (directory_ / "tocsin.db").string() + " --quarantine " +
      (directory_ / "no-such-folder" / "q.tsv").string() + " 2>" + (directory_ / "err").string();
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string error = cli_test::ReadText(directory_ / "err");
  EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(directory_ / "tocsin.db")) << "a refused watch created a database";
}

}  // namespace
}  // namespace tocsin
