// For the fetch tests: an HTTP server on 127.0.0.1 (an ephemeral port) that
// serves fixed bodies by path and misbehaves on request: 404, an error status
// for the next N requests, a body cut short of its Content-Length, or a stall.
// It counts the requests per path, so a test can prove a file was not fetched
// again. Test-only; never linked into tocsin.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace tocsin::fetch::testing {

class LoopbackServer {
 public:
  LoopbackServer() {
    server_.Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
      Handle(request, response);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket is bound already, so requests queue until the thread accepts them.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ~LoopbackServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    released_.notify_all();
    server_.stop();
    thread_.join();
  }

  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Url(const std::string& path) const { return Origin() + path; }

  void Serve(const std::string& path, std::string body) {
    std::lock_guard lock(mutex_);
    routes_[path] = Route{.body = std::move(body)};
  }
  void ServeFile(const std::string& path, const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    Serve(path, body.str());
  }
  // The next `count` requests for `path` are answered with `status`.
  void FailNext(const std::string& path, int count, int status = 503) {
    std::lock_guard lock(mutex_);
    routes_[path].failures = count;
    routes_[path].failure_status = status;
  }
  // `path` announces its full Content-Length but sends only the first half.
  void Truncate(const std::string& path) {
    std::lock_guard lock(mutex_);
    routes_[path].truncate = true;
  }
  // `path` answers with a chunked body (no Content-Length) that never ends.
  void Endless(const std::string& path) {
    std::lock_guard lock(mutex_);
    routes_[path].endless = true;
  }
  // `path` waits this long (or until the server stops) before it answers.
  void Stall(const std::string& path, std::chrono::milliseconds stall) {
    std::lock_guard lock(mutex_);
    routes_[path].stall = stall;
  }

  int Requests(const std::string& path) const {
    std::lock_guard lock(mutex_);
    const auto found = requests_.find(path);
    return found == requests_.end() ? 0 : found->second;
  }

 private:
  struct Route {
    std::string body;
    int failures = 0;
    int failure_status = 503;
    bool truncate = false;
    bool endless = false;
    std::chrono::milliseconds stall{0};
  };

  void Handle(const httplib::Request& request, httplib::Response& response) {
    std::unique_lock lock(mutex_);
    ++requests_[request.path];
    const auto found = routes_.find(request.path);
    if (found == routes_.end()) {
      response.status = 404;
      response.set_content("not found", "text/plain");
      return;
    }
    Route& route = found->second;
    if (route.stall.count() > 0) released_.wait_for(lock, route.stall, [this] { return stopping_; });
    if (route.failures > 0) {
      --route.failures;
      response.status = route.failure_status;
      response.set_content("try later", "text/plain");
      return;
    }
    const std::string body = route.body;
    if (route.endless) {
      // Until the client hangs up (sink.write then fails).
      response.set_chunked_content_provider("text/csv", [](std::size_t, httplib::DataSink& sink) {
        static const std::string kChunk(64 << 10, 'x');
        return sink.write(kChunk.data(), kChunk.size());
      });
      return;
    }
    if (route.truncate) {
      response.set_content_provider(body.size(), "application/octet-stream",
                                    [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                      if (offset > 0) return false;  // drop the connection mid-body
                                      sink.write(body.data(), body.size() / 2);
                                      return true;
                                    });
      return;
    }
    response.set_content(body, "application/octet-stream");
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  bool stopping_ = false;
  std::map<std::string, Route> routes_;
  std::map<std::string, int> requests_;
};

}  // namespace tocsin::fetch::testing
