// HTTPS: with a certificate and key the server speaks TLS only, marks the
// session cookie Secure and sends Strict-Transport-Security.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "http_status.h"
#include "server_fixture.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/password.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::server {
namespace {

namespace fs = std::filesystem;

TEST(Tls, ServesHttpsWithSecureCookieAndHsts) {
  const fs::path directory = fs::temp_directory_path() / ("tocsin_tls_" + std::to_string(::getpid()));
  fs::create_directories(directory);
  const std::string certificate = (directory / "cert.pem").string();
  const std::string key = (directory / "key.pem").string();
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout '" + key + "' -out '" +
      certificate + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "openssl is not installed";

  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)
                  ->Write([](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(const auto organisation,
                                            access::CreateOrganisation(transaction, "Home Office"));
                    TOCSIN_ASSIGN_OR_RETURN(
                        const std::string hash,
                        access::HashPassword(testing::kTestPassword, access::MinimumPasswordHashCost()));
                    return access::CreateUser(transaction, {.name = "ana",
                                                            .display_name = "",
                                                            .organisation = organisation,
                                                            .roles = {access::Role::kAnalyst},
                                                            .clearance = access::Clearance::kPublic,
                                                            .password_hash = hash})
                        .status();
                  })
                  .ok());
  ServerOptions options;
  options.port = 0;
  options.tls_certificate = certificate;
  options.tls_private_key = key;
  options.keep_alive_timeout = std::chrono::seconds(1);
  options.password_hashing = access::MinimumPasswordHashCost();
  auto server = Server::Start(**store, options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_TRUE((*server)->tls());
  std::thread thread([&] { EXPECT_TRUE((*server)->Run().ok()); });

  httplib::SSLClient client("127.0.0.1", (*server)->port());
  client.enable_server_certificate_verification(false);
  const auto login = client.Post(
      "/api/v1/session", R"({"name": "ana", "password": ")" + std::string(testing::kTestPassword) + R"("})",
      "application/json");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  EXPECT_EQ(login->status, kHttpOk);
  EXPECT_NE(login->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  EXPECT_FALSE(login->get_header_value("Strict-Transport-Security").empty());
  httplib::Client plain("127.0.0.1", (*server)->port());
  EXPECT_FALSE(plain.Get("/healthz")) << "plain HTTP must not be answered on the TLS port";

  (*server)->Stop();
  thread.join();
  fs::remove_all(directory);
}

TEST(Tls, HalfATlsConfigurationIsRefused) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok());
  ServerOptions options;
  options.port = 0;
  options.tls_certificate = "cert.pem";
  EXPECT_EQ(Server::Start(**store, options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tocsin::server
