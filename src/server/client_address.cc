#include "client_address.h"

#include <algorithm>
#include <string_view>

namespace tocsin::server {
namespace {

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool Trusted(std::string_view address, const std::vector<std::string>& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) != trusted_proxies.end();
}

}  // namespace

std::string ClientAddress(const httplib::Request& request, const std::vector<std::string>& trusted_proxies) {
  if (!Trusted(request.remote_addr, trusted_proxies)) return request.remote_addr;
  const std::string forwarded = request.get_header_value("X-Forwarded-For");
  std::string_view rest = forwarded;
  while (!rest.empty()) {
    const std::size_t comma = rest.rfind(',');
    const std::string_view hop = Trimmed(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!hop.empty() && !Trusted(hop, trusted_proxies)) return std::string(hop);
  }
  return request.remote_addr;
}

}  // namespace tocsin::server
