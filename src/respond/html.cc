#include "html.h"

#include <fmt/format.h>

namespace tocsin::respond {
namespace {

constexpr std::string_view kStyle = R"(
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.92em}td,th{padding:.2em .6em;text-align:left;border-bottom:1px solid #eee}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.facts td:first-child{color:#555}.note{color:#555;font-size:.9em}
.late{color:#b2182b;font-weight:600}
.watermark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:2.2em;color:rgba(178,24,43,.12);
transform:rotate(-20deg);pointer-events:none}
.banner{border:1px solid #b2182b;color:#b2182b;padding:.4em .8em;margin:1em 0}
)";

}  // namespace

std::string PageStart(std::string_view title) {
  return fmt::format(
      "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>{}</title><style>{}</style></head><body>\n",
      EscapeHtml(title), kStyle);
}

}  // namespace tocsin::respond
