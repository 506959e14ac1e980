// Parsing of single field values shared by the event readers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tocsin::monitor {

// Leading and trailing spaces and tabs removed. Inline: it runs for every field.
inline std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A whole number written as an integer or as a real with no fraction ("12",
// "12.0"); nullopt for anything else, including empty text. Inline for the
// common case of a few plain digits; anything else goes to ParseGeneralWholeNumber.
std::optional<std::int64_t> ParseGeneralWholeNumber(std::string_view text);
inline std::optional<std::int64_t> ParseWholeNumber(std::string_view text) {
  constexpr std::size_t kInlineDigits = 18;  // below 2^63 whatever the digits
  if (text.empty() || text.size() > kInlineDigits) return ParseGeneralWholeNumber(text);
  std::int64_t value = 0;
  for (const char c : text) {
    const auto digit = static_cast<unsigned>(c - '0');
    if (digit > 9) return ParseGeneralWholeNumber(text);
    value = value * 10 + digit;
  }
  return value;
}

// A finite real number; nullopt for anything else.
std::optional<double> ParseReal(std::string_view text);

// True for text a source writes for a missing value: empty, "NA", "NULL".
// Inline: it runs for every field a reader looks at.
inline bool IsMissingText(std::string_view text) {
  text = TrimSpaces(text);
  return text.empty() || (text.front() == 'N' && (text == "NA" || text == "NULL"));
}

// The fields joined by `delimiter`, cut to a few hundred bytes: enough for a
// person to find the row in the quarantine file.
std::string AbbreviateRow(std::span<const std::string_view> fields, char delimiter);

}  // namespace tocsin::monitor
