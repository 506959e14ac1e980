// UTF-8 validation of text read from event files (SQLite and JSON need valid UTF-8).
#pragma once

#include <cstddef>
#include <string_view>

namespace tocsin::monitor {

// The offset of the first byte that does not belong to a well-formed UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF are
// ill-formed), or std::string_view::npos when all of `text` is valid.
std::size_t FindInvalidUtf8(std::string_view text);

}  // namespace tocsin::monitor
