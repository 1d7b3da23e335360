-- wrk script: the `add` action of /todos as an enhanced form sends it
-- (x-leptos-action: true): the answer is the JSON ActionResult, no page render.
wrk.method = "POST"
wrk.body = "title=benchmark+todo"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["x-leptos-action"] = "true"
