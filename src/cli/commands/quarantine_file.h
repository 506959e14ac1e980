// Rejected event rows, written where a person can find and fix them: one line
// per row with file, line, column, reason and the row abbreviated, under a
// header line. `import events` replaces the file with each run's rejects;
// `monitor --watch` and `fetch` keep adding to it, since they run for a long
// time and each file's rejects matter after the next file arrives.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

#include "tocsin/core/status.h"
#include "tocsin/monitor/event_reader.h"

namespace tocsin::cli {

class QuarantineFile {
 public:
  enum class Mode : std::uint8_t { kReplace, kAppend };

  QuarantineFile(std::string path, Mode mode) : path_(std::move(path)), mode_(mode) {}

  // Opens the file on the first reject (no file when nothing is rejected) and
  // flushes each line, so that a running watch's rejects can be read at once.
  void Add(const std::string& file, const monitor::RejectedRow& row);

  // Refuses a path whose folder does not exist or that is a folder, before any
  // row is read, so that no reject is lost for want of a place to write it.
  Status CheckWritable() const;

  const std::string& path() const { return path_; }
  std::uint64_t count() const { return count_; }

 private:
  std::string path_;
  Mode mode_;
  std::ofstream out_;
  std::uint64_t count_ = 0;
  bool warned_ = false;
};

// DB.quarantine.tsv beside the database file (tocsin-postgres.quarantine.tsv in
// the working directory for a PostgreSQL store).
std::string DefaultQuarantinePath(const std::string& db);

}  // namespace tocsin::cli
