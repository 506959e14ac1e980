// tocsin serve: the JSON API over HTTP(S) until SIGTERM or SIGINT, which let
// requests in flight finish before the process exits.
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "command.h"
#include "tocsin/monitor/event_repository.h"
#include "tocsin/server/server.h"

namespace tocsin::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tls_certificate;
  std::string tls_private_key;
  std::size_t threads = server::ServerOptions{}.threads;
  std::string access_log = "-";  // "-": standard error; "": none
  std::string rules;             // empty: the built-in rules
  std::vector<std::string> trusted_proxies;
};

// The access log sink: one line per request, written whole under a lock.
std::function<void(std::string_view)> AccessLog(const std::string& path) {
  if (path.empty()) return {};
  auto mutex = std::make_shared<std::mutex>();
  if (path == "-") {
    return [mutex](std::string_view line) {
      std::lock_guard lock(*mutex);
      fmt::print(stderr, "{}\n", line);
    };
  }
  auto file = std::make_shared<std::ofstream>(path, std::ios::app);
  return [mutex, file](std::string_view line) {
    std::lock_guard lock(*mutex);
    *file << line << '\n' << std::flush;
  };
}

int Serve(const CommonOptions& options, const ServeOptions& serve) {
  // Block the termination signals in every thread the server starts; one thread
  // waits for them and stops the server from ordinary (not signal) context.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);  // the main thread's wake-up call to the waiter
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto store = OpenStore(options);
  if (!store.ok()) return Fail(store.status());
  // Event queries need the indexes an interrupted bulk load may have left unbuilt.
  if (const Status indexed = monitor::RestoreEventIndexes(**store); !indexed.ok()) return Fail(indexed);
  server::ServerOptions server_options;
  server_options.host = serve.host;
  server_options.port = serve.port;
  server_options.tls_certificate = serve.tls_certificate;
  server_options.tls_private_key = serve.tls_private_key;
  server_options.threads = serve.threads;
  server_options.access_log = AccessLog(serve.access_log);
  server_options.rules_file = serve.rules;
  server_options.trusted_proxies = serve.trusted_proxies;
  auto started = server::Server::Start(**store, std::move(server_options));
  if (!started.ok()) return Fail(started.status());
  server::Server& http = **started;
  std::atomic<bool> run_ended = false;
  std::thread waiter([&http, &run_ended, signals] {
    for (;;) {
      int received = 0;
      sigwait(&signals, &received);
      if (received == SIGUSR1) {
        if (run_ended) return;  // woken below; a stray SIGUSR1 from outside is ignored
        continue;
      }
      fmt::print(stderr, "tocsin serve: {} received; finishing requests in flight\n",
                 received == SIGTERM ? "SIGTERM" : "SIGINT");
      http.Stop();
      return;
    }
  });
  fmt::print("Serving {} on {}://{}:{} (API under /api/v1, OpenAPI at /api/v1/openapi.json)\n",
             (*store)->url(), http.tls() ? "https" : "http", serve.host, http.port());
  std::fflush(stdout);
  const Status status = http.Run();
  // Wake the waiter (blocked in sigwait, so the signal only wakes it) if Run()
  // ended for another reason.
  run_ended = true;
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  if (!status.ok()) return Fail(status);
  fmt::print("Stopped.\n");
  return static_cast<int>(kExitOk);
}

Command RegisterServe(CLI::App& app, CommonOptions& options) {
  CLI::App* command =
      app.add_subcommand("serve", "Serve the JSON API (and its OpenAPI document) over HTTP or HTTPS");
  AddDbOption(command, options);
  auto serve = std::make_shared<ServeOptions>();
  command->add_option("--host", serve->host, "Address to listen on")->capture_default_str();
  command->add_option("--port", serve->port, "Port to listen on (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  command->add_option("--tls-cert", serve->tls_certificate, "PEM certificate: serve HTTPS (with --tls-key)")
      ->check(CLI::ExistingFile);
  command->add_option("--tls-key", serve->tls_private_key, "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  command->add_option("--threads", serve->threads, "Worker threads (each keep-alive connection holds one)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  command->add_option("--trusted-proxy", serve->trusted_proxies,
                      "Address of a reverse proxy in front of the server (repeat for several): its "
                      "X-Forwarded-For names the client for the login throttle and the access log");
  command
      ->add_option("--access-log", serve->access_log, "File for the JSON access log ('-': stderr, '': none)")
      ->capture_default_str();
  command
      ->add_option("--rules", serve->rules,
                   "Escalation rules POST /api/v1/events evaluates (TOML; default: the built-in rules, "
                   "see `tocsin monitor --print-default-rules`)")
      ->check(CLI::ExistingFile);
  command->footer(
      "Example:\n  tocsin serve --port 8080\n  curl -s localhost:8080/healthz\n"
      "Log in with POST /api/v1/session {\"name\": ..., \"password\": ...}, or create an API token\n"
      "(POST /api/v1/tokens) and send it as Authorization: Bearer TOKEN. SIGTERM stops gracefully.");
  return {command, [&options, serve] { return Serve(options, *serve); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(80, RegisterServe);

}  // namespace tocsin::cli
