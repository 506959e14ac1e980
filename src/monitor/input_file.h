// A file read as a stream of bytes, plain or gzip-compressed (detected from the
// content, not the name), with the position needed for progress reports.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tocsin/core/result.h"

namespace tocsin::monitor {

// Move-only; not thread-safe.
class InputFile {
 public:
  // Errors: NotFound when `path` cannot be opened.
  static Result<InputFile> Open(const std::string& path);

  // Reads up to `size` bytes into `data`; returns 0 at the end of the file.
  // Errors: DataLoss when a gzip stream is corrupt or cut off (the caller names
  // the file and where).
  Result<std::size_t> Read(char* data, std::size_t size);

  // True when the file is gzip-compressed (known after the first Read).
  bool compressed() const;
  // Moves to byte `offset` of a file that is not compressed, so that the next
  // Read starts there. Errors: FailedPrecondition for a compressed file.
  Status Seek(std::uint64_t offset);

  const std::string& path() const { return path_; }
  // Bytes of the file on disk consumed so far, and the file's size: the share
  // done, whether or not the file is compressed.
  std::uint64_t disk_offset() const;
  std::uint64_t disk_size() const { return disk_size_; }

 private:
  struct Closer {
    void operator()(void* file) const;
  };
  InputFile() = default;

  std::string path_;
  std::unique_ptr<void, Closer> file_;  // a zlib gzFile
  std::uint64_t disk_size_ = 0;
};

}  // namespace tocsin::monitor
