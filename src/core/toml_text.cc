#include "tocsin/core/toml_text.h"

#include <fmt/format.h>

#include <optional>

namespace tocsin {
namespace {

enum class Context { kBare, kComment, kBasic, kLiteral, kMultiLineBasic, kMultiLineLiteral };

bool IsAscii(char c) {
  return static_cast<unsigned char>(c) < 0x80;
}

// A key or a value may begin after these (or at the start of a line); only there
// does a quote open a string.
bool MayOpenString(char before) {
  return before == '\n' || before == '=' || before == '[' || before == ',' || before == '{' || before == '.';
}

// The code point of the UTF-8 sequence at text[i] and its length, or nullopt when
// the bytes there are not valid UTF-8 (overlong forms and surrogates included).
std::optional<std::pair<char32_t, std::size_t>> DecodeUtf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  std::size_t length = 0;
  char32_t point = 0;
  char32_t least = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, point = lead & 0x1F, least = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, point = lead & 0x0F, least = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, point = lead & 0x07, least = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    point = (point << 6) | (byte(i + k) & 0x3F);
  }
  if (point < least || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) return std::nullopt;
  return std::pair{point, length};
}

}  // namespace

Result<std::string> AsciiTomlText(std::string_view text, std::string_view file_name) {
  std::string out;
  out.reserve(text.size());
  Context context = Context::kBare;
  char before = '\n';  // the last character outside strings that is not a space or tab
  std::size_t line = 1;
  std::size_t column = 0;  // characters on this line before `i`
  const auto refuse = [&](std::string_view why) {
    return InvalidArgumentError(fmt::format("{}:{}:{}: {}", file_name, line, column + 1, why));
  };
  const auto starts = [&](std::size_t i, char quote) {
    return i + 2 < text.size() && text[i] == quote && text[i + 1] == quote && text[i + 2] == quote;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!IsAscii(c)) {
      const auto decoded = DecodeUtf8(text, i);
      if (!decoded) return refuse("invalid UTF-8");
      const auto [point, length] = *decoded;
      switch (context) {
        case Context::kBare:
          return refuse(
              "non-ASCII character outside a string (TOML allows it only inside strings and comments)");
        case Context::kLiteral:
        case Context::kMultiLineLiteral:
          return refuse("non-ASCII character in a single-quoted string: write the string in double quotes");
        case Context::kComment:
          out += '?';
          break;
        case Context::kBasic:
        case Context::kMultiLineBasic:
          out += point <= 0xFFFF ? fmt::format("\\u{:04X}", static_cast<std::uint32_t>(point))
                                 : fmt::format("\\U{:08X}", static_cast<std::uint32_t>(point));
          break;
      }
      i += length;
      ++column;
      continue;
    }
    std::size_t width = 1;  // ASCII bytes consumed at once
    if (c == '\n') {
      ++line;
      column = 0;
      if (context == Context::kComment || context == Context::kBasic || context == Context::kLiteral) {
        context = Context::kBare;  // a comment ends; an unclosed string is toml++'s to report
      }
      if (context == Context::kBare) before = '\n';
      out += c;
      ++i;
      continue;
    }
    switch (context) {
      case Context::kBare:
        if (c == '#') {
          context = Context::kComment;
        } else if (MayOpenString(before) && (c == '"' || c == '\'')) {
          const bool multi_line = starts(i, c);
          context = c == '"' ? (multi_line ? Context::kMultiLineBasic : Context::kBasic)
                             : (multi_line ? Context::kMultiLineLiteral : Context::kLiteral);
          width = multi_line ? 3 : 1;
        } else if (c != ' ' && c != '\t') {
          before = c;
        }
        break;
      case Context::kComment:
        break;
      case Context::kBasic:
      case Context::kMultiLineBasic:
        if (c == '\\' && i + 1 < text.size() && IsAscii(text[i + 1]) && text[i + 1] != '\n') {
          width = 2;  // an escape (a line-ending backslash is left to the line end)
        } else if (context == Context::kBasic && c == '"') {
          context = Context::kBare;
          before = c;
        } else if (context == Context::kMultiLineBasic && starts(i, '"')) {
          // Up to two more quotes belong to the string: """a""""" ends with a"".
          width = 3;
          while (width < 5 && i + width < text.size() && text[i + width] == '"') ++width;
          context = Context::kBare;
          before = c;
        }
        break;
      case Context::kLiteral:
        if (c == '\'') {
          context = Context::kBare;
          before = c;
        }
        break;
      case Context::kMultiLineLiteral:
        if (starts(i, '\'')) {
          width = 3;
          while (width < 5 && i + width < text.size() && text[i + width] == '\'') ++width;
          context = Context::kBare;
          before = c;
        }
        break;
    }
    out.append(text.substr(i, width));
    i += width;
    column += width;
  }
  return out;
}

}  // namespace tocsin
