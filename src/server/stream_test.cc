// The change stream delivers changes the caller may see, as they happen, and
// nothing else.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "http_status.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Resource;
using access::Role;

constexpr auto kPatience = std::chrono::seconds(5);

TEST(ChangeStream, FollowerSeesVisibleChangesAsTheyHappenAndNoOthers) {
  TestServer server;
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  const access::OrganisationId other = server.AddOrganisation("Other Agency");
  const TestUser reader = server.AddUser("reader", home, {Role::kAnalyst}, Clearance::kRestricted);
  const TestUser writer = server.AddUser("writer", home, {Role::kAnalyst}, Clearance::kRestricted);
  const TestUser stranger = server.AddUser("stranger", other, {Role::kAnalyst}, Clearance::kRestricted);
  const TestRecord ours = server.AddRun(Resource::kForecast, {.label = Clearance::kPublic, .owner = home});
  const TestRecord theirs = server.AddRun(Resource::kForecast, {.label = Clearance::kPublic, .owner = other});

  std::mutex mutex;
  std::string received;
  std::atomic<bool> stop = false;
  std::thread follower([&] {
    httplib::Client client = server.Client();
    client.Get("/api/v1/stream", {{"Authorization", "Bearer " + reader.token}},
               [&](const char* data, std::size_t length) {
                 std::lock_guard lock(mutex);
                 received.append(data, length);
                 return !stop.load();
               });
  });
  // Let the stream start before the changes (it starts "from now").
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const nlohmann::json relabel = {{"label", "public"}, {"reason", "stream test"}};
  ASSERT_EQ(server
                .Send("PUT", "/api/v1/forecasts/runs/" + std::to_string(theirs.id) + "/classification",
                      stranger.token, relabel)
                .status,
            kHttpOk);
  ASSERT_EQ(server
                .Send("PUT", "/api/v1/forecasts/runs/" + std::to_string(ours.id) + "/classification",
                      writer.token, relabel)
                .status,
            kHttpOk);
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  auto seen = [&] {
    std::lock_guard lock(mutex);
    return received.find("\"id\":" + std::to_string(ours.id)) != std::string::npos;
  };
  while (!seen() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  // Another change makes the stream write, so the follower notices it should stop.
  server.Send("PUT", "/api/v1/forecasts/runs/" + std::to_string(ours.id) + "/classification", writer.token,
              relabel);
  follower.join();
  EXPECT_TRUE(seen()) << received;
  EXPECT_NE(received.find("event: change"), std::string::npos);
  EXPECT_EQ(received.find("\"id\":" + std::to_string(theirs.id)), std::string::npos)
      << "another organisation's change reached the stream";
}

TEST(ChangeStream, OpenStreamsEndWhenTheServerStops) {
  std::thread follower;
  std::atomic<bool> ended = false;
  const auto started = std::chrono::steady_clock::now();
  {
    TestServer server;
    const access::OrganisationId home = server.AddOrganisation("Home Office");
    const TestUser reader = server.AddUser("reader", home, {Role::kAnalyst}, Clearance::kRestricted);
    const int port = server.port();
    follower = std::thread([&ended, port, token = reader.token] {
      httplib::Client client("127.0.0.1", port);
      client.Get("/api/v1/stream", {{"Authorization", "Bearer " + token}},
                 [](const char*, std::size_t) { return true; });
      ended = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }  // ~TestServer: Stop() and wait for Run() to return.
  follower.join();
  EXPECT_TRUE(ended);
  EXPECT_LT(std::chrono::steady_clock::now() - started, kPatience) << "a stream held the server open";
}

// A revoked token (or an ended session) ends an open stream as it ends every
// other request: it no longer delivers what its holder may read.
TEST(ChangeStream, RevokingTheTokenEndsItsOpenStream) {
  TestServer server;
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  const TestUser reader = server.AddUser("reader", home, {Role::kAnalyst}, Clearance::kRestricted);
  std::atomic<bool> ended = false;
  std::thread follower([&] {
    httplib::Client client = server.Client();
    client.set_read_timeout(std::chrono::seconds(8));  // past the patience below, should it not end
    client.Get("/api/v1/stream", {{"Authorization", "Bearer " + reader.token}},
               [](const char*, std::size_t) { return true; });
    ended = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const nlohmann::json tokens = server.Get("/api/v1/tokens", reader.token).Json();
  ASSERT_FALSE(tokens["tokens"].empty()) << tokens.dump();
  const std::string id = std::to_string(tokens["tokens"][0]["id"].get<std::int64_t>());
  ASSERT_EQ(server.Send("DELETE", "/api/v1/tokens/" + id, reader.token, nullptr).status, kHttpNoContent);
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!ended && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(ended) << "the stream went on after its token was revoked";
  follower.join();
}

TEST(ChangeStream, BacklogWithoutFollowEndsAndNeedsAuthentication) {
  TestServer server;
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  const TestUser reader = server.AddUser("reader", home, {Role::kAnalyst}, Clearance::kRestricted);
  EXPECT_EQ(server.Get("/api/v1/stream?follow=false", "").status, kHttpUnauthorized);
  const Response response = server.Get("/api/v1/stream?after=0&follow=false", reader.token);
  EXPECT_EQ(response.status, kHttpOk);
  EXPECT_NE(std::string(httplib::detail::get_header_value(response.headers, "Content-Type", 0, ""))
                .find("text/event-stream"),
            std::string::npos);
}

}  // namespace
}  // namespace tocsin::server::testing
