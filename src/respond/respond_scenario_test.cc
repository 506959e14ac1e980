// Runs the response-workflow scenarios in tests/cases/respond/*.test against the
// library, on a real SQLite file, with a clock the scenario sets.
//
// One step per line; words are split at spaces, "double quotes" keep spaces:
//   now TIME                          the clock reads TIME from here on
//   organisation NAME
//   user NAME ORGANISATION ROLE[,ROLE] CLEARANCE
//   alert GW SEVERITY RULE TRIAGE_HOURS  an alert raised now (monitor::SaveAlerts)
//   alert-owner ALERT OWNER           the alert's owner named now
//   as USER                           later steps act as USER (re-read each step)
//   case TITLE GW LABEL [alert=ID] [lead=USER] [member=USER] [share=ORG]
//   member CASE USER | status CASE STATUS
//   option CASE "CATALOGUE NAME"      | option-add CATEGORY "NAME" LEAD_DAYS
//   task CASE "TITLE" ORGANISATION OWNER DUE [option=CASE_OPTION] [label=L] [share=ORG]
//   ack TASK | done TASK | cancel TASK | escalate
//   decide CASE "WHAT" "WHO" "WHY" [signal=alert:1] [at=TIME] [label=L] [share=ORG]
//   propose GW TIER "REASON" | signals TOP | accept ID "REASON" | reject ID "REASON"
//   gap [quarter=2026Q1] [max=LABEL]  | brief CASE PARTNER LABEL "REASON"
//   cases | tasks | decisions | watchlist | proposals | options | timeline CASE
// Each step's result is JSON; checks apply to the last one:
//   expect POINTER VALUE              the JSON at POINTER equals VALUE (JSON text)
//   count POINTER N                   the array at POINTER has N elements
//   absent TEXT                       TEXT occurs nowhere in the result
//   present TEXT                      TEXT occurs in the result
//   ! STEP                            STEP must fail; then `error TEXT` checks its message
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/monitor/alert.h"
#include "tocsin/respond/brief.h"
#include "tocsin/respond/gap.h"
#include "tocsin/respond/json.h"

namespace tocsin::respond {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word.push_back(c);
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

// key=value words after the positional ones.
std::multimap<std::string, std::string> Named(const std::vector<std::string>& words, std::size_t first) {
  std::multimap<std::string, std::string> named;
  for (std::size_t i = first; i < words.size(); ++i) {
    const std::size_t equals = words[i].find('=');
    if (equals != std::string::npos) named.emplace(words[i].substr(0, equals), words[i].substr(equals + 1));
  }
  return named;
}

std::optional<std::string> One(const std::multimap<std::string, std::string>& named, const std::string& key) {
  const auto found = named.find(key);
  return found == named.end() ? std::nullopt : std::optional<std::string>(found->second);
}

class Runner {
 public:
  explicit Runner(store::Store& store) : store_(store), clock_(TimePoint()) {}

  // Runs one step; the result JSON is kept for the checks.
  Status Step(const std::vector<std::string>& w) {
    const std::string& verb = w.at(0);
    if (verb == "now") {
      TOCSIN_ASSIGN_OR_RETURN(const TimePoint at, ParseUtc(w.at(1)));
      clock_.Set(at);
      return Status::Ok();
    }
    if (verb == "as") {
      actor_ = w.at(1);
      return Status::Ok();
    }
    if (verb == "organisation") {
      return store_.Write([&](store::Transaction& t) { return access::CreateOrganisation(t, w.at(1)).status(); });
    }
    if (verb == "user") return AddUser(w);
    if (verb == "alert") return RaiseAlert(w);
    if (verb == "alert-owner") {
      TOCSIN_RETURN_IF_ERROR(monitor::AcknowledgeAlert(store_, std::stoll(w.at(1)), w.at(2)));
      // The monitor stamps its own clock; the scenario pins the time to its own.
      return store_.Write([&](store::Transaction& t) {
        const std::vector<store::Value> params = {clock_.NowText(), std::stoll(w.at(1))};
        return t.Execute("UPDATE alerts SET acknowledged_at = ? WHERE id = ?", params).status();
      });
    }
    return store_.Write([&](store::Transaction& t) -> Status {
      TOCSIN_ASSIGN_OR_RETURN(const access::User user, access::FindUserByName(t, actor_));
      TOCSIN_ASSIGN_OR_RETURN(const access::Principal principal, access::LoadPrincipal(t, user.id));
      const Context context{principal, clock_};
      return Act(t, context, w);
    });
  }

  const nlohmann::json& result() const { return result_; }

 private:
  Status AddUser(const std::vector<std::string>& w) {
    return store_.Write([&](store::Transaction& t) -> Status {
      TOCSIN_ASSIGN_OR_RETURN(const auto organisation, access::FindOrganisationByName(t, w.at(2)));
      access::NewUser user{.name = w.at(1), .organisation = organisation.id, .password_hash = "unused"};
      std::stringstream roles(w.at(3));
      for (std::string role; std::getline(roles, role, ',');) user.roles.push_back(*access::ParseRole(role));
      user.clearance = *access::ParseClearance(w.at(4));
      return access::CreateUser(t, user).status();
    });
  }

  Status RaiseAlert(const std::vector<std::string>& w) {
    monitor::Alert alert;
    alert.rule = w.at(3);
    alert.detector = "surge";
    alert.severity = *monitor::ParseSeverity(w.at(2));
    alert.place.country_gw = std::stoi(w.at(1));
    alert.series = "events of one-sided per week";
    alert.window_start = alert.window_end = alert.peak_start = alert.peak_end = monitor::DayFromCivil(2026, 3, 1);
    alert.explanation = "{}";
    alert.raised_at = clock_.NowText();
    alert.triage_due = FormatTime(clock_.Now() + std::chrono::hours(std::stoi(w.at(4))));
    return monitor::SaveAlerts(store_, std::span<const monitor::Alert>(&alert, 1)).status();
  }

  template <typename T>
  static nlohmann::json Array(const std::vector<T>& records) {
    nlohmann::json array = nlohmann::json::array();
    for (const T& record : records) array.push_back(ToJson(record));
    return array;
  }

  Status Act(store::Transaction& t, const Context& context, const std::vector<std::string>& w) {
    const std::string& verb = w[0];
    const auto id = [&](std::size_t i) { return std::stoll(w.at(i)); };
    if (verb == "case") {
      const auto named = Named(w, 4);
      NewCase request{.title = w.at(1), .gw = std::stoi(w.at(2)), .label = *access::ParseClearance(w.at(3))};
      if (auto alert = One(named, "alert")) request.origin_alert_id = std::stoll(*alert);
      if (auto lead = One(named, "lead")) request.lead_user = *lead;
      for (auto [key, value] : named) {
        if (key == "member") request.members.push_back(value);
        if (key == "share") {
          TOCSIN_ASSIGN_OR_RETURN(const auto organisation, access::FindOrganisationByName(t, value));
          request.shared_with.push_back(organisation.id);
        }
      }
      TOCSIN_ASSIGN_OR_RETURN(const Case record, OpenCase(t, context, request));
      result_ = ToJson(record);
    } else if (verb == "member") {
      TOCSIN_RETURN_IF_ERROR(AddCaseMember(t, context, id(1), w.at(2), ""));
    } else if (verb == "status") {
      TOCSIN_RETURN_IF_ERROR(SetCaseStatus(t, context, id(1), *ParseCaseStatus(w.at(2)), "scenario"));
    } else if (verb == "option") {
      TOCSIN_ASSIGN_OR_RETURN(const auto options, ListOptions(t, context));
      const auto found = std::find_if(options.begin(), options.end(), [&](const Option& o) { return o.name == w.at(2); });
      if (found == options.end()) return NotFoundError("no option named " + w.at(2));
      TOCSIN_ASSIGN_OR_RETURN(const CaseOption chosen, ChooseOption(t, context, id(1), found->id, "", ""));
      result_ = ToJson(chosen);
    } else if (verb == "option-add") {
      Option option{.category = *ParseOptionCategory(w.at(1)),
                    .name = w.at(2),
                    .description = "added by the scenario",
                    .owner_kinds = {"NGO"},
                    .lead_time_days = std::stoi(w.at(3))};
      TOCSIN_ASSIGN_OR_RETURN(const Option added, AddOption(t, context, option, ""));
      result_ = ToJson(added);
    } else if (verb == "task") {
      const auto named = Named(w, 6);
      NewTask request{.case_id = id(1), .title = w.at(2), .owner_organisation = w.at(3), .owner_user = w.at(4),
                      .due_at = w.at(5)};
      if (request.owner_user == "-") request.owner_user.clear();
      if (auto option = One(named, "option")) request.case_option_id = std::stoll(*option);
      if (auto label = One(named, "label")) request.label = access::ParseClearance(*label);
      for (auto [key, value] : named) {
        if (key != "share") continue;
        TOCSIN_ASSIGN_OR_RETURN(const auto organisation, access::FindOrganisationByName(t, value));
        request.shared_with.push_back(organisation.id);
      }
      TOCSIN_ASSIGN_OR_RETURN(const Task task, CreateTask(t, context, request));
      result_ = ToJson(task);
    } else if (verb == "ack") {
      TOCSIN_ASSIGN_OR_RETURN(const Task task, AcknowledgeTask(t, context, id(1), ""));
      result_ = ToJson(task);
    } else if (verb == "done" || verb == "cancel") {
      TOCSIN_ASSIGN_OR_RETURN(const Task task, FinishTask(t, context, id(1),
                                                          verb == "done" ? TaskStatus::kDone : TaskStatus::kCancelled, ""));
      result_ = ToJson(task);
    } else if (verb == "escalate") {
      TOCSIN_ASSIGN_OR_RETURN(const auto escalated, EscalateOverdueTasks(t, context));
      result_ = escalated;
    } else if (verb == "decide") {
      NewDecision request{.case_id = id(1), .what = w.at(2), .who = w.at(3), .why = w.at(4)};
      for (auto [key, value] : Named(w, 5)) {
        if (key == "signal") {
          TOCSIN_ASSIGN_OR_RETURN(const Signal signal, ParseSignal(value));
          request.signals.push_back(signal);
        }
        if (key == "at") request.decided_at = value;
        if (key == "label") request.label = access::ParseClearance(value);
        if (key == "share") {
          TOCSIN_ASSIGN_OR_RETURN(const auto organisation, access::FindOrganisationByName(t, value));
          request.shared_with.push_back(organisation.id);
        }
      }
      TOCSIN_ASSIGN_OR_RETURN(const DecisionRecord decision, RecordDecision(t, context, request));
      result_ = ToJson(decision);
    } else if (verb == "propose") {
      TOCSIN_ASSIGN_OR_RETURN(const Proposal proposal,
                              ProposeChange(t, context, "add", std::stoi(w.at(1)), std::stoi(w.at(2)), w.at(3)));
      result_ = ToJson(proposal);
    } else if (verb == "signals") {
      TOCSIN_ASSIGN_OR_RETURN(const auto made, ProposeFromSignals(t, context, {.top = std::stoi(w.at(1))}));
      result_ = Array(made);
    } else if (verb == "accept" || verb == "reject") {
      TOCSIN_ASSIGN_OR_RETURN(const Proposal proposal, DecideProposal(t, context, id(1), verb == "accept", w.at(2)));
      result_ = ToJson(proposal);
    } else if (verb == "gap") {
      const auto named = Named(w, 1);
      GapOptions options;
      options.quarter = One(named, "quarter");
      if (auto label = One(named, "max")) options.maximum_label = access::ParseClearance(*label);
      TOCSIN_RETURN_IF_ERROR(EscalateOverdueTasks(t, context).status());
      TOCSIN_ASSIGN_OR_RETURN(const GapReport report, ComputeGap(t, context, options));
      result_ = GapReportJson(report);
      result_["html"] = GapReportHtml(report);
    } else if (verb == "brief") {
      TOCSIN_ASSIGN_OR_RETURN(const Brief brief, ExportBrief(t, context,
                                                             {.case_id = id(1),
                                                              .partner = w.at(2),
                                                              .maximum_label = *access::ParseClearance(w.at(3)),
                                                              .reason = w.at(4)}));
      result_ = brief.json;
      result_["html"] = brief.html;
      result_["omitted"] = brief.omitted;
    } else if (verb == "cases") {
      TOCSIN_ASSIGN_OR_RETURN(const auto cases, ListCases(t, context));
      result_ = Array(cases);
    } else if (verb == "tasks") {
      TOCSIN_ASSIGN_OR_RETURN(const auto tasks, ListTasks(t, context));
      result_ = Array(tasks);
    } else if (verb == "decisions") {
      TOCSIN_ASSIGN_OR_RETURN(const auto decisions, ListDecisions(t, context));
      result_ = Array(decisions);
    } else if (verb == "watchlist") {
      TOCSIN_ASSIGN_OR_RETURN(const auto entries, ListWatchlist(t, context));
      result_ = Array(entries);
    } else if (verb == "proposals") {
      TOCSIN_ASSIGN_OR_RETURN(const auto proposals, ListProposals(t, context));
      result_ = Array(proposals);
    } else if (verb == "options") {
      TOCSIN_ASSIGN_OR_RETURN(const auto options, ListOptions(t, context));
      result_ = Array(options);
    } else if (verb == "timeline") {
      TOCSIN_ASSIGN_OR_RETURN(const auto timeline, CaseTimeline(t, context, id(1)));
      result_ = Array(timeline);
    } else {
      return InvalidArgumentError("unknown step '" + verb + "'");
    }
    return Status::Ok();
  }

  store::Store& store_;
  FixedClock clock_;
  std::string actor_;
  nlohmann::json result_;
};

// "/" names the whole result (JSON Pointer's "").
std::string Pointer(const std::string& text) {
  return text == "/" ? "" : text;
}

class RespondScenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(RespondScenario, BehavesAsWritten) {
  const fs::path db = fs::temp_directory_path() /
                      ("tocsin_respond_" + GetParam().stem().string() + "_" + std::to_string(::getpid()) + ".db");
  fs::remove(db);
  auto store = store::Store::Open("sqlite:" + db.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Runner runner(**store);
  std::ifstream in(GetParam());
  std::string line;
  int number = 0;
  Status last = Status::Ok();
  while (std::getline(in, line)) {
    ++number;
    const std::string where = GetParam().filename().string() + ":" + std::to_string(number) + ": " + line;
    const std::vector<std::string> w = Words(line);
    if (w.empty() || w[0].starts_with("#")) continue;
    if (w[0] == "expect") {
      // The value is the raw rest of the line, as JSON text.
      const std::size_t value_at = line.find(' ', line.find(' ') + 1);
      ASSERT_NE(value_at, std::string::npos) << where;
      const nlohmann::json::json_pointer pointer(Pointer(w[1]));
      ASSERT_TRUE(runner.result().contains(pointer)) << where << "\nresult: " << runner.result().dump(2);
      EXPECT_EQ(runner.result().at(pointer), nlohmann::json::parse(line.substr(value_at + 1))) << where;
    } else if (w[0] == "count") {
      const nlohmann::json::json_pointer pointer(Pointer(w[1]));
      ASSERT_TRUE(runner.result().contains(pointer)) << where << "\nresult: " << runner.result().dump(2);
      EXPECT_EQ(runner.result().at(pointer).size(), std::stoul(w[2])) << where << "\n" << runner.result().at(pointer).dump(2);
    } else if (w[0] == "absent") {
      EXPECT_EQ(runner.result().dump().find(w[1]), std::string::npos) << where;
    } else if (w[0] == "present") {
      EXPECT_NE(runner.result().dump().find(w[1]), std::string::npos)
          << where << "\nresult: " << runner.result().dump(2);
    } else if (w[0] == "error") {
      EXPECT_NE(last.ToString().find(w[1]), std::string::npos) << where << "\nerror was: " << last.ToString();
    } else if (w[0] == "!") {
      last = runner.Step(std::vector<std::string>(w.begin() + 1, w.end()));
      EXPECT_FALSE(last.ok()) << where << " should have failed";
    } else {
      last = runner.Step(w);
      ASSERT_TRUE(last.ok()) << where << "\n" << last.ToString();
    }
  }
  store->reset();
  fs::remove(db);
  fs::remove(db.string() + "-wal");
  fs::remove(db.string() + "-shm");
}

std::vector<fs::path> Scenarios() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(fs::path(TOCSIN_TEST_DATA_DIR) / ".." / "cases" / "respond")) {
    if (entry.path().extension() == ".test") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, RespondScenario, ::testing::ValuesIn(Scenarios()), [](const auto& info) {
  std::string name = info.param.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
});

}  // namespace
}  // namespace tocsin::respond
