// Looking up the stable name of an enumerator (private to the access module).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace tocsin::access {

// A name as users type it: '_' and '-' stand for a space, case is ignored.
inline std::string NormaliseName(std::string_view name) {
  std::string normal(name);
  for (char& c : normal) {
    if (c == '_' || c == '-') c = ' ';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return normal;
}

template <typename Enum>
std::string_view NameOf(std::span<const std::pair<Enum, std::string_view>> names, Enum value) {
  const auto found =
      std::find_if(names.begin(), names.end(), [&](const auto& entry) { return entry.first == value; });
  return found == names.end() ? std::string_view("unknown") : found->second;
}

template <typename Enum>
std::optional<Enum> ParseName(std::span<const std::pair<Enum, std::string_view>> names,
                              std::string_view name) {
  const std::string normal = NormaliseName(name);
  for (const auto& [value, text] : names) {
    if (text == normal) return value;
  }
  return std::nullopt;
}

template <typename Enum>
std::optional<Enum> FromStored(std::span<const std::pair<Enum, std::string_view>> names,
                               std::int64_t stored) {
  for (const auto& [value, text] : names) {
    if (static_cast<std::int64_t>(value) == stored) return value;
  }
  return std::nullopt;
}

}  // namespace tocsin::access
