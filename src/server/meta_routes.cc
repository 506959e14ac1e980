// GET /healthz and GET /api/v1/openapi.json: public, and free of any data.
#include "api_routes.h"
#include "services.h"

namespace tocsin::server {

void AddMetaRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/healthz",
                    .summary = "Liveness and readiness: the store answers a query",
                    .tag = "meta",
                    .guard = Guard::kPublic,
                    .response_schema = "Health",
                    .handler = [](Call& call) -> Result<Reply> {
                      int version = 0;
                      TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
                        return transaction.Query("SELECT coalesce(max(version), 0) FROM schema_migrations",
                                                 {}, [&](const store::Row& row) {
                                                   version = static_cast<int>(row.Integer(0));
                                                   return Status::Ok();
                                                 });
                      }));
                      return Reply{.body = {{"status", "ok"}, {"schema_version", version}}};
                    }});
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/openapi.json",
       .summary = "This API's OpenAPI 3 document, generated from the route table",
       .tag = "meta",
       .guard = Guard::kPublic,
       .response_schema = "OpenApiDocument",
       .handler = [](Call& call) -> Result<Reply> { return Reply{.cached_body = call.services.openapi()}; }});
}

}  // namespace tocsin::server
