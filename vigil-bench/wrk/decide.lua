-- wrk load for POST /v1/decide: a sign-up with a self-declared birth date, a different account each
-- time. Key from the environment: VIGIL_KEY=vk_... wrk -s decide.lua ...
local key = os.getenv("VIGIL_KEY")
local countries = {"ES", "FR", "DE", "GB", "US", "AU", "IT"}
math.randomseed(os.time())

request = function()
  local year = math.random(1966, 2017)
  local body = '{"action":"signup","jurisdiction":"' .. countries[math.random(1, #countries)] ..
    '","service":{"category":"social_network"},"actor":{"accountId":"u' .. math.random(1, 1000000) ..
    '","ageSignals":[{"source":"self_declared","birthDate":"' .. year .. '-06-15"}]}}'
  return wrk.format("POST", "/v1/decide", {
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
