// The authorization matrix's checks of the judgement and opinion-pool routes
// (authorization_matrix_judgement_test.cc). For the server's tests only.
#pragma once

#include "authorization_matrix.h"

namespace tocsin::server::testing {

// Adds a check for every judgement and pool route to `checks`.
void AddJudgementChecks(std::map<std::string, RouteCheck>& checks);

}  // namespace tocsin::server::testing
