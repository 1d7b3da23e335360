-- wrk script: logins for emails nobody has, a new one per request, so that each
-- is a whole Argon2id check (against the dummy hash) and no limit is reached.
math.randomseed(os.time())
local prefix = tostring(math.random(1, 1000000000))
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/login?/login",
    { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "email=bench-" .. prefix .. "-" .. n .. "%40example.com&password=wrong+password")
end
