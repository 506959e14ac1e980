// A country-year panel file (EWP's prepared predictors and any panel a user
// imports): any bytes give a panel or an error that names the file. A panel read
// has keys in range that find their own row, years within its first and last,
// values that are numbers or missing, and comes back the same when written out as
// CSV and read again.
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "tocsin/core/panel.h"

namespace tocsin::fuzz {
namespace {

std::string Quoted(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

// The panel as CSV: the country column first, then every variable (the code and
// year among them), numbers exact, missing as NA.
std::string Write(const Panel& panel) {
  std::string text = Quoted("ewp_name");
  for (const std::string& variable : panel.variables()) text += "," + Quoted(variable);
  text += '\n';
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    text += Quoted(panel.key(row).country);
    for (std::size_t variable = 0; variable < panel.variables().size(); ++variable) {
      text += panel.missing(row, variable) ? std::string(",NA")
                                           : fmt::format(",{:.17g}", panel.value(row, variable));
    }
    text += '\n';
  }
  return text;
}

bool SameValue(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) ||
         std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void CheckInvariants(const Panel& panel) {
  if (panel.rows() == 0) Violated("a panel read without rows");
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    const PanelKey& key = panel.key(row);
    if (key.country.empty()) Violated("a row without a country name");
    if (key.cow < 0 || key.cow > 99999 || key.year < 1 || key.year > 9999) Violated("a key out of range");
    if (panel.Find(key.cow, key.year) != static_cast<std::ptrdiff_t>(row))
      Violated("a key that does not find its row");
    if (key.year < panel.first_year() || key.year > panel.last_year()) Violated("a year outside first..last");
    for (std::size_t variable = 0; variable < panel.variables().size(); ++variable) {
      if (std::isinf(panel.value(row, variable))) Violated("an infinite value");
    }
  }
}

void CheckRoundTrip(const Panel& panel) {
  const ScratchFile written(Write(panel), ".csv");
  const auto again = ReadPanelCsv(written.path());
  if (!again.ok()) {
    std::fprintf(stderr, "%s\n", again.status().ToString().c_str());
    Violated("a panel written out does not read back");
  }
  if (again->variables() != panel.variables() || again->rows() != panel.rows()) {
    Violated("a panel written out reads back with other variables or rows");
  }
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    const PanelKey& a = panel.key(row);
    const PanelKey& b = again->key(row);
    if (a.country != b.country || a.cow != b.cow || a.year != b.year)
      Violated("a key changed in the round trip");
    for (std::size_t variable = 0; variable < panel.variables().size(); ++variable) {
      if (!SameValue(panel.value(row, variable), again->value(row, variable))) {
        Violated("a value changed in the round trip");
      }
    }
  }
}

}  // namespace
}  // namespace tocsin::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tocsin;
  using namespace tocsin::fuzz;
  FuzzInput input(data, size);
  const ScratchFile file(input.Rest(), ".csv");
  const auto panel = ReadPanelCsv(file.path());
  if (!panel.ok()) {
    if (panel.status().message().find(file.path()) == std::string::npos) {
      std::fprintf(stderr, "%s\n", panel.status().ToString().c_str());
      Violated("an error that does not name the file");
    }
    return 0;
  }
  CheckInvariants(*panel);
  CheckRoundTrip(*panel);
  return 0;
}
