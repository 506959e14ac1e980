#include "authenticator.h"

#include <fmt/format.h>

#include "tocsin/access/api_token.h"

namespace tocsin::server {
namespace {

constexpr std::string_view kBearer = "Bearer ";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> CookieValue(const httplib::Request& request, std::string_view name) {
  const std::size_t headers = request.get_header_value_count("Cookie");
  for (std::size_t h = 0; h < headers; ++h) {
    const std::string cookies = request.get_header_value("Cookie", h);
    std::string_view rest = cookies;
    while (!rest.empty()) {
      const std::size_t semicolon = rest.find(';');
      const std::string_view pair = Trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      const std::size_t equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
        return std::string(pair.substr(equals + 1));
      }
    }
  }
  return std::nullopt;
}

std::string SessionCookie(const std::string& token, std::chrono::seconds max_age, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie, token,
                     token.empty() ? 0 : max_age.count(), secure ? "; Secure" : "");
}

Result<Authentication> Authenticate(Services& services, const httplib::Request& request) {
  Authentication authentication;
  const std::string authorization = request.get_header_value("Authorization");
  const std::optional<std::string> cookie = CookieValue(request, kSessionCookie);
  if (authorization.empty() && (!cookie || cookie->empty())) return authentication;
  const auto now = access::Clock::now();
  if (!authorization.empty()) {
    if (!authorization.starts_with(kBearer))
      return NotFoundError("unsupported Authorization scheme; use Bearer");
    const std::string token = authorization.substr(kBearer.size());
    TOCSIN_RETURN_IF_ERROR(services.store().Read([&](store::Transaction& transaction) -> Status {
      TOCSIN_ASSIGN_OR_RETURN(authentication.principal,
                              access::AuthenticateApiToken(transaction, token, now));
      return Status::Ok();
    }));
    authentication.credential = Credential::kApiToken;
    return authentication;
  }
  TOCSIN_RETURN_IF_ERROR(services.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(authentication.session,
                            access::CheckSession(transaction, *cookie, services.options().sessions, now));
    return Status::Ok();
  }));
  if (authentication.session->needs_touch) {
    TOCSIN_RETURN_IF_ERROR(services.store().Write([&](store::Transaction& transaction) {
      return access::TouchSession(transaction, authentication.session->id, now);
    }));
  }
  authentication.principal = authentication.session->principal;
  authentication.credential = Credential::kSession;
  return authentication;
}

}  // namespace tocsin::server
