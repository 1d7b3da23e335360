#!/usr/bin/env bash
# The edit loop as `make dev` runs it: `cargo leptos watch --split` with
# unhashed file names, one text of a page edited, and the time from the save
# until the server serves the page with the new text (both builds, the
# server's restart). Prints the median of ROUNDS (default 3) in seconds.
#
#   scripts/bench-edit-loop.sh OUT_DIR [ROUNDS]
#
# Called by scripts/bench.sh; runs alone too. The watched file is put back
# after each round and on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
rounds=${2:-3}
mkdir -p "$out"
unset RUSTFLAGS
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=${LEPTOS_OUTPUT_NAME:-$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)}

# The text: English's "You are not logged in", on /.
texts=src/i18n/en.rs
before='Text::NotLoggedIn => "You are not logged in"'
after='Text::NotLoggedIn => "You are not logged in!"'
grep -qF "$before" "$texts" || { echo "bench-edit-loop: no $before in $texts" >&2; exit 1; }
cp "$texts" "$out/texts.orig"

addr=127.0.0.1:3105
setsid env LEPTOS_HASH_FILES=false LEPTOS_SITE_ADDR=$addr LEPTOS_RELOAD_PORT=3106 \
  DATABASE_URL="sqlite://$out/edit-loop.db" DATA_DIR="$out/edit-loop-data" RUST_LOG=warn \
  cargo leptos watch --split >"$out/edit-loop.log" 2>&1 &
watch_pid=$!
finish() {
  cp "$out/texts.orig" "$texts"
  kill -- -"$watch_pid" 2>/dev/null || true
  wait "$watch_pid" 2>/dev/null || true
}
trap finish EXIT

# page_has TEXT: the page at / holds TEXT.
page_has() { curl -fs "http://$addr/" 2>/dev/null | grep -qF "$1"; }
# wait_for TEXT SECONDS: polls every 20 ms; fails after SECONDS.
wait_for() {
  local deadline=$((SECONDS + $2))
  until page_has "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.02
  done
}
wait_for 'You are not logged in<' 900 || { echo "bench-edit-loop: the watched server never answered" >&2; exit 1; }
sleep 2 # let the watcher settle after its first build

times=()
for _ in $(seq "$rounds"); do
  sed -i "s/$before/$after/" "$texts"
  start=$(date +%s.%N)
  wait_for 'You are not logged in!' 300 || { echo "bench-edit-loop: the edit was never served" >&2; exit 1; }
  times+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')")
  cp "$out/texts.orig" "$texts"
  wait_for 'You are not logged in<' 300 || { echo "bench-edit-loop: the page never came back" >&2; exit 1; }
  sleep 2
done
printf '%s\n' "${times[@]}" >"$out/edit-loop.txt"
printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.1f\n", v[int((NR + 1) / 2)]}'
