-- wrk load for POST /v1/scan by hash: a random 256-bit PDQ hash per request (almost all miss the
-- demo bank, as most uploads do). Key from the environment: VIGIL_KEY=vk_... wrk -s scan.lua ...
-- README "Benchmarks" has the exact command.
local key = os.getenv("VIGIL_KEY")
local hex = "0123456789abcdef"
math.randomseed(os.time())

request = function()
  local digits = {}
  for i = 1, 64 do
    local n = math.random(1, 16)
    digits[i] = hex:sub(n, n)
  end
  local body = '{"hashes":{"pdq":"' .. table.concat(digits) .. '"}}'
  return wrk.format("POST", "/v1/scan", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
