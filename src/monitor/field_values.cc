#include "field_values.h"

#include <charconv>
#include <cmath>

namespace tocsin::monitor {
namespace {

constexpr std::size_t kAbbreviatedRowBytes = 300;
// Integers up to 2^53 are exact in a double.
constexpr double kLargestExactInteger = 9007199254740992.0;

}  // namespace

bool ParseGeneralWholeNumber(std::string_view text, std::int64_t* value) {
  text = TrimSpaces(text);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  if (const auto [stop, error] = std::from_chars(text.data(), end, *value);
      error == std::errc() && stop == end) {
    return true;
  }
  const std::optional<double> real = ParseReal(text);
  if (!real || *real != std::trunc(*real) || std::abs(*real) > kLargestExactInteger) return false;
  *value = static_cast<std::int64_t>(*real);
  return true;
}

std::optional<double> ParseReal(std::string_view text) {
  text = TrimSpaces(text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string AbbreviateRow(std::span<const std::string_view> fields, char delimiter) {
  std::string row;
  for (std::size_t i = 0; i < fields.size() && row.size() < kAbbreviatedRowBytes; ++i) {
    if (i > 0) row.push_back(delimiter);
    row.append(fields[i].substr(0, kAbbreviatedRowBytes));
  }
  if (row.size() > kAbbreviatedRowBytes) {
    // Cut before a UTF-8 continuation byte, not inside a character.
    constexpr unsigned char kContinuationMask = 0xC0;
    constexpr unsigned char kContinuationTag = 0x80;
    std::size_t cut = kAbbreviatedRowBytes;
    while (cut > 0 && (static_cast<unsigned char>(row[cut]) & kContinuationMask) == kContinuationTag) --cut;
    row.resize(cut);
    row += "...";
  }
  for (char& c : row) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return row;
}

}  // namespace tocsin::monitor
