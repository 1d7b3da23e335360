#!/usr/bin/env bash
# The release bundle as it ships: `make release` (scripts/release.sh), the bundle
# copied into a temporary directory of its own, started there with only the
# variables docs/production.md documents (no Cargo.toml, no target/, no
# inherited environment), and a page loaded in Chromium, which must be styled
# and hydrate (end2end/release-check.mjs). Part of `make test`, last: the
# release build replaces target/site, which the Playwright step uses.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
package=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)

scripts/release.sh

dir=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
cp -R target/bundle/. "$dir/"
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
address=127.0.0.1:$port

cd "$dir"
env -i PATH=/usr/bin:/bin HOME="$dir" \
  LEPTOS_SITE_ROOT=site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true \
  LEPTOS_SITE_ADDR="$address" LEPTOS_ENV=PROD \
  ORIGIN="http://$address" \
  "./$package" >server.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://$address/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "The release server exited:" >&2
    cat server.log >&2
    exit 1
  fi
  sleep 0.1
done

cd "$root/end2end"
if node release-check.mjs "http://$address"; then
  echo "PASS the release bundle, run from $dir, serves styled pages that hydrate"
else
  echo "FAIL the release bundle (its log follows)"
  cat "$dir/server.log"
  exit 1
fi
