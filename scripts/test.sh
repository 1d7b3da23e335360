#!/usr/bin/env bash
# Every check and test, in the order that fails fastest: formatting, clippy for the
# server and the browser builds, the Rust tests (unit + HTTP-level), then the
# Playwright suite in Chromium with JavaScript on and off. Runs every step even
# after a failure, prints a summary, and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# `cargo leptos build` (dev) compiles with RUSTFLAGS="--cfg erase_components" and
# LEPTOS_OUTPUT_NAME set; cargo test and clippy get the same, so one build of the
# dependencies serves all three. cargo-leptos itself must not inherit RUSTFLAGS:
# it appends its flag to an inherited value, and the doubled flag would rebuild
# every dependency.
export LEPTOS_OUTPUT_NAME=starter
unset RUSTFLAGS
as_leptos=(env RUSTFLAGS="--cfg erase_components")

mkdir -p target/test-logs
failed_steps=()
passed_steps=()
run() {
  local name=$1
  shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  if "$@" 2>&1 | tee "target/test-logs/$name.log"; then
    passed_steps+=("$name")
  else
    failed_steps+=("$name")
  fi
}

run fmt cargo fmt --check
run clippy-ssr "${as_leptos[@]}" cargo clippy --all-targets --no-default-features --features ssr -- -D warnings
run clippy-hydrate "${as_leptos[@]}" cargo clippy --lib --target wasm32-unknown-unknown --target-dir target/front \
  --no-default-features --features hydrate -- -D warnings
run cargo-test "${as_leptos[@]}" cargo test --no-default-features --features ssr
run site cargo leptos build
run playwright bash -c 'cd end2end && npx playwright test'

# Counts: cargo's "test result:" lines and Playwright's JSON report.
read -r rust_passed rust_failed < <(grep -h '^test result:' target/test-logs/cargo-test.log 2>/dev/null |
  awk '{p += $4; f += $6} END {print p + 0, f + 0}')
read -r e2e_passed e2e_failed e2e_skipped < <(node -e '
  const fs = require("fs");
  try {
    const s = JSON.parse(fs.readFileSync("target/e2e/results.json", "utf8")).stats;
    console.log(s.expected, s.unexpected + s.flaky, s.skipped);
  } catch { console.log(0, 0, 0); }')

echo
echo "Rust tests: $rust_passed passed, $rust_failed failed"
echo "Playwright tests: $e2e_passed passed, $e2e_failed failed, $e2e_skipped skipped"
echo "Steps passed: ${passed_steps[*]:-none}"
echo "Steps failed: ${failed_steps[*]:-none}"
total_passed=$((rust_passed + e2e_passed))
total_failed=$((rust_failed + e2e_failed))
if ((${#failed_steps[@]})); then
  echo "$total_passed passed, $((total_failed > 0 ? total_failed : ${#failed_steps[@]})) failed"
  exit 1
fi
echo "$total_passed passed, $total_failed failed"
