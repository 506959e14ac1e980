// A text file compiled into the binary (see cmake/embed_text.cmake).
#pragma once

#include <string_view>

namespace tocsin {

struct EmbeddedFile {
  std::string_view name;  // file name without directory, e.g. "0001_foundation.sql"
  std::string_view text;
};

}  // namespace tocsin
