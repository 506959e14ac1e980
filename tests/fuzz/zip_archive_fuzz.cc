// A zip archive as downloaded (UCDP's releases, GDELT's exports): any bytes are
// extracted whole or not at all. Refused, the archive leaves nothing in the folder
// and the error names it; extracted, the folder holds exactly the files returned,
// each inside it, of the size returned, no larger than the limit, with no part
// file left over.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "fuzz_input.h"
#include "tocsin/fetch/zip_archive.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tocsin;
  using namespace tocsin::fuzz;
  FuzzInput input(data, size);
  static constexpr std::uint64_t kLimits[] = {std::uint64_t{8} << 30, 0, 1, 100, 4096};
  const fetch::ZipOptions options{.max_member_bytes = kLimits[input.Byte() % std::size(kLimits)]};
  const ScratchFile archive(input.Rest(), ".zip");
  const std::string directory = archive.path() + ".d";
  const auto extracted = fetch::ExtractZip(archive.path(), directory, options);

  std::set<std::string> present;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) present.insert(entry.path().string());
  if (!extracted.ok()) {
    if (extracted.status().message().find(archive.path()) == std::string::npos) {
      std::fprintf(stderr, "%s\n", extracted.status().ToString().c_str());
      Violated("an error that does not name the archive");
    }
    if (!present.empty()) {
      std::fprintf(stderr, "%s\nleft: %s\n", extracted.status().ToString().c_str(), present.begin()->c_str());
      Violated("a refused archive left files behind");
    }
  } else {
    std::set<std::string> returned;
    for (const fetch::ExtractedFile& file : *extracted) {
      if (fs::path(file.path).parent_path() != fs::path(directory))
        Violated("a file written outside the folder");
      if (!returned.insert(file.path).second) Violated("two members returned as one file");
      if (file.bytes > options.max_member_bytes) Violated("a member larger than the limit");
      if (fs::file_size(file.path, error) != file.bytes || error)
        Violated("a file of another size than returned");
    }
    if (returned != present) Violated("the folder holds other files than those returned");
  }
  fs::remove_all(directory, error);
  return 0;
}
