// The sources file (tocsin-sources.toml): where `tocsin fetch` and
// `tocsin monitor --gdelt` download from, so that every URL can be changed
// without a flag on each run.
//
//   [ucdp]
//   urls = ["https://ucdp.uu.se/downloads/ged/ged261-csv.zip",        # fetched in order
//           "https://ucdp.uu.se/downloads/candidateged/GEDEvent_v26_0_10.csv"]
//   [gdelt]
//   urls = ["http://data.gdeltproject.org/gdeltv2/lastupdate.txt"]     # lists `tocsin fetch gdelt` reads
//   update_list = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt" # what `monitor --gdelt` follows
//   [ewp]
//   urls = ["https://.../prepared2024predictors-2025-09-03.csv"]
//
// Every section and key may be left out; what is absent keeps its built-in
// default (sources.h). Anything else is an error that names the file, the line
// and column, the section and key, and what is wrong:
// "sources.toml:2:8: [ucdp] urls: must not be empty (leave the key out for the default)".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/fetch/sources.h"

namespace tocsin::fetch {

// The name looked for beside the database when no file is named.
inline constexpr std::string_view kSourcesFileName = "tocsin-sources.toml";

// Where a setting in effect came from.
enum class SettingOrigin : std::uint8_t { kDefault, kFile, kCommandLine };

// One setting: the URLs in effect (one for update_list) and their origin.
struct UrlSetting {
  std::vector<std::string> urls;
  SettingOrigin origin = SettingOrigin::kDefault;
};

struct SourcesConfig {
  std::string path;                               // the file read; empty when there was none (defaults only)
  UrlSetting ucdp{DefaultUrls(Source::kUcdp)};    // [ucdp] urls
  UrlSetting gdelt{DefaultUrls(Source::kGdelt)};  // [gdelt] urls: file lists for `tocsin fetch gdelt`
  UrlSetting ewp{DefaultUrls(Source::kEwp)};      // [ewp] urls
  // [gdelt] update_list: the one list `tocsin monitor --gdelt` follows.
  UrlSetting gdelt_update_list{{std::string(kGdeltLastUpdateUrl)}};

  // The `urls` setting of `source`.
  UrlSetting& Urls(Source source);
  const UrlSetting& Urls(Source source) const;
};

// Parses the TOML text of a sources file; `file_name` stands for it in errors
// (InvalidArgument: a TOML syntax error with its line and column, an unknown
// section or key, a value of the wrong type, an empty list or URL, a URL that is
// not http:// or https://). The result's `path` is `file_name`.
Result<SourcesConfig> ParseSourcesFile(std::string_view text, std::string_view file_name);

// Reads and parses the sources file at `path`. Errors: NotFound when it cannot
// be opened, or ParseSourcesFile's.
Result<SourcesConfig> LoadSourcesFile(const std::string& path);

// The sources in effect as a sources file, each key preceded by a comment that
// says where it came from; ParseSourcesFile reads it back to the same URLs.
std::string FormatSourcesFile(const SourcesConfig& config);

}  // namespace tocsin::fetch
