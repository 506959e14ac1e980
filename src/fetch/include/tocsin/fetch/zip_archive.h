// Reading zip archives (GDELT's 15-minute exports and UCDP's releases are zips).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::fetch {

struct ZipOptions {
  // A member that inflates beyond this is refused (a zip bomb, or not a data file).
  std::uint64_t max_member_bytes = std::uint64_t{8} << 30;
};

struct ExtractedFile {
  std::string member;  // the name inside the archive
  std::string path;    // where it was written
  std::uint64_t bytes = 0;
};

// Extracts every file of the archive at `zip_path` into `directory` (created if
// needed), flat: a member's folders are dropped and its name made safe, so no
// member can write outside `directory`. All members are written to NAME.part and
// checked (CRC-32) first; only when every one is complete are they renamed, so
// an archive is extracted whole or not at all. Errors: DataLoss naming the
// archive (and member) when it is not a zip, is cut off or fails its CRC;
// InvalidArgument for an oversized member; IoError when a file cannot be written.
// Thread-compatible.
Result<std::vector<ExtractedFile>> ExtractZip(const std::string& zip_path, const std::string& directory,
                                              const ZipOptions& options = {});

}  // namespace tocsin::fetch
