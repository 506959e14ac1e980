#include "tocsin/fetch/zip_archive.h"

#include <fmt/format.h>
#include <unzip.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>

namespace tocsin::fetch {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBufferBytes = std::size_t{1} << 16;
constexpr std::size_t kLongestMemberName = 4096;

// The member's last path segment with characters outside [A-Za-z0-9._-] replaced.
std::string SafeName(std::string_view member) {
  const std::size_t slash = member.find_last_of("/\\");
  std::string name(slash == std::string_view::npos ? member : member.substr(slash + 1));
  for (char& c : name) {
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    if (!safe) c = '_';
  }
  return name;
}

class Archive {
 public:
  explicit Archive(const std::string& path) : handle_(unzOpen64(path.c_str())) {}
  ~Archive() {
    if (handle_ != nullptr) unzClose(handle_);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;
  unzFile get() const { return handle_; }

 private:
  unzFile handle_;
};

// Removes the .part files of an extraction that did not complete.
struct PartFiles {
  std::vector<std::string> paths;
  bool keep = false;
  ~PartFiles() {
    if (keep) return;
    for (const std::string& path : paths) {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  }
};

}  // namespace

Result<std::vector<ExtractedFile>> ExtractZip(const std::string& zip_path, const std::string& directory,
                                              const ZipOptions& options) {
  Archive archive(zip_path);
  if (archive.get() == nullptr) {
    return DataLossError(fmt::format("{}: not a zip archive (or cut off: no central directory)", zip_path));
  }
  std::error_code created;
  fs::create_directories(directory, created);
  if (created) return IoError(fmt::format("{}: cannot create the folder: {}", directory, created.message()));

  std::vector<ExtractedFile> files;
  PartFiles parts;
  std::set<std::string> names;  // safe names taken, so no member overwrites another
  std::vector<char> buffer(kBufferBytes);
  int at = unzGoToFirstFile(archive.get());
  for (; at == UNZ_OK; at = unzGoToNextFile(archive.get())) {
    unz_file_info64 info{};
    char name[kLongestMemberName] = {};
    if (unzGetCurrentFileInfo64(archive.get(), &info, name, sizeof(name) - 1, nullptr, 0, nullptr, 0) !=
        UNZ_OK) {
      return DataLossError(fmt::format("{}: a member's header cannot be read", zip_path));
    }
    const std::string member = name;
    if (member.empty() || member.back() == '/') continue;  // a folder
    const auto fail = [&](std::string_view why) {
      return DataLossError(fmt::format("{}: {}: {}", zip_path, member, why));
    };
    if (info.uncompressed_size > options.max_member_bytes) {
      return InvalidArgumentError(fmt::format("{}: {}: {} bytes when inflated, more than the limit of {}",
                                              zip_path, member, info.uncompressed_size,
                                              options.max_member_bytes));
    }
    std::string safe = SafeName(member);
    if (safe.empty() || safe == "." || safe == "..") safe = "member";
    if (!names.insert(safe).second) {
      return InvalidArgumentError(fmt::format(
          "{}: {}: would be extracted as {}, as an earlier member was; members must differ in name", zip_path,
          member, safe));
    }
    ExtractedFile file{.member = member, .path = (fs::path(directory) / safe).string(), .bytes = 0};
    const std::string part = file.path + ".part";
    if (unzOpenCurrentFile(archive.get()) != UNZ_OK)
      return fail("cannot be opened (unsupported compression?)");
    std::FILE* out = std::fopen(part.c_str(), "wb");
    if (out == nullptr) {
      unzCloseCurrentFile(archive.get());
      return IoError(fmt::format("{}: cannot write: {}", part, std::strerror(errno)));
    }
    parts.paths.push_back(part);
    int read = 0;
    bool written = true;
    while ((read = unzReadCurrentFile(archive.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) >
           0) {
      file.bytes += static_cast<std::uint64_t>(read);
      if (file.bytes > options.max_member_bytes) break;
      if (std::fwrite(buffer.data(), 1, static_cast<std::size_t>(read), out) !=
          static_cast<std::size_t>(read)) {
        written = false;
        break;
      }
    }
    written = std::fclose(out) == 0 && written;
    const int closed = unzCloseCurrentFile(archive.get());
    if (!written) return IoError(fmt::format("{}: cannot write: {}", part, std::strerror(errno)));
    if (file.bytes > options.max_member_bytes) {
      return InvalidArgumentError(fmt::format("{}: {}: inflates beyond the limit of {} bytes", zip_path,
                                              member, options.max_member_bytes));
    }
    if (read < 0)
      return fail(fmt::format("corrupt or cut off after {} bytes (zip error {})", file.bytes, read));
    if (closed == UNZ_CRCERROR) return fail("CRC-32 mismatch: the data is corrupt");
    if (closed != UNZ_OK) return fail(fmt::format("cannot be read to the end (zip error {})", closed));
    if (file.bytes != info.uncompressed_size) {
      return fail(fmt::format("{} bytes inflated, the archive says {}", file.bytes, info.uncompressed_size));
    }
    files.push_back(std::move(file));
  }
  if (at != UNZ_END_OF_LIST_OF_FILE) {
    return DataLossError(fmt::format("{}: the archive's directory is corrupt (zip error {})", zip_path, at));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code error;
    fs::rename(files[i].path + ".part", files[i].path, error);
    if (error) {
      // Whole or not at all: the members already in place go too.
      for (std::size_t placed = 0; placed < i; ++placed) {
        std::error_code ignored;
        fs::remove(files[placed].path, ignored);
      }
      return IoError(fmt::format("{}: cannot rename into place: {}", files[i].path, error.message()));
    }
  }
  parts.keep = true;
  if (files.empty()) return DataLossError(fmt::format("{}: the archive holds no file", zip_path));
  return files;
}

}  // namespace tocsin::fetch
