#!/usr/bin/env bash
# Installs what the two commands need, and skips whatever is already there, so a
# second run takes seconds. Safe to run on a fresh Debian machine as root (or
# with sudo): the Rust wasm target, cargo-leptos, wasm-bindgen-cli (the version in
# Cargo.lock; its wasm-bindgen-test-runner runs the merge's tests), Chromium and
# its chromedriver (for that runner), Java when missing (Debian's
# default-jre-headless, for the Nu Html Checker), and the end2end npm packages
# (Playwright, axe-core, the Nu Html Checker's vnu-jar, and binaryen, whose
# wasm-opt release builds use: see Cargo.toml), and Debian's postgresql when no
# initdb is found (make test starts a throwaway cluster with it: scripts/pg-throwaway.sh),
# and moto's S3 server (PyPI) for the test of the S3 store.
#
# Arguments name more commands to install from the Debian package of the same name
# when missing (`scripts/bootstrap.sh wrk brotli`, for the benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh

# 0.3.11, the newest: its wasm splitter (wasm_split_cli_support 0.2.3) reads what
# wasm-bindgen 0.2.128+ emits, so a fork can use `--split` (README, Benchmarks).
CARGO_LEPTOS_VERSION=0.3.11
step() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# A release profile without LTO builds the tools in half the time.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

if [[ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]]; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores)"
  scripts/install-cargo-leptos.sh "$CARGO_LEPTOS_VERSION"
fi

wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]]; then
  step "installing wasm-bindgen-cli $wb_version (about 7 minutes)"
  # Not --locked: its lockfile pins a webpki-roots that the registry no longer serves.
  fast_install wasm-bindgen-cli --version "$wb_version"
fi

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
# The Nu Html Checker (vnu-jar, from npm) that make test runs needs Java.
command -v java >/dev/null || missing+=(default-jre-headless)
# The PostgreSQL leg of make test: initdb and pg_ctl, in /usr/lib/postgresql/*/bin
# (Debian's place, off PATH) or on PATH. Not wanted when that leg is skipped.
if [[ ${SKIP_POSTGRES:-0} == 0 ]] && ! { pg_bin=$(PG_BIN='' pg_bin_dir) && [[ -x $pg_bin/initdb ]]; }; then
  missing+=(postgresql)
fi
for command in "$@"; do
  command -v "$command" >/dev/null || missing+=("$command")
done
if ((${#missing[@]})); then
  step "installing ${missing[*]} from Debian"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  # Debian's postgresql would create a cluster `main` and start it on port 5432;
  # make test needs none (it starts its own), so this install makes none: the
  # drop-in below sets create_main_cluster = false while apt runs.
  no_main=/etc/postgresql-common/createcluster.d/00-bootstrap-no-main-cluster.conf
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    $sudo mkdir -p "${no_main%/*}"
    echo 'create_main_cluster = false # while scripts/bootstrap.sh installs postgresql' | $sudo tee "$no_main" >/dev/null
  fi
  status=0
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || status=$?
  $sudo rm -f "$no_main"
  ((status == 0)) || exit "$status"
fi

# The S3 store's test (tests/http/uploads.rs, spec U5) runs against moto's S3
# server, started on loopback by the test: from PyPI, once.
if ! command -v moto_server >/dev/null; then
  step "installing moto's S3 server (PyPI)"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip
  fi
  # Debian's own Python refuses packages outside apt unless told (PEP 668).
  python3 -m pip install --quiet 'moto[server]' ||
    python3 -m pip install --quiet --break-system-packages 'moto[server]'
fi

# npm packages: reinstalled only when package-lock.json changed.
if [[ ! -f end2end/node_modules/.installed || end2end/package-lock.json -nt end2end/node_modules/.installed ]]; then
  step "installing the end2end npm packages"
  # Playwright's own browser download cannot work here: Debian's Chromium is used.
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  touch end2end/node_modules/.installed
fi
