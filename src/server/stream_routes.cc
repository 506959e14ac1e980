// GET /api/v1/stream: server-sent events of the changes the caller may see,
// filtered by the policy for each event, with the user re-read on every poll so
// that disabling them or lowering their clearance applies at once.
#include <charconv>
#include <thread>

#include "api_routes.h"
#include "authenticator.h"
#include "change_feed.h"
#include "dispatcher.h"
#include "services.h"
#include "tocsin/access/audit_log.h"
#include "tocsin/access/user_repository.h"

namespace tocsin::server {
namespace {

constexpr std::int64_t kEntriesPerPoll = 500;
constexpr std::chrono::milliseconds kPollInterval(500);
constexpr std::chrono::milliseconds kStopCheckInterval(50);
constexpr std::chrono::seconds kKeepAliveInterval(15);

struct StreamState {
  Services& services;
  access::UserId user;
  // The request's credentials (Authorization and Cookie headers), checked again
  // at every poll: a logout or a revoked token ends the stream, as it ends every
  // other request.
  httplib::Headers credentials;
  std::int64_t after = 0;
  bool follow = true;
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
};

// One poll: sends what is new, or waits. Returns false to end the stream.
bool Poll(StreamState& state, httplib::DataSink& sink) {
  if (state.services.stopping()) return false;
  httplib::Request request;
  request.method = "GET";
  request.headers = state.credentials;
  const auto authenticated = Authenticate(state.services, request);
  if (!authenticated.ok() || authenticated->credential == Credential::kNone ||
      authenticated->principal.user != state.user) {
    return false;  // logged out, token revoked, session expired: the stream ends
  }
  ChangePage page;
  const Status read = state.services.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const access::Principal principal,
                            access::LoadPrincipal(transaction, state.user));
    TOCSIN_ASSIGN_OR_RETURN(page, VisibleChanges(transaction, principal, state.after, kEntriesPerPoll));
    return Status::Ok();
  });
  if (!read.ok()) return false;  // disabled or gone: the stream ends
  for (const Change& change : page.changes) {
    const std::string event = "id: " + std::to_string(change.sequence) +
                              "\nevent: change\ndata: " + SafeJson(change.event) + "\n\n";
    if (!sink.write(event.data(), event.size())) return false;
    state.last_write = std::chrono::steady_clock::now();
  }
  const bool caught_up = page.last_sequence == state.after;
  state.after = page.last_sequence;
  if (!caught_up) return true;
  if (!state.follow) return false;
  if (std::chrono::steady_clock::now() - state.last_write > kKeepAliveInterval) {
    constexpr std::string_view kKeepAlive = ": keep-alive\n\n";
    if (!sink.write(kKeepAlive.data(), kKeepAlive.size())) return false;
    state.last_write = std::chrono::steady_clock::now();
  }
  for (auto waited = std::chrono::milliseconds(0); waited < kPollInterval; waited += kStopCheckInterval) {
    if (state.services.stopping()) return false;
    std::this_thread::sleep_for(kStopCheckInterval);
  }
  return true;
}

Result<Reply> Stream(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(std::optional<std::int64_t> after, call.IntegerQuery("after"));
  if (!after && call.request.has_header("Last-Event-ID")) {
    std::int64_t last = 0;
    const std::string header = call.request.get_header_value("Last-Event-ID");
    if (std::from_chars(header.data(), header.data() + header.size(), last).ec != std::errc()) {
      return InvalidArgumentError("Last-Event-ID must be an event id");
    }
    after = last;
  }
  if (!after) {
    // Without a starting point the stream starts now.
    TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
      TOCSIN_ASSIGN_OR_RETURN(const access::AuditHead head, access::ReadAuditHead(transaction));
      after = head.sequence;
      return Status::Ok();
    }));
  }
  httplib::Headers credentials;
  for (const char* name : {"Authorization", "Cookie"}) {  // Headers compare names ignoring case
    const auto [first, last] = call.request.headers.equal_range(name);
    credentials.insert(first, last);
  }
  auto state = std::make_shared<StreamState>(
      StreamState{call.services, call.principal.user, std::move(credentials), *after});
  state->follow = call.request.get_param_value("follow") != "false";
  Reply reply;
  reply.headers.emplace_back("X-Accel-Buffering", "no");
  reply.stream = [state](httplib::Response& response) {
    response.set_chunked_content_provider("text/event-stream", [state](std::size_t, httplib::DataSink& sink) {
      if (!Poll(*state, sink)) sink.done();
      return true;
    });
  };
  return reply;
}

}  // namespace

void AddStreamRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/stream",
       .summary = "Server-sent events (text/event-stream) of changes to records the caller may read",
       .tag = "stream",
       .guard = Guard::kAuthenticated,
       .query = {{"after", "integer", "Send changes after this event id (default: from now on)"},
                 {"follow", "string", "\"false\": send the changes so far, then close"}},
       .streams = true,
       .handler = Stream});
}

}  // namespace tocsin::server
