#!/usr/bin/env bash
# Issue 31's upload budgets, part of `make bench` (scripts/bench.sh), and runnable
# alone once the release server and the upload target are built:
#
#   cargo build --release --bin PACKAGE --example upload_target --no-default-features --features ssr
#   scripts/bench-uploads.sh target/release/PACKAGE target/bench/uploads
#
# (PACKAGE: the package's name in Cargo.toml.) SERVER is the release server;
# the upload target (examples/upload_target.rs) is taken from beside it (its
# examples/ folder). Writes OUT/table.md, the lines of the bench's table, and
# prints them:
#   1. one 100 MiB upload to the layer's form action: the server's peak memory
#      (VmHWM) may rise by at most 16 MiB (spec U2: memory does not grow with
#      a file's size);
#   2. the same upload on loopback against `cp` of the same file on the same
#      disk, in the same run: at least half its speed;
#   3. 20 uploads of 5 MB at once to the demo's POST /api/todos/{id}/attachments:
#      their p99, every answer a 201, and the peak memory within 1's 16 MiB.
#
# The 100 MiB file goes to examples/upload_target.rs, not to the demo, whose
# Attachments form allows 5 MB per file (see that file). Both servers store
# files on the local filesystem under OUT, the disk `cp` writes to.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ne 2 ]]; then
  echo 'usage: scripts/bench-uploads.sh SERVER OUT' >&2
  exit 2
fi
server_bin=$1
out=$2
target_bin=$(dirname "$server_bin")/examples/upload_target
for bin in "$server_bin" "$target_bin"; do
  if [[ ! -x $bin ]]; then
    echo "scripts/bench-uploads.sh: no $bin (build it first, see the top of this script)" >&2
    exit 1
  fi
done
# The server reads its bundle's name from the environment, as bench.sh exports it.
if [[ -z ${LEPTOS_OUTPUT_NAME:-} ]]; then
  LEPTOS_OUTPUT_NAME=$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
  export LEPTOS_OUTPUT_NAME
fi
rm -rf "$out"
mkdir -p "$out"
step() { printf '\033[1mbench:\033[0m %s\n' "$*"; }
rounds=${BENCH_UPLOAD_ROUNDS:-3}
# Rounds of 20 uploads at once, each round one file more on each of 20 todos
# (a todo holds at most 10).
load_rounds=${BENCH_UPLOAD_LOAD_ROUNDS:-5}
target_at=127.0.0.1:3104
demo_at=127.0.0.1:3105
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

# Text files (the forms accept text/plain; a file's type is read from its first
# bytes only) of random characters, made once per run on the disk measured.
big=$out/upload-100MiB.txt
small=$out/upload-5MB.txt
# (Base64 makes 4 characters of every 3 bytes: exactly 100 MiB and 5 MB.)
head -c $((75 * 1024 * 1024)) /dev/urandom | base64 -w 0 >"$big"
head -c 3750000 /dev/urandom | base64 -w 0 >"$small"

# Peak memory in KiB. `peak_reset` makes VmHWM the process's current RSS (the
# kernel's clear_refs), so that a rise is this load's and not hidden under an
# earlier peak (the demo's registration hashes a password with 19 MiB).
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
peak_reset() { echo 5 >"/proc/$1/clear_refs"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
now() { echo "$EPOCHREALTIME"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", b - a}'; }
median() { sort -n | awk '{r[NR] = $1} END {printf "%.2f", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2}'; }
check() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {print ((op == "<=") ? (a <= b) : (a >= b)) ? "yes" : "no"}'; }
wait_for() { for _ in $(seq 100); do curl -fs "http://$1$2" >/dev/null && return || sleep 0.1; done; }

# post FILE URL [CURL ARGS]: one upload as a plain form posts it (no `Expect:
# 100-continue` round trip); prints the status and the seconds it took.
post() {
  curl -sS -o /dev/null -H 'Expect:' -w '%{http_code} %{time_total}\n' \
    -F "file=@$1;type=text/plain" "${@:3}" "$2"
}

step "uploads: the upload target on $target_at"
mkdir -p "$out/target"
RUST_LOG=warn "$target_bin" "$target_at" "$out/target" >"$out/target.log" 2>&1 &
target_pid=$!
pids+=("$target_pid")
wait_for "$target_at" /files
# One small upload first: the first request's one-time allocations (threads,
# the store) are not the file's.
head -c 1024 "$small" >"$out/warm.txt"
read -r status _ < <(post "$out/warm.txt" "http://$target_at/files?/attach")
[[ $status == 303 ]] || { echo "bench: the warm-up upload got $status, not 303; see $out/target.log" >&2; exit 1; }

# Budget 1: one 100 MiB upload, the peak reset just before it.
peak_reset "$target_pid"
big_before=$(hwm "$target_pid")
read -r status first_s < <(post "$big" "http://$target_at/files?/attach")
big_after=$(hwm "$target_pid")
[[ $status == 303 ]] || { echo "bench: the 100 MiB upload got $status, not 303; see $out/target.log" >&2; exit 1; }
big_rise=$((big_after - big_before))

# Budget 2: the upload against `cp` of the same file to the same disk, in
# rounds that alternate which goes first; each round's figure is cp's time /
# the upload's (its speed / cp's), and the line is their median. Neither syncs
# to disk: the upload writes the file twice (spooled, then into the store), cp
# once. Every copy is deleted between rounds.
for round in $(seq "$rounds"); do
  step "uploads: 100 MiB upload and cp, round $round of $rounds"
  order=(upload cp)
  ((round % 2)) || order=(cp upload)
  for what in "${order[@]}"; do
    if [[ $what == cp ]]; then
      t0=$(now)
      cp "$big" "$out/cp-copy.txt"
      t1=$(now)
      cp_s=$(seconds "$t0" "$t1")
      rm -f "$out/cp-copy.txt"
    else
      read -r status upload_s < <(post "$big" "http://$target_at/files?/attach")
      [[ $status == 303 ]] || { echo "bench: a 100 MiB upload got $status; see $out/target.log" >&2; exit 1; }
      rm -rf "$out/target/files/uploads"
    fi
  done
  echo "$cp_s $upload_s" >>"$out/speed.txt"
done
speed_ratio=$(awk '{print $1 / $2}' "$out/speed.txt" | median)
speed_each=$(awk '{printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2}' "$out/speed.txt")
upload_mibs=$(awk '{print 100 / $2}' "$out/speed.txt" | median)
cp_mibs=$(awk '{print 100 / $1}' "$out/speed.txt" | median)
big_peak_all=$(hwm "$target_pid")
kill "$target_pid" 2>/dev/null || true
wait "$target_pid" 2>/dev/null || true

# Budget 3: the demo server, a user with 20 todos, 20 uploads of 5 MB at once,
# one to each todo.
step "uploads: the demo server on $demo_at"
hash_files=false
[[ -f $(dirname "$server_bin")/hash.txt ]] && hash_files=true
env LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR="$demo_at" LEPTOS_ENV=PROD \
  LEPTOS_HASH_FILES=$hash_files LEPTOS_HASH_FILE_NAME=hash.txt \
  DATABASE_URL="sqlite://$out/demo.db" DATA_DIR="$out/demo" RUST_LOG=warn \
  "$server_bin" >"$out/demo.log" 2>&1 &
demo_pid=$!
pids+=("$demo_pid")
wait_for "$demo_at" /
jar=$out/cookies
curl -fs -o /dev/null -c "$jar" -X POST "http://$demo_at/login?/register" \
  -d "email=uploads%40example.com&password=benchmark-password"
session=$(awk '$6 == "session" {print $7}' "$jar")
for i in $(seq 20); do
  curl -fs -o /dev/null -b "session=$session" -H 'content-type: application/json' \
    -d "{\"title\":\"todo number $i\"}" "http://$demo_at/api/todos"
done
mapfile -t todos < <(curl -fs -b "session=$session" "http://$demo_at/api/todos" | grep -oE '"id":[0-9]+' | cut -d: -f2)
if [[ ${#todos[@]} -ne 20 ]]; then
  echo "bench: the upload user has ${#todos[@]} todos, not 20; see $out/demo.log" >&2
  exit 1
fi
attach_url() { echo "http://$demo_at/api/todos/$1/attachments"; }
read -r status _ < <(post "$out/warm.txt" "$(attach_url "${todos[0]}")" -b "session=$session")
[[ $status == 201 ]] || { echo "bench: the warm-up upload to the API got $status, not 201; see $out/demo.log" >&2; exit 1; }
export -f post attach_url
export small session demo_at
peak_reset "$demo_pid"
load_before=$(hwm "$demo_pid")
for round in $(seq "$load_rounds"); do
  step "uploads: 20 uploads of 5 MB at once, round $round of $load_rounds"
  printf '%s\n' "${todos[@]}" |
    xargs -P 20 -I{} bash -c 'post "$small" "$(attach_url {})" -b "session=$session"' >>"$out/load.txt" ||
    true # A refused connection is counted below, not the end of the run.
done
load_after=$(hwm "$demo_pid")
load_rise=$((load_after - load_before))
answers=$(wc -l <"$out/load.txt")
wrong=$(awk '$1 != 201' "$out/load.txt" | wc -l)
expected=$((20 * load_rounds))
# And every file answered 201 is in the store (with the warm-up's).
stored=$(find "$out/demo/files" -type f | wc -l)
errors=$((wrong + expected - answers))
((stored == expected + 1)) || errors=$((errors + 1))
# Nearest rank: the p-th percentile is the ceil(p/100 × n)-th smallest.
pct() { awk '{print $2 * 1000}' "$out/load.txt" | sort -n | awk -v p="$1" '{r[NR] = $1} END {
  i = int(p / 100 * NR); if (i < p / 100 * NR) i++; if (i < 1) i = 1; printf "%.0f", r[i] }'; }
kill "$demo_pid" 2>/dev/null || true
wait "$demo_pid" 2>/dev/null || true
pids=()
# The files (about 600 MB); the logs and timings stay.
rm -rf "$out/demo/files" "$out/target/files" "$big" "$small"

budget_kb=$((16 * 1024))
{
  echo "| one 100 MiB upload to a form action of the layer (examples/upload_target.rs: spooled, then kept in the local object store): the server's peak memory (VmHWM) rise, peak reset just before (after it and $rounds more: $(mib "$big_peak_all") MiB) | $(mib "$big_rise") MiB ($(mib "$big_before") → $(mib "$big_after") MiB) | ≤ 16 MiB | $(check "$big_rise" "<=" "$budget_kb") |"
  echo "| one 100 MiB upload on loopback / \`cp\` of the same file on the same disk, speed: median of $rounds alternating rounds ($speed_each) | $speed_ratio (upload $(printf '%.0f' "$upload_mibs") MiB/s, cp $(printf '%.0f' "$cp_mibs") MiB/s) | ≥ 0.50 | $(check "$speed_ratio" ">=" 0.5) |"
  met=no
  [[ $errors -eq 0 && $(check "$load_rise" "<=" "$budget_kb") == yes ]] && met=yes
  echo "| 20 uploads of 5 MB at once to POST /api/todos/{id}/attachments, $load_rounds rounds: p50 / p99 latency; errors (answers not 201 of $expected, or files not in the store); the server's peak memory rise (reset before) | $(pct 50) ms / $(pct 99) ms; $errors; $(mib "$load_rise") MiB | no error; rise ≤ 16 MiB | $met |"
} >"$out/table.md"
cat "$out/table.md"
