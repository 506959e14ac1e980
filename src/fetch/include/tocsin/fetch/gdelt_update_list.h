// GDELT 2.0's file lists: lastupdate.txt (the files of the latest 15 minutes)
// and masterfilelist.txt (every file since 2015) share one line format,
//
//   SIZE MD5 URL
//   150383 297a16b493de7cf6ca809a7cc31d0b93
//   http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip
//
// size in bytes and MD5 of the zip as published, separated by single spaces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::fetch {

enum class GdeltTable : std::uint8_t { kExport, kMentions, kGkg, kOther };

struct GdeltListEntry {
  std::uint64_t size = 0;
  std::string md5;  // lower-case hex
  std::string url;
  std::string timestamp;  // YYYYMMDDHHMMSS from the file name, or empty
  GdeltTable table = GdeltTable::kOther;
};

// Parses a list. Blank lines are skipped; any other line that is not
// "SIZE MD5 URL" is an error naming `list_name`, the line and what is wrong
// (a list cut off in transfer must not be half-used).
Result<std::vector<GdeltListEntry>> ParseGdeltList(std::string_view text, std::string_view list_name);

// The entries of `table` whose timestamp is within [from, to] (prefixes of
// YYYYMMDDHHMMSS: "2025" or "20250101"; empty for no bound), oldest first.
std::vector<GdeltListEntry> SelectGdeltFiles(const std::vector<GdeltListEntry>& entries, GdeltTable table,
                                             std::string_view from = {}, std::string_view to = {});

}  // namespace tocsin::fetch
