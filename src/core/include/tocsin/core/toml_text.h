// Text made safe to parse as TOML with Debian's toml++ 3.3 (rules files, the
// sources file).
//
// toml++ 3.3 reaches undefined behaviour, a point its Unicode tables mark
// unreachable, when it classifies certain non-ASCII characters (Latin-1 letters
// such as "é", Cyrillic, ...) as whitespace or not, which it does wherever it reads
// on over text: before a key, after a line-ending backslash, over a malformed value
// (toml++ issue #295; fixed upstream after 3.3). So toml++ is given ASCII only:
// inside a double-quoted string every other character becomes its \uXXXX escape,
// which TOML reads as the same character; inside a comment it becomes '?'.
// Anywhere else, and inside a single-quoted (literal) string, which has no
// escapes, it is refused with its line and column.
#pragma once

#include <string>
#include <string_view>

#include "tocsin/core/result.h"

namespace tocsin {

// Errors: InvalidArgument "FILE:LINE:COLUMN: why" for a non-ASCII character
// outside strings and comments or inside a literal string, and for invalid UTF-8.
// Columns count characters from 1.
Result<std::string> AsciiTomlText(std::string_view text, std::string_view file_name);

}  // namespace tocsin
