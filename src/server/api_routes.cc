#include "api_routes.h"

namespace tocsin::server {

std::vector<Route> ApiRoutes() {
  std::vector<Route> routes;
  AddMetaRoutes(routes);
  AddSessionRoutes(routes);
  AddCountryRoutes(routes);
  AddPanelRoutes(routes);
  AddForecastRoutes(routes);
  AddBacktestRoutes(routes);
  AddClassificationRoutes(routes);
  AddUserRoutes(routes);
  AddOrganisationRoutes(routes);
  AddAuditRoutes(routes);
  AddStreamRoutes(routes);
  AddJudgementRoutes(routes);
  AddPoolRoutes(routes);
  AddEventRoutes(routes);
  AddSeriesRoutes(routes);
  AddAlertRoutes(routes);
  AddWatchlistRoutes(routes);
  AddOptionRoutes(routes);
  AddCaseRoutes(routes);
  AddTaskRoutes(routes);
  AddGapReportRoutes(routes);
  return routes;
}

}  // namespace tocsin::server
