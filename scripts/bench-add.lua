-- wrk script: the `add` action of /todos, posted as a plain form (no JavaScript).
wrk.method = "POST"
wrk.body = "title=benchmark+todo"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
