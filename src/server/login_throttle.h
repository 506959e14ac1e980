// Login throttling per account and per address: after `failures_allowed` failed
// logins within `window`, further attempts for that account (or from that
// address) are refused until the oldest failure leaves the window. In memory:
// a restart forgets, which only ever loosens the limit for one window.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace tocsin::server {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  LoginThrottle(int failures_allowed, std::chrono::seconds window);

  // nullopt when an attempt for `account` from `address` may go ahead now;
  // otherwise how long the client should wait. Thread-safe.
  std::optional<std::chrono::seconds> RetryAfter(const std::string& account, const std::string& address,
                                                 Clock::time_point now);

  void RecordFailure(const std::string& account, const std::string& address, Clock::time_point now);

  // A successful login clears the account's failures (not the address's: one
  // correct password must not reset guessing at other accounts).
  void RecordSuccess(const std::string& account);

 private:
  std::optional<std::chrono::seconds> Blocked(const std::string& key, Clock::time_point now);
  void Forget(Clock::time_point now);

  const std::size_t failures_allowed_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace tocsin::server
