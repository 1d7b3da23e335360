-- wrk script: the `add` action of /todos, then `delete` of the todo it added, in
-- turn, so the list stays at the user's 20 todos (plus those in flight) and every
-- request costs the same: each answer holds the page rendered again.
--   - plain form (no JavaScript): the answer is the page (200);
--   - BENCH_ENHANCED=1, as the browser half sends it (spec R1): the header
--     x-leptos-page names the page shown, and the one answer (200,
--     text/x-leptos-answer) is the result's JSON line and the page rendered after it.
--   - BENCH_TOKENS=1: each request carries a submission token of its own (spec
--     P3), as a form of the page does, so each is claimed before its action runs;
--     without it, no token, which skips the claim (the cost of the check, A/B).
-- BENCH_SEED_MAX_ID is the largest id of the 20; any larger id is ours to delete.
local seed_max = tonumber(os.getenv("BENCH_SEED_MAX_ID"))
local enhanced = os.getenv("BENCH_ENHANCED") == "1"
local tokens = os.getenv("BENCH_TOKENS") == "1"
-- A token is 32 hexadecimal digits: three random words, then a count, so every
-- request of every run has its own.
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local prefix = string.format("%08x%08x%08x", math.random(0, 0x7fffffff),
  math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
local sent = 0
local function token()
  if not tokens then
    return ""
  end
  sent = sent + 1
  return string.format("&_submission=%s%08x", prefix, sent)
end
-- wrk.format uses the headers it is given instead of wrk.headers (the -H ones,
-- such as the session cookie), so the form's headers start as a copy of those.
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
for name, value in pairs(wrk.headers) do
  form[name] = value
end
if enhanced then
  form["x-leptos-page"] = "/todos"
end
local claimed, queue = {}, {}
-- Answers other than a rendered page (a 303 to /login, a JSON-only answer) would
-- make the figure meaningless; they are counted and reported.
unexpected = 0

request = function()
  local id = table.remove(queue, 1)
  if id then
    return wrk.format("POST", "/todos?/delete", form, "id=" .. id .. token())
  end
  return wrk.format("POST", "/todos?/add", form, "title=benchmark+todo" .. token())
end

response = function(status, headers, body)
  local answer = headers["Content-Type"] or headers["content-type"] or ""
  if status ~= 200 or (enhanced and not answer:find("text/x-leptos-answer", 1, true)) then
    unexpected = unexpected + 1
  end
  for id in string.gmatch(body, 'name="id" value="(%d+)"') do
    local n = tonumber(id)
    if n > seed_max and not claimed[n] then
      claimed[n] = true
      table.insert(queue, n)
    end
  end
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local n = thread:get("unexpected")
    if n > 0 then
      print("Non-2xx or 3xx responses: " .. n .. " answers were not a 200 page")
    end
  end
end
