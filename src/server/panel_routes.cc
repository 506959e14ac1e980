// GET /api/v1/panels, /panels/{id} and /panels/{id}/values: the imported
// country-year panels and their values, paginated by row.
#include <map>

#include "api_routes.h"
#include "audit_trail.h"
#include "labelled_tables.h"
#include "services.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

constexpr std::int64_t kDefaultPageRows = 500;
constexpr std::int64_t kMaximumPageRows = 5000;

nlohmann::json DatasetJson(const store::Row& row) {
  return {{"id", row.Integer(0)},
          {"source", row.Text(1)},
          {"rows", row.Integer(2)},
          {"first_year", row.Integer(3)},
          {"last_year", row.Integer(4)},
          {"imported_at", row.Text(5)},
          {"label", access::ClearanceName(access::ClearanceFromStored(row.Integer(6))
                                              .value_or(access::Clearance::kStrictlyConfidential))}};
}

constexpr std::string_view kSelectDataset =
    "SELECT id, source, rows, first_year, last_year, imported_at, label FROM panel_datasets";

Result<Reply> ListPanels(Call& call) {
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kPanel, kPanelColumns);
  nlohmann::json panels = nlohmann::json::array();
  std::vector<ReturnedRecord> returned;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return transaction.Query(
        std::string(kSelectDataset) + " WHERE " + filter.sql + " ORDER BY id", filter.params,
        [&](const store::Row& row) {
          panels.push_back(DatasetJson(row));
          returned.push_back({row.Integer(0), *access::ClearanceFromStored(row.Integer(6))});
          return Status::Ok();
        });
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kPanel, returned));
  return Reply{.body = {{"panels", std::move(panels)}}};
}

// The dataset `id` if the caller may read it; Hidden otherwise.
Result<access::RecordLabel> VisiblePanel(store::Transaction& transaction, const Call& call, std::int64_t id) {
  TOCSIN_ASSIGN_OR_RETURN(const access::RecordLabel label, LoadPanelLabel(transaction, id));
  if (!access::Decide(call.principal, Action::kRead, Resource::kPanel, label))
    return Hidden(Resource::kPanel);
  return label;
}

Result<std::map<std::int64_t, std::string>> Variables(store::Transaction& transaction, std::int64_t id) {
  std::map<std::int64_t, std::string> variables;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT position, name FROM panel_variables WHERE dataset_id = ?",
                                           params, [&](const store::Row& row) {
                                             variables[row.Integer(0)] = row.Text(1);
                                             return Status::Ok();
                                           }));
  return variables;
}

Result<Reply> GetPanel(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json panel;
  access::RecordLabel label;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(label, VisiblePanel(transaction, call, id));
    const std::vector<store::Value> params = {id};
    TOCSIN_RETURN_IF_ERROR(
        transaction.Query(std::string(kSelectDataset) + " WHERE id = ?", params, [&](const store::Row& row) {
          panel = DatasetJson(row);
          return Status::Ok();
        }));
    TOCSIN_ASSIGN_OR_RETURN(const auto variables, Variables(transaction, id));
    panel["variables"] = nlohmann::json::array();
    for (const auto& [position, name] : variables) panel["variables"].push_back(name);
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kPanel, {{id, label.label}}));
  return Reply{.body = std::move(panel)};
}

Result<Reply> PanelValues(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const auto cow, call.IntegerQuery("cow"));
  TOCSIN_ASSIGN_OR_RETURN(const auto year, call.IntegerQuery("year"));
  TOCSIN_ASSIGN_OR_RETURN(const auto after, call.IntegerQuery("after"));
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t page, call.LimitQuery(kDefaultPageRows, kMaximumPageRows));
  nlohmann::json rows = nlohmann::json::array();
  std::optional<std::int64_t> next;
  access::RecordLabel label;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(label, VisiblePanel(transaction, call, id));
    TOCSIN_ASSIGN_OR_RETURN(const auto variables, Variables(transaction, id));
    auto nullable = [](const std::optional<std::int64_t>& value) {
      return value ? store::Value(*value) : store::Value();
    };
    const std::vector<store::Value> params = {
        id, nullable(cow), nullable(cow), nullable(year), nullable(year), after.value_or(0), page + 1};
    std::map<std::int64_t, std::size_t> index_of_row;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT row_number, country_name, cow, gw, year FROM panel_rows WHERE dataset_id = ? "
        "AND (? IS NULL OR cow = ?) AND (? IS NULL OR year = ?) AND row_number > ? ORDER BY row_number LIMIT "
        "?",
        params, [&](const store::Row& row) {
          if (static_cast<std::int64_t>(rows.size()) == page) {
            next = rows.back()["row"].get<std::int64_t>();
            return Status::Ok();
          }
          index_of_row[row.Integer(0)] = rows.size();
          rows.push_back({{"row", row.Integer(0)},
                          {"country", row.Text(1)},
                          {"cow", row.Integer(2)},
                          {"gw", NullableInteger(row, 3)},
                          {"year", row.Integer(4)},
                          {"values", nlohmann::json::object()}});
          return Status::Ok();
        }));
    if (rows.empty()) return Status::Ok();
    const std::vector<store::Value> range = {id, rows.front()["row"].get<std::int64_t>(),
                                             rows.back()["row"].get<std::int64_t>()};
    return transaction.Query(
        "SELECT row_number, position, value FROM panel_values WHERE dataset_id = ? AND row_number BETWEEN ? "
        "AND ?",
        range, [&](const store::Row& row) {
          const auto found = index_of_row.find(row.Integer(0));
          const auto variable = variables.find(row.Integer(1));
          if (found == index_of_row.end() || variable == variables.end()) return Status::Ok();
          rows[found->second]["values"][variable->second] =
              row.IsNull(2) ? nlohmann::json() : nlohmann::json(row.Real(2));
          return Status::Ok();
        });
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kPanel, {{id, label.label}}));
  return Reply{.body = {{"panel_id", id},
                        {"rows", std::move(rows)},
                        {"next", next ? nlohmann::json(*next) : nlohmann::json()}}};
}

}  // namespace

void AddPanelRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/api/v1/panels",
                    .summary = "The imported country-year panels the caller may read",
                    .tag = "panels",
                    .resource = Resource::kPanel,
                    .response_schema = "PanelList",
                    .handler = ListPanels});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/panels/{id}",
                    .summary = "One panel with its variable names",
                    .tag = "panels",
                    .resource = Resource::kPanel,
                    .response_schema = "Panel",
                    .handler = GetPanel});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/panels/{id}/values",
                    .summary = "Country-year values of a panel, a page at a time (pass `next` as `after`)",
                    .tag = "panels",
                    .resource = Resource::kPanel,
                    .query = {{"cow", "integer", "Only this Correlates of War country code"},
                              {"year", "integer", "Only this year"},
                              {"after", "integer", "Rows after this row number (the previous page's `next`)"},
                              {"limit", "integer", "Rows per page, 1-5000 (default 500)"}},
                    .response_schema = "PanelValues",
                    .handler = PanelValues});
}

}  // namespace tocsin::server
