# The two commands of this app (see README.md):
#   make dev    run the app on http://127.0.0.1:3000 with live reload
#   make test   run every check and test; what CI runs
# Both install what is missing first (scripts/bootstrap.sh); a second run skips it all.
# template:demo-begin
# Also: make bench   the benchmark of the demo (not part of make test), see bench/results.md
# template:demo-end

.PHONY: dev test bootstrap release

# wasm-opt for release builds comes from npm's binaryen (see Cargo.toml).
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(PATH)

# No hashed file names while watching: on a CSS edit cargo-leptos writes an
# unhashed stylesheet but keeps the old hash, so a reload would show stale styles.
# --split: every build of the site splits the wasm at the lazy islands
# (`#[island(lazy)]`), as releases do, so what is tried is what ships.
dev: bootstrap
	LEPTOS_HASH_FILES=false cargo leptos watch --split

test: bootstrap
	scripts/test.sh

bootstrap:
	scripts/bootstrap.sh

# The production bundle in target/bundle/ (docs/production.md).
release: bootstrap
	scripts/release.sh

# template:demo-begin
.PHONY: bench
bench:
	scripts/bench.sh
# template:demo-end
