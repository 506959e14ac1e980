#include "tocsin/server/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <filesystem>

#include "api_routes.h"
#include "dispatcher.h"
#include "http_status.h"
#include "openapi.h"
#include "pooled_store.h"

namespace tocsin::server {
namespace {

// Connections are kept alive for this many requests before the server closes
// them; high, so that benchmark and dashboard clients are not forced to reconnect.
constexpr std::size_t kKeepAliveRequests = 100000;

// httplib 0.11 listens with a backlog of 5: under a burst of new connections the
// kernel then drops SYNs, and clients wait a one-second retransmission. This
// exposes the listening socket so that Bind() can raise the backlog.
template <typename Base>
class WithListeningSocket final : public Base {
 public:
  using Base::Base;
  int ListeningSocket() const { return this->svr_sock_; }
};

int ListeningSocket(httplib::Server& server) {
  if (auto* plain = dynamic_cast<WithListeningSocket<httplib::Server>*>(&server))
    return plain->ListeningSocket();
  if (auto* tls = dynamic_cast<WithListeningSocket<httplib::SSLServer>*>(&server))
    return tls->ListeningSocket();
  return -1;
}

// What a response httplib makes itself says: it read no further than this.
std::string_view HttpLayerError(int status) {
  switch (status) {
    case kHttpPayloadTooLarge:
      return "request body too large";
    case kHttpUriTooLong:
      return "request target too long";
    case kHttpHeadersTooLarge:
      return "request headers are too large";
    default:
      return "malformed request: a bad request line or header (one over 8 KiB, say), or a POST, PUT or "
             "PATCH without Content-Length (send Content-Length: 0 for no body)";
  }
}

class HttpServer final : public Server {
 public:
  HttpServer(std::unique_ptr<PooledStore> store, ServerOptions options, std::unique_ptr<httplib::Server> http,
             bool tls)
      : store_(std::move(store)),
        services_(*store_, std::move(options), tls),
        router_(ApiRoutes()),
        dispatcher_(router_, services_),
        http_(std::move(http)) {
    services_.set_openapi(SafeJson(OpenApiDocument(router_.routes())));
    Configure();
  }

  int port() const override { return port_; }
  bool tls() const override { return services_.tls(); }

  Status LoadRules() { return services_.LoadRules(); }

  Status Bind() {
    const ServerOptions& options = services_.options();
    port_ = options.port == 0 ? http_->bind_to_any_port(options.host) : options.port;
    if (options.port != 0 && !http_->bind_to_port(options.host, options.port)) port_ = -1;
    if (port_ <= 0)
      return UnavailableError(fmt::format("cannot listen on {}:{}", options.host, options.port));
    // Listening again on a listening socket only changes its backlog.
    if (const int socket = ListeningSocket(*http_); socket >= 0) ::listen(socket, SOMAXCONN);
    return Status::Ok();
  }

  Status Run() override {
    if (!http_->listen_after_bind()) {
      // listen_after_bind returns false after stop() too; only an unasked stop is an error.
      if (!stopping_) return UnavailableError("the server stopped listening unexpectedly");
    }
    return Status::Ok();
  }

  void Stop() override {
    stopping_ = true;
    services_.set_stopping();
    http_->stop();
  }

 private:
  void Configure() {
    const ServerOptions& options = services_.options();
    const std::size_t threads = options.threads;
    http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_->set_payload_max_length(options.max_body_bytes);
    http_->set_read_timeout(options.read_timeout);
    http_->set_write_timeout(options.write_timeout);
    http_->set_keep_alive_timeout(options.keep_alive_timeout.count());
    http_->set_keep_alive_max_count(kKeepAliveRequests);
    http_->set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, with which a second server on
    // the same port starts too and the kernel splits connections between the
    // two. SO_REUSEADDR alone lets a restart bind at once (sockets in
    // TIME_WAIT) and a port in use fails to bind, as it should.
    http_->set_socket_options([](socket_t socket) {
      int yes = 1;
      ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    const auto handle = [this](const httplib::Request& request, httplib::Response& response) {
      dispatcher_.Handle(request, response);
    };
    // One catch-all per method: the route table, not httplib's regexes, decides.
    const std::string any = ".*";
    http_->Get(any, handle);
    http_->Post(any, handle);
    http_->Put(any, handle);
    http_->Patch(any, handle);
    http_->Delete(any, handle);
    const bool secure = services_.tls();
    // Responses httplib makes itself (400, 413, 414) still carry the security
    // headers and a JSON body.
    http_->set_error_handler([secure](const httplib::Request&, httplib::Response& response) {
      AddSecurityHeaders(response, secure);
      if (response.body.empty()) {
        SetError(response, response.status, HttpLayerError(response.status));
      }
    });
    http_->set_exception_handler(
        [secure](const httplib::Request&, httplib::Response& response, const std::exception_ptr&) {
          AddSecurityHeaders(response, secure);
          SetError(response, kHttpInternalError, "internal error");
        });
  }

  std::unique_ptr<PooledStore> store_;
  Services services_;
  Router router_;
  Dispatcher dispatcher_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::atomic<bool> stopping_ = false;
};

Result<std::unique_ptr<httplib::Server>> MakeHttpServer(const ServerOptions& options) {
  const bool has_certificate = !options.tls_certificate.empty();
  if (has_certificate != !options.tls_private_key.empty()) {
    return InvalidArgumentError("TLS needs both a certificate and a private key (--tls-cert and --tls-key)");
  }
  if (!has_certificate)
    return std::unique_ptr<httplib::Server>(std::make_unique<WithListeningSocket<httplib::Server>>());
  for (const std::string& file : {options.tls_certificate, options.tls_private_key}) {
    if (!std::filesystem::is_regular_file(file))
      return InvalidArgumentError(fmt::format("{}: no such file", file));
  }
  auto server = std::make_unique<WithListeningSocket<httplib::SSLServer>>(options.tls_certificate.c_str(),
                                                                          options.tls_private_key.c_str());
  if (!server->is_valid()) {
    return InvalidArgumentError(fmt::format("{} and {} are not a valid PEM certificate and private key",
                                            options.tls_certificate, options.tls_private_key));
  }
  return std::unique_ptr<httplib::Server>(std::move(server));
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(store::Store& store, ServerOptions options) {
  if (options.port < 0 || options.port > 65535) {
    return InvalidArgumentError(fmt::format("port {} is not a TCP port (0 to 65535)", options.port));
  }
  // No worker thread would accept connections and never answer them.
  if (options.threads == 0) return InvalidArgumentError("the server needs at least one worker thread");
  TOCSIN_ASSIGN_OR_RETURN(auto http, MakeHttpServer(options));
  const bool tls = !options.tls_certificate.empty();
  TOCSIN_ASSIGN_OR_RETURN(auto pool, PooledStore::Open(store, options.read_connections));
  auto server = std::make_unique<HttpServer>(std::move(pool), std::move(options), std::move(http), tls);
  TOCSIN_RETURN_IF_ERROR(server->LoadRules());
  TOCSIN_RETURN_IF_ERROR(server->Bind());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace tocsin::server
