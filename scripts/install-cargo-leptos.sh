#!/usr/bin/env bash
# Installs cargo-leptos VERSION (used by scripts/bootstrap.sh and the Dockerfile).
#
# Its Cargo.lock pins cargo-util-schemas 0.14.2, which needs rustc 1.96, and this
# template builds with 1.95. 0.14.1 (rustc 1.94) has the same API, so the lock is
# patched to it and everything else stays as locked. The .crate is fetched from
# where cargo itself downloads crates.
set -euo pipefail
version=$1

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
curl -fsSL "https://static.crates.io/crates/cargo-leptos/cargo-leptos-$version.crate" | tar -xz -C "$src"
cd "$src/cargo-leptos-$version"
cargo update -q -p cargo-util-schemas --precise 0.14.1
# A release profile without LTO builds it in half the time. no_downloads: use
# wasm-bindgen and wasm-opt from PATH instead of downloading them.
CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  cargo install --path . --locked --features no_downloads
