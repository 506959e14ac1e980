#include "login_throttle.h"

namespace tocsin::server {
namespace {

// Bounds memory under a flood of distinct names or addresses: beyond this many
// tracked keys, keys whose failures have all left the window are dropped.
constexpr std::size_t kForgetAbove = 10000;

std::string AccountKey(const std::string& account) {
  return "account:" + account;
}
std::string AddressKey(const std::string& address) {
  return "address:" + address;
}

}  // namespace

LoginThrottle::LoginThrottle(int failures_allowed, std::chrono::seconds window)
    : failures_allowed_(static_cast<std::size_t>(failures_allowed)), window_(window) {}

std::optional<std::chrono::seconds> LoginThrottle::Blocked(const std::string& key, Clock::time_point now) {
  auto found = failures_.find(key);
  if (found == failures_.end()) return std::nullopt;
  std::deque<Clock::time_point>& times = found->second;
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
  if (times.size() < failures_allowed_) return std::nullopt;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + window_ - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> LoginThrottle::RetryAfter(const std::string& account,
                                                              const std::string& address,
                                                              Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto by_account = Blocked(AccountKey(account), now);
  const auto by_address = Blocked(AddressKey(address), now);
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address,
                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (failures_.size() > kForgetAbove) Forget(now);
  failures_[AccountKey(account)].push_back(now);
  failures_[AddressKey(address)].push_back(now);
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  failures_.erase(AccountKey(account));
}

void LoginThrottle::Forget(Clock::time_point now) {
  std::erase_if(failures_, [&](const auto& entry) { return entry.second.back() + window_ <= now; });
}

}  // namespace tocsin::server
