// Helpers shared by the fuzz targets: a libFuzzer entry point receives bytes; the
// readers under test want text, a file, or a choice among formats.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace tocsin::fuzz {

// Stops the run the way libFuzzer reports a crash, naming what broke: a property
// of a parser (a round trip, a bound) that does not hold for this input.
[[noreturn]] inline void Violated(const char* what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

// Takes bytes from the front of the input: choices first, then the rest as text.
class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : text_(reinterpret_cast<const char*>(data), size) {}

  std::uint8_t Byte() {
    if (text_.empty()) return 0;
    const auto byte = static_cast<std::uint8_t>(text_.front());
    text_.remove_prefix(1);
    return byte;
  }
  // Up to `count` bytes from the front, as text.
  std::string_view Take(std::size_t count) {
    const std::string_view taken = text_.substr(0, count);
    text_.remove_prefix(taken.size());
    return taken;
  }
  std::string_view Rest() const { return text_; }

 private:
  std::string_view text_;
};

// The process's temporary directory: TMPDIR, else /tmp.
inline std::string ScratchDirectory() {
  const char* directory = std::getenv("TMPDIR");
  return directory != nullptr && *directory != '\0' ? directory : "/tmp";
}

// A file holding `bytes` for readers that open a path, removed when it goes out of
// scope. In ScratchDirectory().
class ScratchFile {
 public:
  ScratchFile(std::string_view bytes, std::string_view suffix) {
    std::string pattern = ScratchDirectory() + "/tocsin-fuzz-XXXXXX" + std::string(suffix);
    const int descriptor = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
    if (descriptor < 0) Violated("cannot create a scratch file");
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(descriptor, bytes.data() + written, bytes.size() - written);
      if (n <= 0) Violated("cannot write the scratch file");
      written += static_cast<std::size_t>(n);
    }
    ::close(descriptor);
    path_ = pattern;
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  ~ScratchFile() { ::unlink(path_.c_str()); }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tocsin::fuzz
