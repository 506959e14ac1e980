// Events and rules the monitor's tests build on (only the tests include this).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tocsin/monitor/event.h"
#include "tocsin/monitor/rules.h"

namespace tocsin::monitor::testing {

inline constexpr int kCentralAfricanRepublic = 482;

// A one-sided event in the Central African Republic from source "test".
Event OneSidedEvent(const std::string& id, const std::string& date, std::int64_t fatalities);

// One rule: surge of weekly one-sided events by country, ratio 2 over 4 weeks.
std::vector<Rule> WeeklySurgeRule(int minimum);

}  // namespace tocsin::monitor::testing
