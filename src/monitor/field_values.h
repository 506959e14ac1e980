// Parsing of single field values shared by the event readers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tocsin::monitor {

// Leading and trailing spaces and tabs removed. Inline: it runs for every field,
// and most fields have none, which costs one test at each end.
inline std::string_view TrimSpaces(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  if (text.empty() || (!space(text.front()) && !space(text.back()))) return text;
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// A whole number written as an integer or as a real with no fraction ("12",
// "12.0"); false for anything else, including empty text. Inline for the
// common case of a few plain digits; anything else goes to
// ParseGeneralWholeNumber. The result goes through a pointer, not an optional:
// an optional merged from the two paths was spilled to the stack and read back
// whole, a store-forwarding stall on every count of every row.
bool ParseGeneralWholeNumber(std::string_view text, std::int64_t* value);
inline bool ParseWholeNumber(std::string_view text, std::int64_t* value) {
  constexpr std::size_t kInlineDigits = 18;  // below 2^63 whatever the digits
  if (text.empty() || text.size() > kInlineDigits) return ParseGeneralWholeNumber(text, value);
  std::int64_t number = 0;
  for (const char c : text) {
    const auto digit = static_cast<unsigned>(c - '0');
    if (digit > 9) return ParseGeneralWholeNumber(text, value);
    number = number * 10 + digit;
  }
  *value = number;
  return true;
}
inline std::optional<std::int64_t> ParseWholeNumber(std::string_view text) {
  std::int64_t value = 0;
  if (!ParseWholeNumber(text, &value)) return std::nullopt;
  return value;
}

// A finite real number; nullopt for anything else.
std::optional<double> ParseReal(std::string_view text);

// True for text a source writes for a missing value: empty, "NA", "NULL".
// Inline: it runs for every field a reader looks at.
inline bool IsMissingTrimmedText(std::string_view text) {  // text without spaces around it
  return text.empty() || (text.front() == 'N' && (text == "NA" || text == "NULL"));
}
inline bool IsMissingText(std::string_view text) {
  return IsMissingTrimmedText(TrimSpaces(text));
}

// The fields joined by `delimiter`, cut to a few hundred bytes: enough for a
// person to find the row in the quarantine file.
std::string AbbreviateRow(std::span<const std::string_view> fields, char delimiter);

}  // namespace tocsin::monitor
