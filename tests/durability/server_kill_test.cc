// Durability of the server: `tocsin serve` is killed with SIGKILL 100 times while
// 8 clients POST writes with idempotency keys, retrying what was not
// acknowledged after each restart. Afterwards every acknowledged write is
// present exactly once, no write is duplicated, SQLite's integrity check passes
// and the audit chain verifies.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "tocsin/access/api_token.h"
#include "tocsin/access/audit_log.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/password.h"
#include "tocsin/access/user_repository.h"

extern char** environ;

namespace tocsin {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr int kClients = 8;
constexpr int kDefaultRounds = 100;
constexpr int kCreated = 201;
constexpr int kPortBase = 20000;
constexpr int kPortRange = 20000;
constexpr milliseconds kStartupTimeout(10000);
constexpr milliseconds kMinimumRun(30);
constexpr milliseconds kMaximumRun(150);

int Rounds() {
  const char* rounds = std::getenv("TOCSIN_KILL_ROUNDS");
  return rounds != nullptr ? std::atoi(rounds) : kDefaultRounds;
}

// Creates the database with one analyst and returns the analyst's API token.
std::string Prepare(const std::string& url) {
  auto store = store::Store::Open(url);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  std::string token;
  const auto hash = access::HashPassword("durability password", access::MinimumPasswordHashCost());
  EXPECT_TRUE(
      (*store)
          ->Write([&](store::Transaction& transaction) -> Status {
            TOCSIN_ASSIGN_OR_RETURN(const auto organisation,
                                    access::CreateOrganisation(transaction, "Home Office"));
            TOCSIN_ASSIGN_OR_RETURN(const auto user,
                                    access::CreateUser(transaction, {.name = "writer",
                                                                     .display_name = "",
                                                                     .organisation = organisation,
                                                                     .roles = {access::Role::kAnalyst},
                                                                     .clearance = access::Clearance::kPublic,
                                                                     .password_hash = *hash}));
            TOCSIN_ASSIGN_OR_RETURN(const auto created,
                                    access::CreateApiToken(transaction, user, "writer", std::nullopt));
            token = created.token;
            return Status::Ok();
          })
          .ok());
  return token;
}

pid_t StartServer(const std::string& db, int port) {
  const char* binary = std::getenv("TOCSIN_BINARY");
  std::vector<std::string> arguments = {binary ? binary : "tocsin", "serve",        "--db", db, "--port",
                                        std::to_string(port),       "--access-log", ""};
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  httplib::Client client("127.0.0.1", port);
  const auto deadline = std::chrono::steady_clock::now() + kStartupTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto result = client.Get("/healthz"); result && result->status == 200) return pid;
    std::this_thread::sleep_for(milliseconds(5));
  }
  ADD_FAILURE() << "the server did not start";
  return pid;
}

// Each client writes keys "c<client>-<n>" in order; a key whose answer was lost
// is sent again, with the same key and body, until it is acknowledged.
struct Client {
  int id = 0;
  int next = 0;
  std::optional<std::string> unacknowledged;
};

TEST(ServerDurability, KilledServerLosesNoAcknowledgedWriteAndDuplicatesNone) {
  const fs::path directory = fs::temp_directory_path() / fmt::format("tocsin_kill_{}", ::getpid());
  fs::remove_all(directory);
  fs::create_directories(directory);
  const std::string db = (directory / "tocsin.db").string();
  const std::string token = Prepare("sqlite:" + db);
  const int port = kPortBase + ::getpid() % kPortRange;
  std::vector<Client> clients(kClients);
  for (int c = 0; c < kClients; ++c) clients[c].id = c;
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::mt19937 random(20261130);
  const int rounds = Rounds();

  auto write_until_failure = [&](Client& client, const std::atomic<bool>& stop) {
    httplib::Client http("127.0.0.1", port);
    http.set_keep_alive(true);
    // After `stop` a client still sends what it has not had acknowledged: on a
    // loaded machine its thread may first run after the last round has ended.
    while (!stop || client.unacknowledged) {
      if (!client.unacknowledged) client.unacknowledged = fmt::format("c{}-{}", client.id, client.next++);
      const std::string key = *client.unacknowledged;
      const nlohmann::json body = {{"name", key}};
      auto result =
          http.Post("/api/v1/tokens", {{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}},
                    body.dump(), "application/json");
      if (!result) return;  // the server is gone; the key stays unacknowledged
      ASSERT_EQ(result->status, kCreated) << result->body;
      std::lock_guard lock(mutex);
      acknowledged.insert(key);
      client.unacknowledged.reset();
    }
  };

  for (int round = 0; round <= rounds; ++round) {
    const pid_t pid = StartServer(db, port);
    std::atomic<bool> stop = false;
    std::vector<std::thread> threads;
    for (Client& client : clients)
      threads.emplace_back([&, &client = client] { write_until_failure(client, stop); });
    if (round < rounds) {
      std::this_thread::sleep_for(
          milliseconds(std::uniform_int_distribution<int>(kMinimumRun.count(), kMaximumRun.count())(random)));
      ::kill(pid, SIGKILL);
    } else {
      // The last run retries whatever is still unacknowledged, then stops cleanly.
      std::this_thread::sleep_for(kMaximumRun);
      stop = true;
      for (std::thread& thread : threads) thread.join();
      threads.clear();
      ::kill(pid, SIGTERM);
    }
    for (std::thread& thread : threads) thread.join();
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  for (const Client& client : clients) EXPECT_FALSE(client.unacknowledged) << "client " << client.id;

  auto store = store::Store::Open("sqlite:" + db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::map<std::string, int> written;
  std::string integrity;
  ASSERT_TRUE((*store)
                  ->Read([&](store::Transaction& transaction) -> Status {
                    TOCSIN_RETURN_IF_ERROR(
                        transaction.Query("PRAGMA integrity_check", {}, [&](const store::Row& row) {
                          integrity += row.Text(0);
                          return Status::Ok();
                        }));
                    TOCSIN_RETURN_IF_ERROR(transaction.Query(
                        "SELECT name FROM api_tokens WHERE name <> 'writer'", {}, [&](const store::Row& row) {
                          ++written[row.Text(0)];
                          return Status::Ok();
                        }));
                    const auto verified = access::VerifyAuditChain(transaction);
                    EXPECT_TRUE(verified.ok()) << verified.status().ToString();
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(integrity, "ok");
  for (const std::string& key : acknowledged) EXPECT_EQ(written[key], 1) << key << " acknowledged";
  for (const auto& [key, count] : written) EXPECT_EQ(count, 1) << key << " written " << count << " times";
  EXPECT_GT(acknowledged.size(), static_cast<std::size_t>(rounds));
  std::printf("durability: %d kills, %zu acknowledged writes, %zu rows, 0 lost, 0 duplicated\n", rounds,
              acknowledged.size(), written.size());
  fs::remove_all(directory);
}

}  // namespace
}  // namespace tocsin
