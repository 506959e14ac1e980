// `tocsin fetch` stopped by Ctrl-C or SIGTERM in the middle of a download: the
// download is abandoned, its .part file removed, and the exit says why.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "child_process.h"
#include "loopback_server.h"

namespace tocsin {
namespace {

namespace fs = std::filesystem;

constexpr auto kWaitLimit = std::chrono::seconds(60);  // generous: the sanitizer build is slow

class FetchInterrupted : public ::testing::TestWithParam<int> {};

TEST_P(FetchInterrupted, DownloadInFlightLeavesNoPartFile) {
  const fs::path directory = fs::temp_directory_path() / ("tocsin_fetch_stop_" + std::to_string(::getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  fetch::testing::LoopbackServer server;
  server.Endless("/ged.csv");
  const fs::path downloads = directory / "downloads";
  cli_test::ChildProcess fetch;
  fetch.Start({"fetch", "ucdp", "--url", server.Origin() + "/ged.csv", "--dir", downloads.string(), "--db",
               (directory / "tocsin.db").string()},
              (directory / "out").string(), (directory / "err").string());
  const fs::path part = downloads / "ucdp" / "ged.csv.part";
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  // file_size with an error_code answers -1 for a missing file.
  auto downloaded = [&] {
    std::error_code error;
    const auto size = fs::file_size(part, error);
    return error ? 0 : size;
  };
  while (downloaded() < (1U << 20) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(downloaded(), 1U << 20) << "the download never started: "
                                    << cli_test::ReadText(directory / "err");

  EXPECT_EQ(fetch.StopWith(GetParam()), 1);
  EXPECT_FALSE(fs::exists(part)) << "the abandoned download's .part file was left behind";
  const std::string error = cli_test::ReadText(directory / "err");
  EXPECT_NE(error.find("cancelled after"), std::string::npos) << error;
  fs::remove_all(directory);
}

INSTANTIATE_TEST_SUITE_P(Signals, FetchInterrupted, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == SIGINT ? std::string("Interrupt") : std::string("Terminate");
                         });

}  // namespace
}  // namespace tocsin
