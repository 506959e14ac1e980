#include "tocsin/store/test_backends.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace tocsin::store::testing {
namespace {

constexpr int kSkippedExitCode = 77;  // CTest's SKIP_RETURN_CODE for these tests
constexpr std::string_view kSchemaOption = "options=-csearch_path%3D";

std::string PostgresBase() {
  const char* url = std::getenv("TOCSIN_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

// Runs `sql` on a connection of its own to the test server.
Status RunOnServer(const std::string& url, const std::string& sql) {
  PGconn* connection = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  Status status = Status::Ok();
  if (PQstatus(connection) != CONNECTION_OK) {
    status = UnavailableError(fmt::format("{}: {}", url, PQerrorMessage(connection)));
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = InternalError(fmt::format("{}: {}", sql, PQresultErrorMessage(result)));
    }
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

}  // namespace

Status RunSqlOnServer(const std::string& url, const std::string& sql) {
  return RunOnServer(url, sql);
}

std::string PostgresSkipReason() {
  return PostgresBase().empty() ? "TOCSIN_TEST_POSTGRES is not set: the PostgreSQL cases need a server (make "
                                  "test starts one with "
                                  "scripts/with-postgres.sh)"
                                : "";
}

Result<std::string> NewStoreUrl(const std::string& backend, const std::string& name,
                                const std::string& directory) {
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') {
      return InvalidArgumentError(
          fmt::format("test store name '{}': letters, digits and underscores only", name));
    }
  }
  if (backend == "sqlite") return fmt::format("sqlite:{}/{}.db", directory, name);
  if (backend != "postgres") return InvalidArgumentError(fmt::format("unknown test backend '{}'", backend));
  const std::string base = PostgresBase();
  if (base.empty()) return UnavailableError(PostgresSkipReason());
  std::string schema = "test_" + name;
  for (char& c : schema) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  TOCSIN_RETURN_IF_ERROR(RunOnServer(base, fmt::format("DROP SCHEMA IF EXISTS \"{}\" CASCADE", schema)));
  const char separator = base.find('?') == std::string::npos ? '?' : '&';
  return fmt::format("{}{}{}{}", base, separator, kSchemaOption, schema);
}

std::string TestStoreUrl() {
  const char* backend = std::getenv("TOCSIN_TEST_BACKEND");
  if (backend == nullptr || std::string_view(backend) != "postgres") return "sqlite::memory:";
  if (PostgresBase().empty()) {
    std::fprintf(stderr, "skipped: TOCSIN_TEST_BACKEND=postgres but %s\n", PostgresSkipReason().c_str());
    std::exit(kSkippedExitCode);
  }
  static std::atomic<int> stores{0};
  auto url = NewStoreUrl("postgres", fmt::format("p{}_{}", ::getpid(), stores++), "");
  if (!url.ok()) {
    std::fprintf(stderr, "cannot make a test store: %s\n", url.status().ToString().c_str());
    std::exit(1);
  }
  return *url;
}

Status DropStore(const std::string& url) {
  const std::size_t option = url.rfind(kSchemaOption);
  if (!url.starts_with("postgres") || option == std::string::npos) return Status::Ok();
  const std::string schema = url.substr(option + kSchemaOption.size());
  return RunOnServer(url, fmt::format("DROP SCHEMA IF EXISTS \"{}\" CASCADE", schema));
}

}  // namespace tocsin::store::testing
