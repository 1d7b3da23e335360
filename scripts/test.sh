#!/usr/bin/env bash
# Every check and test, in the order that fails fastest: formatting, clippy for the
# server and the browser builds, the Rust tests (unit + HTTP-level), the template's
# checks (`cargo leptos new`, in this repository only), then the Playwright suite
# in Chromium with JavaScript on and off (axe-core among it), and the Nu Html
# Checker on the pages that suite kept. Runs every step even after a failure,
# prints a summary, and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# The app's package and its bundle's name, as Cargo.toml declares them (the
# package's `name`, cargo-leptos's `output-name`), so that a renamed project needs
# no edit here.
package=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
output_name=$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
if [[ -z $package || -z $output_name ]]; then
  echo 'scripts/test.sh: cannot read the package name and output-name from Cargo.toml' >&2
  exit 1
fi

# `cargo leptos build` (dev) compiles with RUSTFLAGS="--cfg erase_components" and
# LEPTOS_OUTPUT_NAME set; cargo test and clippy get the same, so one build of the
# dependencies serves all three. cargo-leptos itself must not inherit RUSTFLAGS:
# it appends its flag to an inherited value, and the doubled flag would rebuild
# every dependency.
export LEPTOS_OUTPUT_NAME=$output_name
unset RUSTFLAGS
as_leptos=(env RUSTFLAGS="--cfg erase_components")

mkdir -p target/test-logs
failed_steps=()
passed_steps=()
skipped_steps=()
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

run fmt cargo fmt --all --check
# The app (this package) and the form-actions layer (form-actions/), with the tests
# of both. The `e2e` feature (the end-to-end tests' hooks) in every build here,
# so that the site built for Playwright shares the tests' artifacts.
server_packages=(-p "$package" -p leptos-form-actions)
server_features=(--no-default-features --features "ssr,$package/e2e")
run clippy-ssr "${as_leptos[@]}" cargo clippy "${server_packages[@]}" --all-targets "${server_features[@]}" -- -D warnings
run clippy-hydrate "${as_leptos[@]}" cargo clippy --workspace --lib --target wasm32-unknown-unknown --target-dir target/front \
  --no-default-features --features hydrate -- -D warnings
# The merge of a new page into the document (form-actions/src/browser/morph.rs),
# in headless Chromium: its wasm-bindgen tests, which cargo hands to
# wasm-bindgen-test-runner (scripts/bootstrap.sh installs it and chromedriver).
run morph env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 "${as_leptos[@]}" \
  cargo test -p leptos-form-actions --lib --target wasm32-unknown-unknown --target-dir target/front \
  --no-default-features --features hydrate
run cargo-test "${as_leptos[@]}" cargo test "${server_packages[@]}" "${server_features[@]}"

# The HTTP-level suite again on PostgreSQL, in a database made for this run (each
# test makes its own schema in it). Without a server this leg is skipped, loudly.
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_db="${package//-/_}_test_$$"
if command -v psql >/dev/null && psql "$pg_admin" -qtAc 'select 1' >/dev/null 2>&1; then
  psql "$pg_admin" -qc "CREATE DATABASE $pg_db"
  run cargo-test-postgres env TEST_DATABASE_URL="${pg_admin%/*}/$pg_db" "${as_leptos[@]}" \
    cargo test -p "$package" "${server_features[@]}" --test http
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)"
else
  printf '\n\033[1;31m!! PostgreSQL is not reachable at %s: the PostgreSQL leg is SKIPPED.\033[0m\n' "$pg_admin"
  printf '!! Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set PG_ADMIN_URL.\n\n'
  skipped_steps+=(cargo-test-postgres)
fi
# `cargo leptos new` from this checkout, with and without the demo (skipped in projects made from it).
if [[ -f cargo-generate.toml ]]; then
  run template env TEMPLATE_CHECK_BUILD=1 scripts/test-template.sh
fi
# --split as every build of the site (Makefile): the lazy islands' own wasm chunks.
run site cargo leptos build --split --bin-features ssr,e2e
# The pages the a11y suite keeps (target/e2e/html) are this run's only.
rm -rf target/e2e/html
run playwright bash -c 'cd end2end && npx playwright test'
# The Nu Html Checker on the server's HTML of every page and state that suite visits.
run html scripts/check-html.sh

# Counts: cargo's "test result:" lines and Playwright's JSON report.
cargo_counts() {
  grep -h '^test result:' "$1" 2>/dev/null | awk '{p += $4; f += $6} END {print p + 0, f + 0}'
}
read -r rust_passed rust_failed < <(cargo_counts target/test-logs/cargo-test.log)
read -r morph_passed morph_failed < <(cargo_counts target/test-logs/morph.log)
pg_skipped=
[[ " ${skipped_steps[*]} " =~ " cargo-test-postgres " ]] && pg_skipped=1
pg_passed=0 pg_failed=0
if [[ -z $pg_skipped ]]; then
  read -r pg_passed pg_failed < <(cargo_counts target/test-logs/cargo-test-postgres.log)
fi
# The template's checks: scripts/test-template.sh prints a PASS or FAIL line for each.
template_passed=0 template_failed=0
if [[ " ${passed_steps[*]} ${failed_steps[*]} " =~ " template " ]]; then
  template_passed=$(grep -c '^[^ ]*PASS' target/test-logs/template.log)
  template_failed=$(grep -c '^[^ ]*FAIL' target/test-logs/template.log)
fi
read -r e2e_passed e2e_failed e2e_skipped < <(node -e '
  const fs = require("fs");
  try {
    const s = JSON.parse(fs.readFileSync("target/e2e/results.json", "utf8")).stats;
    console.log(s.expected, s.unexpected + s.flaky, s.skipped);
  } catch { console.log(0, 0, 0); }')

echo
echo "Rust tests (unit + HTTP on SQLite): $rust_passed passed, $rust_failed failed"
echo "The merge's tests (wasm, in headless Chromium): $morph_passed passed, $morph_failed failed"
if [[ -n $pg_skipped ]]; then
  echo "HTTP tests on PostgreSQL: SKIPPED (no server)"
else
  echo "HTTP tests on PostgreSQL: $pg_passed passed, $pg_failed failed"
fi
if [[ -f cargo-generate.toml ]]; then
  echo "Template checks (cargo leptos new, with and without the demo): $template_passed passed, $template_failed failed"
fi
echo "Playwright tests (JS on and off): $e2e_passed passed, $e2e_failed failed, $e2e_skipped skipped"
echo "Steps passed: ${passed_steps[*]:-none}"
echo "Steps failed: ${failed_steps[*]:-none}"
echo "Steps skipped: ${skipped_steps[*]:-none}"
# Tests only: the template's checks are a step of their own (failed, it fails the run).
total_passed=$((rust_passed + morph_passed + pg_passed + e2e_passed))
total_failed=$((rust_failed + morph_failed + pg_failed + e2e_failed))
if ((${#failed_steps[@]})); then
  echo "$total_passed passed, $((total_failed > 0 ? total_failed : ${#failed_steps[@]})) failed"
  exit 1
fi
echo "$total_passed passed, $total_failed failed"
