// Runs one request through the pipeline every route shares: security headers,
// routing, authentication, CSRF check, the route's guard (the policy's role
// check), the handler, error mapping, ETag, and the access log line.
#pragma once

#include <httplib.h>

#include "router.h"
#include "services.h"

namespace tocsin::server {

class Dispatcher {
 public:
  Dispatcher(const Router& router, Services& services) : router_(router), services_(services) {}

  // Thread-safe; called by every worker thread.
  void Handle(const httplib::Request& request, httplib::Response& response) const;

 private:
  const Router& router_;
  Services& services_;
};

// Headers every response carries (also those httplib makes itself, e.g. 413).
void AddSecurityHeaders(httplib::Response& response, bool tls);

// A JSON error body {"error": {"status": S, "message": M}}.
void SetError(httplib::Response& response, int status, std::string_view message);

// JSON text safe to embed anywhere: '<', '>' and '&' are written as \u escapes,
// so stored text such as "<script>" never appears verbatim in a response.
std::string SafeJson(const nlohmann::json& json);

// The HTTP status for an error Status.
int HttpStatus(const Status& status);

}  // namespace tocsin::server
