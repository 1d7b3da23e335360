#!/usr/bin/env bash
# Every check and test, in the order that fails fastest: formatting, clippy for the
# server and the browser builds, the Rust tests (unit + HTTP-level), the template's
# checks (`cargo leptos new`, in this repository only), then the Playwright suite
# in Chromium with JavaScript on and off (axe-core among it), the Nu Html
# Checker on the pages that suite kept, and the release bundle run as it ships
# (scripts/test-release.sh). Runs every step even after a failure,
# prints a summary, and exits non-zero if anything failed.
#
#   scripts/test.sh                                  every step
#   TEST_STEPS='fmt cargo-test-postgres' scripts/test.sh   only the steps named
#   SKIP_POSTGRES=1 scripts/test.sh                  without the PostgreSQL leg (reported SKIPPED)
#   PG_ADMIN_URL=postgres://… scripts/test.sh        the PostgreSQL leg on that server
#
# Steps: fmt clippy-ssr clippy-hydrate morph cargo-test cargo-test-postgres
# template site playwright html release.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh

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

# This run's logs only: the summary counts tests from them.
mkdir -p target/test-logs
rm -f target/test-logs/*.log
failed_steps=()
passed_steps=()
skipped_steps=()
# TEST_STEPS (space-separated step names) runs those steps only; unset, every step.
selected() { [[ -z ${TEST_STEPS:-} || " $TEST_STEPS " == *" $1 "* ]]; }
run() {
  local name=$1
  shift
  selected "$name" || return 0
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
# test makes its own schema in it): on the server at PG_ADMIN_URL (default
# 127.0.0.1:5432) when it answers, else on a throwaway cluster that this script
# starts in a temporary directory and deletes at the end (scripts/pg-throwaway.sh).
# Skipped only when asked (SKIP_POSTGRES=1), loudly; a cluster that does not start
# fails the step.
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_db="${package//-/_}_test_$$"
psql=$(command -v psql || echo "$(pg_bin_dir)/psql")
pg_leg() {
  local admin=$1
  "$psql" "$admin" -qc "CREATE DATABASE $pg_db" || return 1
  env TEST_DATABASE_URL="${admin%/*}/$pg_db" "${as_leptos[@]}" \
    cargo test -p "$package" "${server_features[@]}" --test http
  local status=$?
  "$psql" "$admin" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)"
  return $status
}
pg_where=
if ! selected cargo-test-postgres; then
  :
elif [[ -n ${SKIP_POSTGRES:-} && ${SKIP_POSTGRES:-} != 0 ]]; then
  printf '\n\033[1;31m!! SKIP_POSTGRES=%s: the PostgreSQL leg is SKIPPED.\033[0m\n\n' "$SKIP_POSTGRES"
  skipped_steps+=(cargo-test-postgres)
elif [[ -x $psql ]] && "$psql" "$pg_admin" -qtAc 'select 1' >/dev/null 2>&1; then
  pg_where="the server at $pg_admin"
  run cargo-test-postgres pg_leg "$pg_admin"
else
  printf '\n\033[1m!! No PostgreSQL answers at %s: starting a throwaway cluster.\033[0m\n' "$pg_admin"
  # Stopped and deleted however this script ends.
  trap pg_throwaway_stop EXIT
  trap 'pg_throwaway_stop; exit 130' INT
  trap 'pg_throwaway_stop; exit 143' TERM
  if pg_throwaway_start >target/test-logs/postgres-start.log 2>&1; then
    cat target/test-logs/postgres-start.log
    pg_where="a throwaway cluster"
    run cargo-test-postgres pg_leg "$PG_THROWAWAY_URL"
  else
    cat target/test-logs/postgres-start.log
    printf '\033[1;31m!! The throwaway PostgreSQL cluster did not start: the PostgreSQL leg FAILED.\033[0m\n'
    printf '!! Install PostgreSQL (scripts/bootstrap.sh does), set PG_ADMIN_URL, or skip the leg with SKIP_POSTGRES=1.\n\n'
    cp target/test-logs/postgres-start.log target/test-logs/cargo-test-postgres.log
    failed_steps+=(cargo-test-postgres)
  fi
  pg_throwaway_stop
  trap - EXIT INT TERM
fi
# `cargo leptos new` from this checkout, with and without the demo (skipped in projects made from it).
if [[ -f cargo-generate.toml ]]; then
  run template env TEMPLATE_CHECK_BUILD=1 scripts/test-template.sh
fi
# --split as every build of the site (Makefile): the lazy islands' own wasm chunks.
run site cargo leptos build --split --bin-features ssr,e2e
# The pages the a11y suite keeps (target/e2e/html) are this run's only.
selected playwright && rm -rf target/e2e/html
run playwright bash -c 'cd end2end && npx playwright test'
# The Nu Html Checker on the server's HTML of every page and state that suite visits.
run html scripts/check-html.sh
# The release bundle (`make release`), run from a directory of its own with only
# the documented variables, styled and hydrating in Chromium. Last: its build
# replaces target/site, which the steps above use.
run release scripts/test-release.sh

# Counts: cargo's "test result:" lines and Playwright's JSON report, of the steps
# that ran.
ran() { [[ " ${passed_steps[*]} ${failed_steps[*]} " == *" $1 "* ]]; }
cargo_counts() {
  grep -h '^test result:' "$1" 2>/dev/null | awk '{p += $4; f += $6} END {print p + 0, f + 0}'
}
read -r rust_passed rust_failed < <(cargo_counts target/test-logs/cargo-test.log)
read -r morph_passed morph_failed < <(cargo_counts target/test-logs/morph.log)
read -r pg_passed pg_failed < <(cargo_counts target/test-logs/cargo-test-postgres.log)
# The template's checks: scripts/test-template.sh prints a PASS or FAIL line for each.
template_passed=0 template_failed=0
if ran template; then
  template_passed=$(grep -c '^[^ ]*PASS' target/test-logs/template.log)
  template_failed=$(grep -c '^[^ ]*FAIL' target/test-logs/template.log)
fi
e2e_passed=0 e2e_failed=0 e2e_skipped=0
ran playwright && read -r e2e_passed e2e_failed e2e_skipped < <(node -e '
  const fs = require("fs");
  try {
    const s = JSON.parse(fs.readFileSync("target/e2e/results.json", "utf8")).stats;
    console.log(s.expected, s.unexpected + s.flaky, s.skipped);
  } catch { console.log(0, 0, 0); }')

echo
ran cargo-test && echo "Rust tests (unit + HTTP on SQLite): $rust_passed passed, $rust_failed failed"
ran morph && echo "The merge's tests (wasm, in headless Chromium): $morph_passed passed, $morph_failed failed"
if [[ " ${skipped_steps[*]} " == *" cargo-test-postgres "* ]]; then
  printf '\033[1;31mHTTP tests on PostgreSQL: SKIPPED (SKIP_POSTGRES=%s)\033[0m\n' "$SKIP_POSTGRES"
elif [[ -z $pg_where ]] && ran cargo-test-postgres; then
  echo "HTTP tests on PostgreSQL: FAILED, the throwaway cluster did not start (target/test-logs/postgres-start.log)"
elif [[ -n $pg_where ]]; then
  echo "HTTP tests on PostgreSQL ($pg_where): $pg_passed passed, $pg_failed failed"
fi
if ran template; then
  echo "Template checks (cargo leptos new, with and without the demo): $template_passed passed, $template_failed failed"
fi
ran playwright && echo "Playwright tests (JS on and off): $e2e_passed passed, $e2e_failed failed, $e2e_skipped skipped"
echo "Steps passed: ${passed_steps[*]:-none}"
echo "Steps failed: ${failed_steps[*]:-none}"
echo "Steps skipped: ${skipped_steps[*]:-none}"
[[ -n ${TEST_STEPS:-} ]] && echo "Steps selected (TEST_STEPS): $TEST_STEPS"
# Tests only: the template's checks are a step of their own (failed, it fails the run).
total_passed=$((rust_passed + morph_passed + pg_passed + e2e_passed))
total_failed=$((rust_failed + morph_failed + pg_failed + e2e_failed))
if ((${#failed_steps[@]})); then
  echo "$total_passed passed, $((total_failed > 0 ? total_failed : ${#failed_steps[@]})) failed"
  exit 1
fi
echo "$total_passed passed, $total_failed failed"
