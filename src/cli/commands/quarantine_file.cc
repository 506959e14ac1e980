#include "quarantine_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "command.h"

namespace tocsin::cli {

void QuarantineFile::Add(const std::string& file, const monitor::RejectedRow& row) {
  if (!out_.is_open()) {
    std::error_code ignored;
    const bool fresh = mode_ == Mode::kReplace || !std::filesystem::exists(path_, ignored) ||
                       std::filesystem::file_size(path_, ignored) == 0;
    out_.open(path_, mode_ == Mode::kReplace ? std::ios::trunc : std::ios::app);
    if (fresh) out_ << "file\tline\tcolumn\treason\trow\n";
  }
  out_ << file << '\t' << row.line << '\t' << row.column << '\t' << row.reason << '\t' << row.text << '\n';
  if (mode_ == Mode::kAppend) out_.flush();
  if (!out_ && !warned_) {
    warned_ = true;
    fmt::print(stderr, "tocsin: warning: cannot write rejected rows to {}: {}\n", path_,
               std::strerror(errno));
  }
  ++count_;
}

Status QuarantineFile::CheckWritable() const {
  const std::filesystem::path parent = std::filesystem::absolute(path_).parent_path();
  std::error_code error;
  if (!std::filesystem::is_directory(parent, error)) {
    return InvalidArgumentError(fmt::format(
        "{}: the quarantine file's folder {} does not exist (see --quarantine)", path_, parent.string()));
  }
  if (std::filesystem::is_directory(path_, error)) {
    return InvalidArgumentError(fmt::format("{}: the quarantine file is a folder (see --quarantine)", path_));
  }
  return Status::Ok();
}

std::string DefaultQuarantinePath(const std::string& db) {
  return DatabasePath(db) + ".quarantine.tsv";
}

}  // namespace tocsin::cli
