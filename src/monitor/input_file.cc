#include "input_file.h"

#include <fmt/format.h>
#include <zlib.h>

#include <climits>
#include <filesystem>

namespace tocsin::monitor {
namespace {

// zlib's own buffer; larger than its 8 KiB default so that inflate runs in long stretches.
constexpr unsigned kZlibBufferBytes = 1U << 18;

gzFile Handle(void* file) { return static_cast<gzFile>(file); }

}  // namespace

void InputFile::Closer::operator()(void* file) const { gzclose(Handle(file)); }

Result<InputFile> InputFile::Open(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return NotFoundError(fmt::format("{}: is a directory", path));
  gzFile handle = gzopen(path.c_str(), "rb");
  if (handle == nullptr) return NotFoundError(fmt::format("{}: cannot open file", path));
  gzbuffer(handle, kZlibBufferBytes);
  InputFile file;
  file.path_ = path;
  file.file_.reset(handle);
  const auto size = std::filesystem::file_size(path, error);
  file.disk_size_ = error ? 0 : size;
  return file;
}

Result<std::size_t> InputFile::Read(char* data, std::size_t size) {
  constexpr std::size_t kLargestRead = INT_MAX;
  const int got = gzread(Handle(file_.get()), data, static_cast<unsigned>(std::min(size, kLargestRead)));
  int code = Z_OK;
  const char* message = gzerror(Handle(file_.get()), &code);
  if (got < 0 || (code != Z_OK && code != Z_BUF_ERROR)) {
    return DataLossError(fmt::format("corrupt compressed data: {}", message));
  }
  // Z_BUF_ERROR at the end means the input ended inside a gzip stream.
  if (got == 0 && code == Z_BUF_ERROR) {
    return DataLossError("the compressed file is cut off (truncated gzip stream)");
  }
  return static_cast<std::size_t>(got);
}

bool InputFile::compressed() const {
  return gzdirect(Handle(file_.get())) == 0;
}

Status InputFile::Seek(std::uint64_t offset) {
  if (compressed())
    return FailedPreconditionError(fmt::format("{}: cannot seek in a compressed file", path_));
  if (gzseek(Handle(file_.get()), static_cast<z_off_t>(offset), SEEK_SET) < 0) {
    int code = Z_OK;
    return DataLossError(
        fmt::format("{}: cannot seek to byte {}: {}", path_, offset, gzerror(Handle(file_.get()), &code)));
  }
  return Status::Ok();
}

std::uint64_t InputFile::disk_offset() const {
  const z_off_t offset = gzoffset(Handle(file_.get()));
  return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

}  // namespace tocsin::monitor
