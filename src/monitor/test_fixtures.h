// Events and rules the monitor's tests build on (only the tests include this).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tocsin/monitor/event.h"
#include "tocsin/monitor/rules.h"

namespace tocsin::monitor::testing {

// A file in the temporary directory holding `content`, removed when it goes.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& content) {
    path_ = (std::filesystem::temp_directory_path() /
             ("tocsin_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".csv"))
                .string();
    std::ofstream(path_, std::ios::binary) << content;
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  ~ScratchFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

inline constexpr int kCentralAfricanRepublic = 482;

// A one-sided event in the Central African Republic from source "test".
Event OneSidedEvent(const std::string& id, const std::string& date, std::int64_t fatalities);

// One rule: surge of weekly one-sided events by country, ratio 2 over 4 weeks.
std::vector<Rule> WeeklySurgeRule(int minimum);

}  // namespace tocsin::monitor::testing
