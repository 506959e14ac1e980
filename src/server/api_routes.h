// The route table of the API, assembled from one file per resource.
#pragma once

#include <vector>

#include "route.h"

namespace tocsin::server {

void AddMetaRoutes(std::vector<Route>& routes);     // /healthz, the OpenAPI document
void AddSessionRoutes(std::vector<Route>& routes);  // login, logout, API tokens
void AddCountryRoutes(std::vector<Route>& routes);
void AddPanelRoutes(std::vector<Route>& routes);
void AddForecastRoutes(std::vector<Route>& routes);  // the map, runs, a country's history
void AddBacktestRoutes(std::vector<Route>& routes);
void AddClassificationRoutes(std::vector<Route>& routes);  // relabelling and sharing records
void AddUserRoutes(std::vector<Route>& routes);
void AddOrganisationRoutes(std::vector<Route>& routes);
void AddAuditRoutes(std::vector<Route>& routes);
void AddStreamRoutes(std::vector<Route>& routes);     // server-sent events of changes
void AddJudgementRoutes(std::vector<Route>& routes);  // Framework assessments, trigger dates, combined view
void AddPoolRoutes(std::vector<Route>& routes);       // the opinion pool
void AddEventRoutes(std::vector<Route>& routes);      // events, and the live intake
void AddSeriesRoutes(std::vector<Route>& routes);
void AddAlertRoutes(std::vector<Route>& routes);  // alerts and their triage
// The response workflow:
void AddWatchlistRoutes(std::vector<Route>& routes);  // the watchlist and its proposals
void AddOptionRoutes(std::vector<Route>& routes);     // the catalogue of preventive options
void AddCaseRoutes(std::vector<Route>& routes);       // cases, their options and partner briefs
void AddTaskRoutes(std::vector<Route>& routes);       // tasks and decisions
void AddGapReportRoutes(std::vector<Route>& routes);  // the warning-to-response gap

// Every route, in the order the OpenAPI document lists them.
std::vector<Route> ApiRoutes();

}  // namespace tocsin::server
