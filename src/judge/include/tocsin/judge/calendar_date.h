// Calendar dates ("YYYY-MM-DD") of assessments, questions and trigger dates.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "tocsin/core/result.h"

namespace tocsin::judge {

// Errors: InvalidArgument "FIELD: 'TEXT' is not a date; use YYYY-MM-DD".
Result<std::chrono::year_month_day> ParseCalendarDate(std::string_view text, std::string_view field);

std::string FormatCalendarDate(std::chrono::year_month_day date);

// `date` moved by `months` (negative: back); the 29th-31st become the last day
// of a shorter month.
std::chrono::year_month_day AddMonths(std::chrono::year_month_day date, int months);

}  // namespace tocsin::judge
