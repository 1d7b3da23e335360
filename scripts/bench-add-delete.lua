-- wrk script: /todos used without JavaScript. A plain form adds a todo, another
-- deletes it, so the list stays at the user's 20 todos (plus those in flight)
-- and every request costs the same: each answer is the page rendered again (200).
-- BENCH_SEED_MAX_ID is the largest id of the 20; any larger id is ours to delete.
local seed_max = tonumber(os.getenv("BENCH_SEED_MAX_ID"))
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local claimed, queue = {}, {}

request = function()
  local id = table.remove(queue, 1)
  if id then
    return wrk.format("POST", "/todos?/delete", form, "id=" .. id)
  end
  return wrk.format("POST", "/todos?/add", form, "title=benchmark+todo")
end

response = function(status, headers, body)
  for id in string.gmatch(body, 'name="id" value="(%d+)"') do
    local n = tonumber(id)
    if n > seed_max and not claimed[n] then
      claimed[n] = true
      table.insert(queue, n)
    end
  end
end
