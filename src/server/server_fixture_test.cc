// The test server (server_fixture.h); this file holds no tests itself.
#include "server_fixture.h"

#include <gtest/gtest.h>

#include "tocsin/access/api_token.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/password.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/monitor/calendar.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::server::testing {
namespace {

constexpr std::size_t kTestThreads = 8;

store::Value Nullable(const std::optional<access::OrganisationId>& id) {
  return id ? store::Value(id->value()) : store::Value();
}
store::Value Nullable(const std::optional<access::CaseId>& id) {
  return id ? store::Value(id->value()) : store::Value();
}

// The calling thread's keep-alive connection to the test server it last asked.
struct ThreadConnection {
  std::unique_ptr<httplib::Client> client;
  int port = 0;
};

ThreadConnection& ThisThreadConnection() {
  thread_local ThreadConnection connection;
  return connection;
}

}  // namespace

access::Principal TestUser::AsPrincipal() const {
  return {.user = id, .name = name, .organisation = organisation, .roles = roles, .clearance = clearance,
          .cases = cases};
}

TestServer::TestServer(ServerOptions options) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = kTestThreads;
  // Stop() waits for idle keep-alive connections to time out.
  options.keep_alive_timeout = std::chrono::seconds(1);
  options.password_hashing = access::MinimumPasswordHashCost();
  // The response workflow's time is the test's: it moves only when a test says.
  if (!options.clock) options.clock = clock_;
  auto server = Server::Start(*store_, std::move(options));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(server).value();
  thread_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
  Run([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO panel_datasets (source, data_hash, rows, first_year, last_year, "
                     "imported_at) VALUES ('base', 'base', 0, 2000, 2000, 'now')")
            .status());
    base_panel_ = transaction.LastInsertId();
    return transaction
        .Execute(
            "INSERT INTO countries (gw, iso3, name) VALUES (2, 'USA', 'United States'), "
            "(20, 'CAN', 'Canada')")
        .status();
  });
}

TestServer::~TestServer() {
  // The server's workers wait out an open keep-alive connection's idle
  // timeout (a second) before Stop() returns: close this thread's first.
  ThisThreadConnection() = {};
  server_->Stop();
  thread_.join();
}

void TestServer::Run(const store::Work& work) {
  const Status status = store_->Write(work);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

access::OrganisationId TestServer::AddOrganisation(const std::string& name) {
  access::OrganisationId id;
  Run([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, access::CreateOrganisation(transaction, name));
    return Status::Ok();
  });
  return id;
}

TestUser TestServer::AddUser(const std::string& name, access::OrganisationId organisation,
                             std::vector<access::Role> roles, access::Clearance clearance) {
  TestUser user{.name = name, .organisation = organisation, .roles = roles, .clearance = clearance};
  const auto hash = access::HashPassword(kTestPassword, access::MinimumPasswordHashCost());
  Run([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(user.id, access::CreateUser(transaction, {.name = name,
                                                                      .display_name = name,
                                                                      .organisation = organisation,
                                                                      .roles = roles,
                                                                      .clearance = clearance,
                                                                      .password_hash = *hash}));
    TOCSIN_ASSIGN_OR_RETURN(const auto token,
                            access::CreateApiToken(transaction, user.id, "test", std::nullopt));
    user.token = token.token;
    return Status::Ok();
  });
  return user;
}

TestRecord TestServer::AddRun(access::Resource kind, const access::RecordLabel& label,
                              access::Clearance drivers_label, const std::string& text,
                              const std::string& drivers_text) {
  TestRecord record{.resource = kind, .label = label, .drivers_label = drivers_label};
  Run([&](store::Transaction& transaction) -> Status {
    const std::string model = text.empty() ? "enet" : "enet " + text;
    std::vector<store::Value> params = {
        std::string(kind == access::Resource::kBacktest ? "backtest" : "forecast"), model, base_panel_,
        static_cast<std::int64_t>(label.label), static_cast<std::int64_t>(drivers_label)};
    params.push_back(Nullable(label.owner));
    params.push_back(Nullable(label.case_id));
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO model_runs (kind, model, specification, dataset_id, data_hash, "
                     "forecast_year, metrics, coefficients, seconds, created_at, label, "
                     "drivers_label, owner_organisation_id, case_id) VALUES (?, ?, '{}', ?, 'h', "
                     "2020, '{\"auc\": 0.8}', '{}', 0.1, 'now', ?, ?, ?, ?)",
                     params)
            .status());
    record.id = transaction.LastInsertId();
    const std::string driver = !drivers_text.empty() ? drivers_text : text.empty() ? "gdppc" : text;
    const std::vector<std::vector<store::Value>> forecasts = {
        {record.id, std::int64_t{2}, std::int64_t{2}, std::string("United States"), 0.1, std::int64_t{2},
         nlohmann::json({{driver, 0.5}}).dump()},
        {record.id, std::int64_t{20}, std::int64_t{20},
         text.empty() ? std::string("Canada") : "Canada " + text, 0.2, std::int64_t{1},
         nlohmann::json({{driver, -0.5}}).dump()}};
    TOCSIN_RETURN_IF_ERROR(transaction.ExecuteMany(
        "INSERT INTO forecasts (run_id, data_year, cow, gw, country_name, probability, rank, contributions) "
        "VALUES (?, 2020, ?, ?, ?, ?, ?, ?)",
        forecasts));
    return access::ReplaceShares(transaction, kind, record.id, label.shared_with);
  });
  return record;
}

TestRecord TestServer::AddPanel(const access::RecordLabel& label, const std::string& text) {
  TestRecord record{.resource = access::Resource::kPanel, .label = label};
  Run([&](store::Transaction& transaction) -> Status {
    const std::string source = text.empty() ? "panel.csv" : text + ".csv";
    std::vector<store::Value> params = {source, "hash " + std::to_string(next_row_++),
                                        static_cast<std::int64_t>(label.label)};
    params.push_back(Nullable(label.owner));
    params.push_back(Nullable(label.case_id));
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO panel_datasets (source, data_hash, rows, first_year, last_year, "
                     "imported_at, label, owner_organisation_id, case_id) "
                     "VALUES (?, ?, 1, 2020, 2020, 'now', ?, ?, ?)",
                     params)
            .status());
    record.id = transaction.LastInsertId();
    const std::vector<store::Value> row = {record.id,
                                           text.empty() ? std::string("Canada") : "Canada " + text};
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO panel_rows (dataset_id, row_number, country_name, cow, gw, year) "
                     "VALUES (?1, 1, ?2, 20, 20, 2020)",
                     row)
            .status());
    const std::vector<store::Value> variable = {record.id, text.empty() ? std::string("gdppc") : text};
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO panel_variables (dataset_id, position, name) VALUES (?, 0, ?)", variable)
            .status());
    const std::vector<store::Value> value = {record.id};
    TOCSIN_RETURN_IF_ERROR(transaction
                               .Execute("INSERT INTO panel_values (dataset_id, row_number, position, value) "
                                        "VALUES (?, 1, 0, 1.5)",
                                        value)
                               .status());
    return access::ReplaceShares(transaction, access::Resource::kPanel, record.id, label.shared_with);
  });
  return record;
}
TestRecord TestServer::AddEvent(const access::RecordLabel& label, const std::string& text, int day_offset,
                                std::int64_t fatalities) {
  TestRecord record{.resource = access::Resource::kEvent, .label = label};
  Run([&](store::Transaction& transaction) -> Status {
    const std::int64_t number = next_event_++;
    const std::string date = monitor::FormatDate(monitor::DayFromCivil(2020, 1, 1) + day_offset);
    std::vector<store::Value> params = {text + "e" + std::to_string(number),
                                        date,
                                        date,
                                        text.empty() ? std::string("an armed group") : "group " + text,
                                        fatalities,
                                        text.empty() ? std::string("a village") : "village " + text,
                                        static_cast<std::int64_t>(label.label)};
    params.push_back(Nullable(label.owner));
    params.push_back(Nullable(label.case_id));
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO events (source, source_id, date_start, date_end, date_precision, gw, "
                     "violence_type, actor1, fatalities_best, text, origin, content_hash, label, "
                     "owner_organisation_id, case_id) VALUES ('test', ?, ?, ?, 1, 20, 3, ?, ?, ?, 'fixture', 0, "
                     "?, ?, ?)",
                     params)
            .status());
    record.id = transaction.LastInsertId();
    return access::ReplaceShares(transaction, access::Resource::kEvent, record.id, label.shared_with);
  });
  return record;
}

TestRecord TestServer::AddAlert(const access::RecordLabel& label, const std::string& text) {
  TestRecord record{.resource = access::Resource::kAlert, .label = label};
  Run([&](store::Transaction& transaction) -> Status {
    const std::string rule = text.empty() ? "surge" + std::to_string(next_event_++) : "surge " + text;
    std::vector<store::Value> params = {rule, nlohmann::json({{"reason", "surge " + text}}).dump(),
                                        static_cast<std::int64_t>(label.label)};
    params.push_back(Nullable(label.owner));
    params.push_back(Nullable(label.case_id));
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute(
                "INSERT INTO alerts (rule, detector, severity, gw, series, window_start, window_end, "
                "peak_start, peak_end, observed, expected, statistic, explanation, raised_at, triage_due, "
                "label, owner_organisation_id, case_id) VALUES (?, 'surge', 'high', 20, 'events per week', "
                "'2020-01-06', '2020-01-12', '2020-01-06', '2020-01-12', 12, 3, 4, ?, "
                "'2020-01-13T00:00:00Z', '2999-01-01T00:00:00Z', ?, ?, "
                "?)",
                params)
            .status());
    record.id = transaction.LastInsertId();
    return access::ReplaceShares(transaction, access::Resource::kAlert, record.id, label.shared_with);
  });
  return record;
}

httplib::Client TestServer::Client() const {
  httplib::Client client("127.0.0.1", server_->port());
  client.set_keep_alive(true);
  return client;
}

Response TestServer::Get(const std::string& path, const std::string& token,
                         const httplib::Headers& headers) const {
  return Send("GET", path, token, nullptr, headers);
}

Response TestServer::Send(const std::string& method, const std::string& path, const std::string& token,
                          const nlohmann::json& body, const httplib::Headers& headers) const {
  std::unique_ptr<httplib::Client>& client = ThisThreadConnection().client;
  int& client_port = ThisThreadConnection().port;
  httplib::Headers all = headers;
  if (!token.empty()) all.emplace("Authorization", "Bearer " + token);
  const std::string text = body.is_null() ? "" : body.dump();
  const auto connect = [&] {
    if (client && client_port == port()) return;
    client = std::make_unique<httplib::Client>("127.0.0.1", port());
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client_port = port();
  };
  const auto send = [&] {
    return method == "GET"      ? client->Get(path, all)
           : method == "DELETE" ? client->Delete(path, all)
           : method == "POST"   ? client->Post(path, all, text, "application/json")
           : method == "PUT"    ? client->Put(path, all, text, "application/json")
                                : client->Patch(path, all, text, "application/json");
  };
  connect();
  httplib::Result result = send();
  // The server closes a keep-alive connection idle for a second; on a loaded
  // machine a test can reach it just as it closes. A request that could not be
  // written was not received (no server acts on half a request): send it once
  // more on a new connection. Any other failure stands.
  if (!result && result.error() == httplib::Error::Write) {
    client.reset();
    connect();
    result = send();
  }
  if (!result) {
    ADD_FAILURE() << method << " " << path << ": " << httplib::to_string(result.error());
    client.reset();
    return {};
  }
  return {result->status, result->body, result->headers};
}

std::vector<access::RecordLabel> LabelVariety(access::OrganisationId home, access::OrganisationId other) {
  std::vector<access::RecordLabel> labels;
  for (access::Clearance clearance : access::kAllClearances) {
    labels.push_back({.label = clearance, .owner = home});
    labels.push_back({.label = clearance, .owner = other});
    labels.push_back({.label = clearance, .owner = other, .shared_with = {home}});
    labels.push_back({.label = clearance});
  }
  labels.push_back({.label = access::Clearance::kPublic, .owner = home, .case_id = access::CaseId(1)});
  return labels;
}

}  // namespace tocsin::server::testing
