// The address a request came from, as the login throttle and the access log
// should see it: the connection's peer, or, when the peer is a proxy the
// operator named as trusted, the client that proxy says it forwarded for.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

namespace tocsin::server {

// The rightmost address of X-Forwarded-For that is not itself a trusted proxy,
// when the connection comes from one of `trusted_proxies`; otherwise (or when
// the header is absent or empty) the connection's peer address. Entries left
// of that one are the client's own claims and are never believed.
std::string ClientAddress(const httplib::Request& request, const std::vector<std::string>& trusted_proxies);

}  // namespace tocsin::server
