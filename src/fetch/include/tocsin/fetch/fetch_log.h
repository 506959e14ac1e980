// The record of fetched files in the store (table fetched_files): which URL was
// downloaded, its size and checksums, and whether its content was imported. A
// file counts as done only once imported, so a fetch interrupted between the
// download and the import is repeated, never skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/store/store.h"

namespace tocsin::fetch {

struct FetchRecord {
  std::string url;
  std::string source;  // ucdp | gdelt | ewp
  std::string path;
  std::uint64_t bytes = 0;
  std::string md5;
  std::string sha256;
  std::string fetched_at;  // set by RecordFetched when empty
  std::optional<std::string> imported_at;
};

// The record of `url`, or nullopt when it was never fetched. Thread-safe.
Result<std::optional<FetchRecord>> FindFetched(store::Store& store, const std::string& url);

// Inserts or replaces the record of `record.url` (one transaction). With
// `imported` the file is marked imported now. Thread-safe.
Status RecordFetched(store::Store& store, FetchRecord record, bool imported);

// The records of `source`, newest first, at most `limit`.
Result<std::vector<FetchRecord>> ListFetched(store::Store& store, const std::string& source, int limit = 100);

}  // namespace tocsin::fetch
