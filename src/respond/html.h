// The pieces of the response module's HTML pages (private): the shared style,
// which follows the risk report's. Text is escaped with tocsin::EscapeHtml.
#pragma once

#include <string>
#include <string_view>

#include "tocsin/core/html.h"

namespace tocsin::respond {

// "<!doctype html>...<body>" with the style and the escaped `title`.
std::string PageStart(std::string_view title);
inline constexpr std::string_view kPageEnd = "</body></html>\n";

}  // namespace tocsin::respond
