-- wrk script of bench/redirect.py.
-- Arguments: mode (baseline | fast | redirect), codes file, run number, deadline (Unix time, seconds).
-- Each request comes from a new simulated visitor: a unique X-Forwarded-For address (the server trusts
-- 127.0.0.1 as its proxy) and a browser user agent. At the deadline each connection stops sending (a
-- long delay) so that no request is in flight when wrk stops: every answer sent was received.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
end

local agents = {
  "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6960",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local paths = {}
local run, deadline
-- Globals, read by done() through thread:get().
counter, sent, answered, redirects, statuses = 0, 0, 0, 0, 0

function init(args)
  run, deadline = tonumber(args[3]), tonumber(args[4])
  if args[1] == "redirect" then
    for code in io.lines(args[2]) do table.insert(paths, "/r/" .. code) end
  elseif args[1] == "fast" then
    paths = { "/r/-baseline" }  -- the trivial view through the /r/ fast path
  else
    paths = { "/links/-baseline" }  -- the trivial view through the whole middleware stack
  end
end

function delay()
  if now() >= deadline then return 3600000 end
  return 0
end

function request()
  counter = counter + 1
  sent = sent + 1
  local address = string.format("fd00:%x:%x::%x:%x", run, thread_number, math.floor(counter / 65536), counter % 65536)
  local headers = { ["User-Agent"] = agents[counter % #agents + 1], ["X-Forwarded-For"] = address }
  return wrk.format("GET", paths[counter % #paths + 1], headers)
end

function response(status, headers, body)
  answered = answered + 1
  if status == 302 then redirects = redirects + 1 else statuses = statuses + 1 end
end

function done(summary, latency, requests)
  local totals = { sent = 0, answered = 0, redirects = 0, statuses = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK {"sent": %d, "answered": %d, "redirects": %d, "other_statuses": %d, "p50_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "socket_errors": %d}\n',
    totals.sent, totals.answered, totals.redirects, totals.statuses, latency:percentile(50),
    latency:percentile(99), latency.max, errors.connect + errors.read + errors.write + errors.timeout))
end
