// Escaping text for HTML, for every page Tocsin writes (the risk report, the
// gap report, partner briefs).
#pragma once

#include <string>
#include <string_view>

namespace tocsin {

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string EscapeHtml(std::string_view text);

}  // namespace tocsin
