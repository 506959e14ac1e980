// Assessments, pool questions and pools written straight into a test server's
// store with a given label, for the authorization matrix and the canary. For the
// server's tests only.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "server_fixture.h"

namespace tocsin::server::testing {

// An assessment of Canada (gw 20) as of 2024-01-01 labelled `label`, scored on
// indicator 1.1 by `analyst`; `text` goes into its title and the score's note.
TestRecord AddAssessment(TestServer& server, const access::RecordLabel& label, access::UserId analyst,
                         const std::string& text = "");

// A pool named `name` with `members`; returns its id.
std::int64_t AddPool(TestServer& server, const std::string& name, const std::vector<access::UserId>& members);

// An open question on Canada in pool `pool` labelled `label`; `text` goes into
// its text and criteria. With `forecaster`, a forecast by them (rationale `text`).
TestRecord AddQuestion(TestServer& server, std::int64_t pool, const access::RecordLabel& label,
                       const std::string& text = "", access::UserId forecaster = {});

// Resolves question `id` yes with `source`.
void ResolveQuestionForTest(TestServer& server, std::int64_t id, const std::string& source);


// The canary's judgement records: an assessment, a pool whose only member is
// `insider`, and a resolved question in it with the insider's forecast, all
// labelled `secret` and carrying `canary` in their text. Checks that the insider
// sees the canary; returns the ids of the assessment, the question and the pool.
std::vector<std::int64_t> AddJudgementCanaries(TestServer& server, const access::RecordLabel& secret,
                                               const std::string& canary, const TestUser& insider);

}  // namespace tocsin::server::testing
