#!/usr/bin/env bash
# `make release`: the production bundle (docs/production.md). Builds the release
# server and site with npm's wasm-opt (Debian's is too old, see Cargo.toml), then
# puts what ships, and nothing else, in target/bundle/:
#
#   target/bundle/<package>    the server
#   target/bundle/hash.txt     the hashed names of the site's files (read beside the binary)
#   target/bundle/site/        the site's files (pkg/: JS, wasm, CSS, precompressed)
#
# Copy that folder anywhere and run it with the variables of docs/production.md
# (LEPTOS_SITE_ROOT=site from inside it). `make test` does, from a temporary
# directory (scripts/test-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

package=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
output_name=$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=$output_name
# cargo-leptos appends its own flags to an inherited RUSTFLAGS (see scripts/test.sh).
unset RUSTFLAGS
if ! wasm-opt --version 2>/dev/null | grep -q 'version 1[2-9][0-9]'; then
  echo "scripts/release.sh: npm's wasm-opt is missing (end2end/node_modules/.bin): run scripts/bootstrap.sh" >&2
  exit 1
fi

cargo leptos build --release --precompress --split

rm -rf target/bundle
mkdir -p target/bundle
cp "target/release/$package" target/release/hash.txt target/bundle/
cp -R target/site target/bundle/site
echo "The bundle is in target/bundle/ ($(du -sh target/bundle | cut -f1)): $package, hash.txt, site/."
echo "Run it from there: LEPTOS_SITE_ROOT=site LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD ./$package (see docs/production.md)."
