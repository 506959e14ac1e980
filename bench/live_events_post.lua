-- wrk script for bench/live_events: each request POSTs a batch of 10 new events
-- (unique ids per thread and request) to /api/v1/events with the bearer token
-- in the TOKEN environment variable.
local counter = 0
local thread_name = ""
local countries = {"AFG", "CAF", "COD", "ETH", "MLI", "MMR", "NGA", "SDN", "SOM", "SYR", "UKR", "YEM"}

function setup(thread)
  thread:set("id", tostring(math.random(1, 1000000000)))
end

function init(args)
  thread_name = id or "t"
end

function request()
  counter = counter + 1
  local events = {}
  for k = 0, 9 do
    local country = countries[(counter + k) % #countries + 1]
    local day = 1 + (counter + k) % 28
    events[#events + 1] = string.format(
      '{"source":"wrk","id":"%s-%d-%d","date":"2019-02-%02d","country":"%s","violence":"one-sided","fatalities":%d}',
      thread_name, counter, k, day, country, 1 + k % 5)
  end
  local body = '{"events":[' .. table.concat(events, ",") .. ']}'
  return wrk.format("POST", "/api/v1/events",
                    {["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json"},
                    body)
end
