-- wrk script: /todos used without JavaScript. A plain form adds a todo, another
-- deletes it, so the list stays at the user's 20 todos (plus those in flight)
-- and every request costs the same: each answer is the page rendered again (200).
-- BENCH_SEED_MAX_ID is the largest id of the 20; any larger id is ours to delete.
local seed_max = tonumber(os.getenv("BENCH_SEED_MAX_ID"))
-- wrk.format uses the headers it is given instead of wrk.headers (the -H ones,
-- such as the session cookie), so the form's headers start as a copy of those.
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
for name, value in pairs(wrk.headers) do
  form[name] = value
end
local claimed, queue = {}, {}
-- Answers other than a rendered page (a 303 to /login, say) would make the figure
-- meaningless; they are counted and reported.
unexpected = 0

request = function()
  local id = table.remove(queue, 1)
  if id then
    return wrk.format("POST", "/todos?/delete", form, "id=" .. id)
  end
  return wrk.format("POST", "/todos?/add", form, "title=benchmark+todo")
end

response = function(status, headers, body)
  if status ~= 200 then
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
