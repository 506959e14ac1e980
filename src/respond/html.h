// The pieces of the response module's HTML pages (private): escaping and the
// shared style, which follows the risk report's.
#pragma once

#include <string>
#include <string_view>

namespace tocsin::respond {

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string Escape(std::string_view text);

// "<!doctype html>...<body>" with the style and the escaped `title`.
std::string PageStart(std::string_view title);
inline constexpr std::string_view kPageEnd = "</body></html>\n";

}  // namespace tocsin::respond
