#include "dispatcher.h"

#include <fmt/format.h>

#include <chrono>

#include "authenticator.h"
#include "client_address.h"
#include "http_status.h"
#include "idempotency.h"
#include "openapi.h"
#include "tocsin/access/secret.h"
#include "tocsin/core/time.h"
#include "web_assets.h"

namespace tocsin::server {
namespace {

constexpr std::string_view kStoreUnavailable = "the database is unavailable or busy; try again shortly";

// Bodies below this size are cheaper to resend than to hash for an ETag.
constexpr std::size_t kEtagMinimumBytes = 1024;

bool ChangesState(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::size_t HeaderBytes(const httplib::Request& request) {
  std::size_t bytes = request.target.size();
  for (const auto& [name, value] : request.headers) bytes += name.size() + value.size() + 4;  // ": " and CRLF
  return bytes;
}

void Log(const Services& services, const httplib::Request& request, int status, std::size_t bytes,
         std::chrono::steady_clock::time_point started, const access::Principal& principal) {
  if (!services.options().access_log) return;
  const double milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  const nlohmann::json line = {
      {"at", NowUtc()},
      {"address", ClientAddress(request, services.options().trusted_proxies)},
      {"method", request.method},
      {"path", request.path},
      {"status", status},
      {"bytes", bytes},
      {"ms", std::round(milliseconds * 1000) / 1000},
      {"user", principal.authenticated() ? nlohmann::json(principal.name) : nlohmann::json()}};
  services.options().access_log(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void SetBody(const httplib::Request& request, httplib::Response& response, int status,
             const std::string& json, std::string etag) {
  response.status = status;
  if (status == kHttpOk && request.method == "GET" && etag.empty() && json.size() >= kEtagMinimumBytes) {
    etag = "W/\"" + access::Sha256Hex(json).substr(0, kEtagHexDigits) + "\"";
  }
  if (!etag.empty()) {
    response.set_header("ETag", etag);
    const std::string match = request.get_header_value("If-None-Match");
    if (!match.empty() && match.find(etag) != std::string::npos) {
      response.status = kHttpNotModified;
      return;
    }
  }
  response.set_content(json, "application/json");
}

// The dashboard's files: revalidated on every load (no-cache + ETag), so a new
// binary's page is picked up at once and an unchanged one costs a 304.
void ServeAsset(const httplib::Request& request, httplib::Response& response, const WebAsset& asset) {
  response.set_header("ETag", asset.etag);
  response.set_header("Cache-Control", "no-cache");
  if (request.get_header_value("If-None-Match") == asset.etag) {
    response.status = kHttpNotModified;
    return;
  }
  response.status = kHttpOk;
  response.set_content(std::string(asset.body), std::string(asset.content_type));
}

}  // namespace

int HttpStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kHttpOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return kHttpBadRequest;
    case StatusCode::kPermissionDenied:
      return kHttpForbidden;
    case StatusCode::kNotFound:
      return kHttpNotFound;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return kHttpConflict;
    case StatusCode::kUnavailable:
      return kHttpUnavailable;
    default:
      return kHttpInternalError;
  }
}

std::string SafeJson(const nlohmann::json& json) {
  const std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string safe;
  safe.reserve(text.size());
  // Outside strings JSON never holds these characters, so escaping every one is
  // exactly escaping them inside strings.
  for (char c : text) {
    switch (c) {
      case '<':
        safe += "\\u003c";
        break;
      case '>':
        safe += "\\u003e";
        break;
      case '&':
        safe += "\\u0026";
        break;
      default:
        safe += c;
    }
  }
  return safe;
}

void AddSecurityHeaders(httplib::Response& response, bool tls) {
  // httplib calls its error handler after ours for 4xx/5xx: add them once.
  if (response.has_header("Content-Security-Policy")) return;
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("Cross-Origin-Opener-Policy", "same-origin");
  response.set_header("Cross-Origin-Resource-Policy", "same-origin");
  if (tls) response.set_header("Strict-Transport-Security", "max-age=31536000");
}

void SetError(httplib::Response& response, int status, std::string_view message) {
  response.status = status;
  // A busy or restarting database: a client may try again in a few seconds.
  if (status == kHttpUnavailable) response.set_header("Retry-After", "5");
  const nlohmann::json body = {{"error", {{"status", status}, {"message", message}}}};
  response.set_content(SafeJson(body), "application/json");
}

void Dispatcher::Handle(const httplib::Request& request, httplib::Response& response) const {
  const auto started = std::chrono::steady_clock::now();
  access::Principal principal;
  AddSecurityHeaders(response, services_.tls());
  auto finish = [&] { Log(services_, request, response.status, response.body.size(), started, principal); };

  if (HeaderBytes(request) > services_.options().max_header_bytes) {
    SetError(response, kHttpHeadersTooLarge, "request headers are too large");
    return finish();
  }
  if ((request.method == "GET" || request.method == "HEAD") && !request.path.starts_with("/api/")) {
    if (const WebAsset* asset = FindWebAsset(request.path)) {
      ServeAsset(request, response, *asset);
      return finish();
    }
  }
  const std::optional<Router::Match> match = router_.Find(request.method, request.path);
  if (!match) {
    SetError(response, kHttpNotFound, "no such resource");
    return finish();
  }
  if (match->route == nullptr) {
    response.set_header("Allow", match->allowed_methods);
    SetError(response, kHttpMethodNotAllowed, "method not allowed here; allowed: " + match->allowed_methods);
    return finish();
  }
  const Route& route = *match->route;

  Authentication authentication;
  if (route.guard != Guard::kPublic) {
    auto authenticated = Authenticate(services_, request);
    // A store that cannot answer is not a bad credential: 401 would end the
    // user's session in the dashboard for what is an outage.
    if (!authenticated.ok() && HttpStatus(authenticated.status()) >= kHttpInternalError) {
      fmt::print(stderr, "tocsin serve: {} {}: authenticating: {}\n", request.method, request.path,
                 authenticated.status().ToString());
      SetError(response, kHttpUnavailable, kStoreUnavailable);
      return finish();
    }
    if (!authenticated.ok() || authenticated->credential == Credential::kNone) {
      response.set_header("WWW-Authenticate", "Bearer");
      SetError(response, kHttpUnauthorized,
               authenticated.ok()
                   ? "log in, or send an API token as Authorization: Bearer"
                   : "the session or token is not valid (expired, ended or revoked); log in again");
      return finish();
    }
    authentication = std::move(authenticated).value();
    principal = authentication.principal;
    response.set_header("Cache-Control", "no-store");
  }
  if (ChangesState(request.method) && authentication.credential == Credential::kSession &&
      !access::CsrfTokenMatches(*authentication.session,
                                request.get_header_value(std::string(kCsrfHeader)))) {
    SetError(response, kHttpForbidden, "missing or wrong X-CSRF-Token header (it was returned at login)");
    return finish();
  }
  if (!request.body.empty() && !request.get_header_value("Content-Type").starts_with("application/json")) {
    SetError(response, kHttpUnsupportedMediaType, "send the request body as application/json");
    return finish();
  }
  if (route.guard == Guard::kPolicy) {
    if (!access::DecideRole(principal, route.action, route.resource)) {
      SetError(response, kHttpForbidden,
               fmt::format("your role may not {} {} records", access::ActionName(route.action),
                           access::ResourceName(route.resource)));
      return finish();
    }
  }

  Call call{request, principal, match->path_parameters, services_};
  call.route_path = route.path;
  if (!route.request_schema.empty()) {
    const nlohmann::json& schemas = OpenApiSchemas();
    if (const auto schema = schemas.find(route.request_schema); schema != schemas.end())
      call.body_schema = &*schema;
  }
  Result<Reply> reply = InternalError("handler did not run");
  const std::string idempotency_key = request.get_header_value(std::string(kIdempotencyHeader));
  const bool idempotent =
      !idempotency_key.empty() && route.guard != Guard::kPublic && ChangesState(request.method);
  try {
    reply = idempotent ? RunIdempotently(call, idempotency_key, route.handler) : route.handler(call);
  } catch (const std::exception& error) {
    reply = InternalError(error.what());
  }
  if (!reply.ok()) {
    const int status = HttpStatus(reply.status());
    // Internal details (and an unavailable store's URL) stay in the server's
    // log, never in a response.
    if (status == kHttpInternalError || status == kHttpUnavailable)
      fmt::print(stderr, "tocsin serve: {} {}: {}\n", request.method, request.path,
                 reply.status().ToString());
    SetError(response, status,
             status == kHttpInternalError ? "internal error"
             : status == kHttpUnavailable ? kStoreUnavailable
                                          : reply.status().message());
    return finish();
  }
  for (const auto& [name, value] : reply->headers) response.set_header(name, value);
  if (reply->stream) {
    response.status = reply->status;
    reply->stream(response);
  } else if (reply->status == kHttpNoContent) {
    response.status = reply->status;
  } else if (!reply->cached_body.empty()) {
    SetBody(request, response, reply->status, reply->cached_body, reply->etag);
  } else {
    SetBody(request, response, reply->status, SafeJson(reply->body), "");
  }
  finish();
}

}  // namespace tocsin::server
