// A real server on a loopback ephemeral port over an in-memory store, with
// helpers that seed organisations, users (with API tokens) and labelled records
// directly. For the server's tests only.
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/respond/clock.h"
#include "tocsin/server/server.h"

namespace tocsin::server::testing {

inline constexpr std::string_view kTestPassword = "a test password of some length";

struct TestUser {
  access::UserId id = {};
  std::string name = {};
  access::OrganisationId organisation = {};
  std::vector<access::Role> roles = {};
  access::Clearance clearance = access::Clearance::kPublic;
  std::string token = {};  // an API token of this user
  std::vector<access::CaseId> cases = {};  // cases the user is a member of, as a test made them

  access::Principal AsPrincipal() const;
};

struct TestRecord {
  std::int64_t id = 0;
  access::Resource resource = access::Resource::kForecast;
  access::RecordLabel label = {};
  access::Clearance drivers_label = access::Clearance::kPublic;
};

struct Response {
  int status = 0;
  std::string body = {};
  httplib::Headers headers = {};
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class TestServer {
 public:
  explicit TestServer(ServerOptions options = {});
  ~TestServer();

  store::Store& store() { return *store_; }
  // The clock the response workflow reads (unless the options gave another):
  // 2024-06-01T00:00:00Z until a test sets it.
  respond::FixedClock& clock() { return *clock_; }
  int port() const { return server_->port(); }

  access::OrganisationId AddOrganisation(const std::string& name);
  TestUser AddUser(const std::string& name, access::OrganisationId organisation,
                   std::vector<access::Role> roles, access::Clearance clearance);
  // A forecast or backtest run with two country forecasts; `text` goes into the
  // model name, a country name and a driver's name, `drivers_text` into a
  // driver's name only (canary tests).
  TestRecord AddRun(access::Resource kind, const access::RecordLabel& label,
                    access::Clearance drivers_label = access::Clearance::kPublic,
                    const std::string& text = "", const std::string& drivers_text = "");
  // A panel dataset with one country-year; `text` goes into its source and country.
  TestRecord AddPanel(const access::RecordLabel& label, const std::string& text = "");
  // An event in Canada (gw 20) on 2020-01-01 plus `day_offset` days, one-sided,
  // with `fatalities`; `text` goes into its source id, actor and text.
  TestRecord AddEvent(const access::RecordLabel& label, const std::string& text = "", int day_offset = 0,
                      std::int64_t fatalities = 1);
  // A new alert on Canada; `text` goes into its rule and explanation.
  TestRecord AddAlert(const access::RecordLabel& label, const std::string& text = "");

  // Requests with `token` as Bearer (none when empty).
  Response Get(const std::string& path, const std::string& token, const httplib::Headers& headers = {}) const;
  Response Send(const std::string& method, const std::string& path, const std::string& token,
                const nlohmann::json& body, const httplib::Headers& headers = {}) const;
  httplib::Client Client() const;

 private:
  void Run(const store::Work& work);

  std::shared_ptr<respond::FixedClock> clock_ =
      std::make_shared<respond::FixedClock>(std::chrono::sys_days(std::chrono::year(2024) / 6 / 1));
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::int64_t base_panel_ = 0;
  int next_row_ = 1;
  int next_event_ = 1;
};

// Every label, every kind of ownership relative to `home` (own, other's, other's
// shared with home, none) and one tied to a case: the records a matrix covers.
std::vector<access::RecordLabel> LabelVariety(access::OrganisationId home, access::OrganisationId other);

}  // namespace tocsin::server::testing
