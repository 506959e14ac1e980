// The warning-to-response gap over the API (docs/workflow.md), as JSON or as a
// self-contained page that may be shared up to a chosen label.
#include <fmt/format.h>
#include <openssl/evp.h>

#include "api_routes.h"
#include "respond_calls.h"
#include "tocsin/respond/gap.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

// The Content-Security-Policy of a self-contained report page: no script at
// all, and only its own <style> block, allowed by its SHA-256 (the API's
// policy, style-src 'self', would leave the page unstyled).
std::string ReportPagePolicy(const std::string& html) {
  std::string style_hashes;
  for (std::size_t open = html.find("<style>"); open != std::string::npos;
       open = html.find("<style>", open)) {
    open += std::string_view("<style>").size();
    const std::size_t close = html.find("</style>", open);
    if (close == std::string::npos) break;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(html.data() + open, close - open, digest, &length, EVP_sha256(), nullptr);
    unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
    style_hashes += fmt::format(" 'sha256-{}'", reinterpret_cast<const char*>(encoded));
  }
  return fmt::format(
      "default-src 'none'; style-src{}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors "
      "'none'",
      style_hashes.empty() ? " 'none'" : style_hashes);
}

Result<Reply> GapReport(Call& call) {
  respond::GapOptions options;
  if (call.request.has_param("quarter")) options.quarter = call.request.get_param_value("quarter");
  if (call.request.has_param("maximum_label")) {
    options.maximum_label = access::ParseClearance(call.request.get_param_value("maximum_label"));
    if (!options.maximum_label) {
      return InvalidArgumentError(
          "query parameter 'maximum_label' must be public, restricted, confidential or "
          "strictly-confidential");
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto top, call.IntegerQuery("top"));
  if (top) {
    if (*top < 1 || *top > 1000)
      return InvalidArgumentError("query parameter 'top' must be between 1 and 1000");
    options.top = static_cast<int>(*top);
  }
  const std::string format =
      call.request.has_param("format") ? call.request.get_param_value("format") : "json";
  if (format != "json" && format != "html")
    return InvalidArgumentError("query parameter 'format' must be json or html");
  respond::GapReport report;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(report, respond::ComputeGap(transaction, context, options));
    return Status::Ok();
  }));
  std::vector<ReturnedRecord> cases;
  for (const respond::CaseGap& gap : report.cases)
    cases.push_back({gap.case_id, access::Clearance::kConfidential});
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kGapReport, cases));
  if (format == "html") {
    std::string html = respond::GapReportHtml(report);
    std::string policy = ReportPagePolicy(html);
    return Reply{.stream = [html = std::move(html), policy = std::move(policy)](httplib::Response& response) {
      // This page's own policy replaces the API's (the other security headers stay).
      response.headers.erase("Content-Security-Policy");
      response.set_header("Content-Security-Policy", policy);
      response.set_content(html, "text/html; charset=utf-8");
    }};
  }
  return Reply{.body = respond::GapReportJson(report)};
}

}  // namespace

void AddGapReportRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "response"};
  group.On(Resource::kGapReport)
      .Add("GET", "/api/v1/gap-report",
           "The warning-to-response gap: time to owner, to decision and to action; overdue tasks; coverage",
           Action::kRead, "", "GapReport", GapReport, 200,
           {{"quarter", "string", "Only alerts raised and cases opened in this quarter, e.g. 2026Q1"},
            {"maximum_label", "string", "A shareable version: nothing above this label"},
            {"top", "integer", "Forecast ranks counted as the top (default 30)"},
            {"format", "string", "json (default) or html, a self-contained page"}});
}

}  // namespace tocsin::server
