// The text files and lists Tocsin reads as configuration or from the network:
// escalation rules (TOML), the sources file (TOML) and GDELT's file lists. Any
// bytes give a result or an error naming the file; what the sources file accepts
// must come back the same through its own written form. The first byte chooses.
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "tocsin/fetch/gdelt_update_list.h"
#include "tocsin/fetch/sources_file.h"
#include "tocsin/monitor/rules.h"

namespace {

void ExpectNamesFile(const tocsin::Status& status, std::string_view file, const char* what) {
  if (status.message().find(file) == std::string::npos) tocsin::fuzz::Violated(what);
}

void Rules(std::string_view text) {
  auto rules = tocsin::monitor::ParseRules(text, "rules.toml");
  if (!rules.ok()) {
    ExpectNamesFile(rules.status(), "rules.toml", "a rules error that does not name the file");
    return;
  }
  for (const auto& rule : *rules) {
    if (rule.name.empty() || rule.detector == nullptr)
      tocsin::fuzz::Violated("a rule without name or detector");
  }
}

bool SameUrls(const tocsin::fetch::SourcesConfig& a, const tocsin::fetch::SourcesConfig& b) {
  return a.ucdp.urls == b.ucdp.urls && a.gdelt.urls == b.gdelt.urls && a.ewp.urls == b.ewp.urls &&
         a.gdelt_update_list.urls == b.gdelt_update_list.urls;
}

void Sources(std::string_view text) {
  auto config = tocsin::fetch::ParseSourcesFile(text, "sources.toml");
  if (!config.ok()) {
    ExpectNamesFile(config.status(), "sources.toml", "a sources error that does not name the file");
    return;
  }
  const std::string written = tocsin::fetch::FormatSourcesFile(*config);
  auto again = tocsin::fetch::ParseSourcesFile(written, "written.toml");
  if (!again.ok()) {
    std::fprintf(stderr, "%s\n%s\n", written.c_str(), again.status().ToString().c_str());
    tocsin::fuzz::Violated("the sources file's written form is refused");
  }
  if (!SameUrls(*config, *again)) tocsin::fuzz::Violated("the sources file's written form changes its URLs");
}

void GdeltList(std::string_view text) {
  auto entries = tocsin::fetch::ParseGdeltList(text, "lastupdate.txt");
  if (!entries.ok()) return;
  for (const auto& entry : *entries) {
    if (entry.md5.size() != 32 || entry.url.empty())
      tocsin::fuzz::Violated("a GDELT list entry without MD5 or URL");
  }
  (void)tocsin::fetch::SelectGdeltFiles(*entries, tocsin::fetch::GdeltTable::kExport, "2015", "2030");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tocsin::fuzz::FuzzInput input(data, size);
  switch (input.Byte() % 3) {
    case 0:
      Rules(input.Rest());
      break;
    case 1:
      Sources(input.Rest());
      break;
    default:
      GdeltList(input.Rest());
      break;
  }
  return 0;
}
