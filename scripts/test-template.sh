#!/usr/bin/env bash
# `cargo leptos new` from this repository, both ways, without a terminal: generates
# a project with the demo and one without into a temporary folder, and checks the
# names (with `cargo metadata`, no build) and the files. Prints PASS or FAIL for each
# check and exits non-zero if any failed.
#
#   scripts/test-template.sh
#   TEMPLATE_SRC=DIR scripts/test-template.sh     generate from DIR, not this checkout
#   TEMPLATE_CHECK_BUILD=1 scripts/test-template.sh
#       also run each project's own first checks (cargo fmt --check, both clippy
#       builds, cargo test), with this checkout's target/ as CARGO_TARGET_DIR so
#       built dependencies are reused
#   KEEP=1 scripts/test-template.sh               keep the temporary folder
#   TEMPLATE_TMP=DIR                              use DIR as the temporary folder
#
# The template is a copy of this checkout's files (`git ls-files`: tracked, and
# untracked but not ignored), so it is what a clone would give, working-tree
# changes included. Its renamed files (template/liquid/) are made afresh from
# it; check 1 says whether the committed ones are up to date.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

demo_name=acme-shop
mini_name=hello-app
# The template's own name: what the projects must no longer contain.
old=starter

if ! cargo leptos --version >/dev/null 2>&1; then
  echo "FAIL cargo-leptos is not installed (scripts/bootstrap.sh installs it)"
  exit 1
fi

# One fixed folder, emptied first: the projects' paths stay the same from run to
# run, so TEMPLATE_CHECK_BUILD's artifacts in target/ are replaced, not piled up.
# Outside this checkout: cargo-generate adds a project made inside a cargo
# workspace to that workspace's members (it would edit our Cargo.toml).
tmp=${TEMPLATE_TMP:-${TMPDIR:-/tmp}/test-template-$(id -u)}
case $(realpath -m "$tmp")/ in "$(realpath "$repo")"/*)
  echo "FAIL the temporary folder $tmp must be outside $repo"
  exit 1
  ;;
esac
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
if [[ -n ${KEEP:-} ]]; then
  echo "(keeping $tmp)"
else
  trap 'rm -rf "$tmp"' EXIT
fi

failures=0
pass() { printf '\033[32mPASS\033[0m %s\n' "$1"; }
fail() {
  printf '\033[31mFAIL\033[0m %s\n' "$1"
  if [[ -n ${2:-} ]]; then printf '%s\n' "$2" | sed 's/^/     /' | head -n 40; fi
  failures=$((failures + 1))
}
# check NAME COMMAND...: PASS if the command succeeds, FAIL with its output if not.
check() {
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then pass "$name"; else fail "$name" "$output"; fi
}

# ---- the template ------------------------------------------------------------------
src=$tmp/template
mkdir -p "$src"
if [[ -n ${TEMPLATE_SRC:-} ]]; then
  tar -C "$TEMPLATE_SRC" --exclude=./.git --exclude=./target --exclude=node_modules -cf - . | tar -C "$src" -xf -
else
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -f $f ]] && printf '%s\0' "$f"; done |
    xargs -0 cp --parents -t "$src"
fi

if [[ -z ${TEMPLATE_SRC:-} ]]; then
  check "template/liquid/ is up to date with the files it renames (else: node template/sync.mjs)" \
    node template/sync.mjs --check
fi
# A file with a block of each kind (template:demo-, minimal- and repo-begin/end),
# to see the markers work on their own.
printf '%s\n' 'first line' '# template:demo-begin' 'the demo only' '# template:demo-end' \
  '<!-- template:minimal-begin' 'without the demo only' 'template:minimal-end -->' \
  '# template:repo-begin' 'the template only' '# template:repo-end' 'last line' >"$src/marker-fixture.txt"
check "template/sync.mjs renames the template's files" node "$src/template/sync.mjs" "$src"

# The demo's paths, from the one list of them (template/rename.rhai).
mapfile -t demo_paths < <(node -e '
  const s = require("fs").readFileSync(process.argv[1], "utf8");
  const list = s.slice(s.indexOf("const DEMO = ["), s.indexOf("\n];", s.indexOf("const DEMO = [")));
  for (const line of list.split("\n").slice(1)) {
    for (const m of line.replace(/\/\/.*/, "").matchAll(/"([^"]+)"/g)) console.log(m[1]);
  }' "$src/template/rename.rhai")
if ((${#demo_paths[@]} > 0)); then
  pass "template/rename.rhai lists ${#demo_paths[@]} demo paths"
else
  fail "template/rename.rhai lists the demo paths (const DEMO = [...])"
fi

# Every crate of the template's lockfile on this machine, for the generated
# projects' offline resolution below: a build downloads only what its targets
# and features use, so a new machine lacks some (minicov, say, which only
# coverage builds of wasm-bindgen-test use). Nothing is downloaded when all are here.
if ! (cd "$src" && cargo fetch --locked >/dev/null 2>"$tmp/fetch.err"); then
  fail "cargo fetch: the template's locked crates" "$(cat "$tmp/fetch.err")"
fi

# What the template's manifest says, to compare the projects with.
template_metadata=$tmp/template-metadata.json
(cd "$src" && cargo metadata --no-deps --format-version 1 --offline >"$template_metadata" 2>"$tmp/template-metadata.err") ||
  fail "cargo metadata reads the template" "$(cat "$tmp/template-metadata.err")"

# ---- generate ----------------------------------------------------------------------
# cargo-generate asks nothing when every answer is given: the name with --name, the
# demo question with CARGO_GENERATE_VALUE_DEMO. Without a terminal (stdin from
# /dev/null), a question it did have to ask would fail the run, not hang it.
generate() { # NAME DEMO(true|false)
  mkdir -p "$tmp/out"
  (cd "$tmp/out" && env CARGO_GENERATE_VALUE_DEMO="$2" \
    cargo leptos new --path "$src" --name "$1" </dev/null >"$tmp/new-$1.log" 2>&1)
}
for variant in "$demo_name true" "$mini_name false"; do
  read -r name demo <<<"$variant"
  if generate "$name" "$demo" && [[ -f $tmp/out/$name/Cargo.toml ]]; then
    pass "cargo leptos new --path … --name $name, CARGO_GENERATE_VALUE_DEMO=$demo"
  else
    fail "cargo leptos new --path … --name $name, CARGO_GENERATE_VALUE_DEMO=$demo" "$(tail -n 30 "$tmp/new-$name.log")"
  fi
done

# ---- check a project ---------------------------------------------------------------
check_names() { # DIR NAME
  local dir=$1 name=$2
  if ! (cd "$dir" && cargo metadata --no-deps --format-version 1 --offline) >"$dir.metadata.json" 2>"$dir.metadata.err"; then
    fail "$name: cargo metadata reads the project" "$(cat "$dir.metadata.err")"
    return
  fi
  local report
  if report=$(node - "$dir.metadata.json" "$template_metadata" "$name" "$old" <<'EOF'
const fs = require('fs');
const [file, templateFile, name, old] = process.argv.slice(2);
const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
let template = { packages: [] };
try { template = JSON.parse(fs.readFileSync(templateFile, 'utf8')); } catch {}
const crate = name.replace(/-/g, '_');
const problems = [];
const names = meta.packages.map((p) => p.name).sort();
// The template's packages, `starter…` renamed; the others (leptos-form-actions) kept.
const expected = template.packages.map((p) => p.name.replace(new RegExp(`^${old}(?=$|-)`), name)).sort();
if (!names.includes(name) || !names.includes(`${name}-front`)) problems.push(`packages ${names} lack ${name} or ${name}-front`);
if (expected.length && JSON.stringify(names) !== JSON.stringify(expected)) problems.push(`packages ${names}, expected ${expected}`);
const app = meta.packages.find((p) => p.name === name);
const bins = (app?.targets ?? []).filter((t) => t.kind.includes('bin')).map((t) => t.name);
if (JSON.stringify(bins) !== JSON.stringify([name])) problems.push(`bin targets of ${name}: ${bins}, expected ${name}`);
const lib = (app?.targets ?? []).find((t) => t.kind.includes('lib'));
if (lib && lib.name.replace(/-/g, '_') !== crate) problems.push(`lib target ${lib.name}, expected ${crate}`);
const front = meta.packages.find((p) => p.name === `${name}-front`);
if (!front?.dependencies.some((d) => d.name === name && d.path)) problems.push(`${name}-front does not depend on ${name} by path`);
const leptos = [].concat(meta.metadata?.leptos ?? app?.metadata?.leptos ?? []);
if (leptos.length !== 1) problems.push(`[[workspace.metadata.leptos]]: ${leptos.length} entries`);
for (const [key, want] of [['name', name], ['bin-package', name], ['lib-package', `${name}-front`], ['output-name', name]]) {
  if (leptos[0]?.[key] !== want) problems.push(`leptos ${key} = ${JSON.stringify(leptos[0]?.[key])}, expected "${want}"`);
}
const kept = names.filter((n) => n !== name && n !== `${name}-front`);
console.log(problems.length ? problems.join('\n') : `packages ${names.join(', ')}; bin ${bins}; output-name ${leptos[0]['output-name']}; kept ${kept.join(', ') || 'none'}`);
process.exit(problems.length ? 1 : 0);
EOF
  ); then
    pass "$name: cargo metadata: $report"
  else
    fail "$name: cargo metadata: the names" "$report"
  fi
}

check_files() { # DIR NAME DEMO
  local dir=$1 name=$2 demo=$3 out

  # README: the title, and where the project came from.
  if [[ $(sed -n 1p "$dir/README.md") == "# $name" ]] && sed -n 3p "$dir/README.md" | grep -q '^Generated with `cargo leptos new`'; then
    pass "$name: README.md starts with '# $name' and says where it came from"
  else
    fail "$name: README.md starts with '# $name' and says where it came from" "$(head -n 3 "$dir/README.md")"
  fi

  local want='first line|the demo only|last line'
  [[ $demo == true ]] || want='first line|without the demo only|last line'
  if [[ $(paste -sd'|' "$dir/marker-fixture.txt") == "$want" ]]; then
    pass "$name: template:demo- and minimal-begin/end blocks kept or dropped, template:repo-begin/end dropped, markers gone"
  else
    fail "$name: template:demo-, minimal- and repo-begin/end" "$(cat "$dir/marker-fixture.txt")"
  fi

  out=$(grep -rn --exclude-dir=.git -E 'template:(demo|minimal|repo)-(begin|end)' "$dir")
  if [[ -z $out ]]; then pass "$name: no template: block marker left"; else fail "$name: no template: block marker left" "$out"; fi

  # No leftover of the old name, except in prose ("the starter", "a starter"); the
  # Cargo.lock entries of the two packages are renamed by cargo (checked below).
  out=$(grep -rnw --exclude-dir=.git --exclude=Cargo.lock "$old" "$dir" | grep -viE "\b(the|a|this) $old\b")
  if [[ -z $out ]]; then pass "$name: no '$old' left (outside prose and Cargo.lock)"; else fail "$name: no '$old' left" "$out"; fi

  out=$(grep -rnE --exclude-dir=.git '\{\{ *(crate_name|project-name) *\}\}|\{% *(raw|endraw|if demo|endif|unless demo|endunless) *%\}' "$dir")
  if [[ -z $out ]]; then pass "$name: no Liquid left in the files"; else fail "$name: no Liquid left in the files" "$out"; fi

  # Scripts stay executable (a renamed file replaces its original).
  out=$(cd "$dir" && find . -path ./.git -prune -o -type f -print | sed 's|^\./||' | while IFS= read -r f; do
    [[ -f $src/$f ]] || continue
    [[ -x $src/$f && ! -x $f ]] && echo "lost its executable bit: $f"
    [[ ! -x $src/$f && -x $f ]] && echo "became executable: $f"
  done)
  if [[ -z $out ]]; then pass "$name: the files keep their executable bits"; else fail "$name: executable bits" "$out"; fi

  out=$(for p in cargo-generate.toml template scripts/test-template.sh; do [[ -e $dir/$p ]] && echo "$p"; done)
  if [[ -z $out ]]; then pass "$name: no template machinery (cargo-generate.toml, template/, scripts/test-template.sh)"; else fail "$name: no template machinery" "$out"; fi

  # The demo: all there, or all gone.
  # (A demo folder that template/minimal/ brings back, with files of its own
  # only, counts as gone: migrations/ keeps its two folders, emptied.)
  local present=() missing=() f own
  for p in "${demo_paths[@]}"; do
    [[ -e $src/$p ]] || continue
    own=
    if [[ -e $dir/$p ]]; then
      while IFS= read -r f; do
        [[ -f $src/template/minimal/${f#"$dir/"} ]] || own=1
      done < <(find "$dir/$p" -type f)
    fi
    if [[ -n $own ]]; then present+=("$p"); else missing+=("$p"); fi
  done
  if [[ $demo == true ]]; then
    if ((${#missing[@]} == 0)); then pass "$name: the demo's ${#present[@]} paths are there"; else fail "$name: the demo's paths are there" "missing: ${missing[*]}"; fi
  else
    if ((${#present[@]} == 0)); then pass "$name: the demo's ${#missing[@]} paths are gone"; else fail "$name: the demo's paths are gone" "still there: ${present[*]}"; fi
  fi

  # The minimal app: template/minimal/ laid over the project, or not at all.
  local overlay=() wrong=()
  mapfile -t overlay < <(cd "$src/template/minimal" && find . -type f | sed 's|^\./||' | sort)
  for p in "${overlay[@]}"; do
    if [[ $demo == false ]]; then
      if [[ ! -f $dir/$p ]]; then
        wrong+=("missing $p")
      elif [[ ! -f $src/template/liquid/template/minimal/$p ]] && ! cmp -s "$src/template/minimal/$p" "$dir/$p"; then
        wrong+=("differs $p")
      fi
    elif [[ -e $src/$p ]]; then
      [[ -f $src/template/liquid/$p ]] || cmp -s "$src/$p" "$dir/$p" || wrong+=("not the demo's $p")
    else
      [[ -e $dir/$p ]] && wrong+=("minimal-only file in the demo: $p")
    fi
  done
  if ((${#wrong[@]} == 0)); then
    if [[ $demo == false ]]; then pass "$name: the minimal app's ${#overlay[@]} files are in place"; else pass "$name: no file of the minimal app"; fi
  else
    fail "$name: template/minimal/" "$(printf '%s\n' "${wrong[@]}")"
  fi

  # Every module file is declared, and every declared module has its file.
  out=$(node - "$dir" <<'EOF'
const fs = require('fs'), path = require('path');
const dir = process.argv[2];
const problems = [];
for (const [modFile, folder] of [['src/routes/mod.rs', 'src/routes'], ['tests/http/main.rs', 'tests/http']]) {
  const file = path.join(dir, modFile);
  if (!fs.existsSync(file)) continue;
  const declared = [...fs.readFileSync(file, 'utf8').matchAll(/^\s*(?:pub\s+)?mod\s+(\w+)\s*;/gm)].map((m) => m[1]);
  const files = fs.readdirSync(path.join(dir, folder)).filter((f) => f.endsWith('.rs') && f !== path.basename(modFile)).map((f) => f.slice(0, -3));
  for (const m of declared) if (!files.includes(m) && !fs.existsSync(path.join(dir, folder, m))) problems.push(`${modFile} declares ${m}, which has no file`);
  for (const f of files) if (!declared.includes(f)) problems.push(`${folder}/${f}.rs is not declared in ${modFile}`);
}
console.log(problems.join('\n'));
process.exit(problems.length ? 1 : 0);
EOF
  )
  if [[ $? == 0 ]]; then pass "$name: src/routes and tests/http declare exactly their files"; else fail "$name: module files" "$out"; fi

  if [[ $demo == false ]]; then
    # Nothing in the app's code still reaches for the demo. The harness keeps its
    # demo helpers (tests/http/common.rs, end2end/tests/helpers.ts): unused, not
    # broken. The layer (form-actions/, not searched) uses such paths as examples.
    out=$(grep -rnE 'crate::(auth|todos|api)\b|routes::(home|login|logout|search|todos)\b|"/(login|logout|todos|search|api/)' \
      "$dir/src" "$dir/tests" "$dir/end2end/tests" --exclude=common.rs --exclude=helpers.ts 2>/dev/null)
    if [[ -z $out ]]; then pass "$name: no code refers to the demo's modules or pages"; else fail "$name: no code refers to the demo" "$out"; fi
  fi
}

# Cargo.lock keeps the template's two package names until cargo resolves the
# project, which renames them and keeps every locked version. `cargo metadata`
# with dependencies resolves (offline: the crates are the template's, already here).
check_lock() { # DIR NAME
  local dir=$1 name=$2
  if ! (cd "$dir" && cargo metadata --format-version 1 --offline >/dev/null 2>"$dir.lock.err"); then
    fail "$name: cargo resolves the project offline (updating Cargo.lock)" "$(cat "$dir.lock.err")"
    return
  fi
  local out
  out=$(node - "$dir/Cargo.lock" "$src/Cargo.lock" "$name" "$old" <<'EOF'
const fs = require('fs');
const [lock, templateLock, name, old] = process.argv.slice(2);
const entries = (file) => fs.readFileSync(file, 'utf8').split('[[package]]').slice(1).map((b) => ({
  name: /^name = "(.*)"$/m.exec(b)?.[1], version: /^version = "(.*)"$/m.exec(b)?.[1], source: /^source = "(.*)"$/m.exec(b)?.[1],
}));
const mine = entries(lock), theirs = entries(templateLock);
const problems = [];
const names = mine.map((e) => e.name);
for (const want of [name, `${name}-front`]) if (!names.includes(want)) problems.push(`no package ${want}`);
for (const n of names) if (n === old || n.startsWith(`${old}-`)) problems.push(`still a package ${n}`);
// Every registry crate at the template's version; a project may have fewer (the
// one without the demo drops the demo's dependencies, argon2 and the like).
const registry = (list) => new Set(list.filter((e) => e.source).map((e) => `${e.name} ${e.version}`));
const locked = registry(theirs);
const changed = [...registry(mine)].filter((e) => !locked.has(e));
if (changed.length) problems.push(`not at the template's locked versions: ${changed.join(', ')}`);
const dropped = [...locked].filter((e) => !registry(mine).has(e)).length;
console.log(problems.join('\n') || `${mine.length} packages, the registry's ${mine.filter((e) => e.source).length} at the template's versions (${dropped} of the template's not needed)`);
process.exit(problems.length ? 1 : 0);
EOF
  )
  if [[ $? == 0 ]]; then pass "$name: Cargo.lock after cargo resolves it: $out"; else fail "$name: Cargo.lock" "$out"; fi
}

for variant in "$demo_name true" "$mini_name false"; do
  read -r name demo <<<"$variant"
  dir=$tmp/out/$name
  [[ -f $dir/Cargo.toml ]] || continue
  check_names "$dir" "$name"
  check_files "$dir" "$name" "$demo"
  check_lock "$dir" "$name"
done

# ---- optional: each project's own first checks ---------------------------------------
# What a generated project's `make test` runs first, in each project: its
# formatting, both clippy builds and its Rust tests (unit and HTTP, on SQLite).
# With this checkout's target/ as CARGO_TARGET_DIR and the flags of
# scripts/test.sh, so that the dependencies built there are reused
# (LEPTOS_OUTPUT_NAME is read at compile time by leptos: the template's is kept;
# the tests set their own at run time).
if [[ -n ${TEMPLATE_CHECK_BUILD:-} ]]; then
  for name in "$mini_name" "$demo_name"; do
    dir=$tmp/out/$name
    [[ -f $dir/Cargo.toml ]] || continue
    # project_check LABEL COMMAND...: in the project, with the shared target.
    project_check() {
      local label=$1 log=$tmp/$name-${1// /-}.log
      shift
      if (cd "$dir" && env CARGO_TARGET_DIR="$repo/target" RUSTFLAGS="--cfg erase_components" \
        LEPTOS_OUTPUT_NAME="$old" "$@") >"$log" 2>&1; then
        pass "$name: $label"
      else
        fail "$name: $label" "$(grep -A12 -E '^(warning|error)|FAILED|panicked' "$log" | head -n 60)"
      fi
    }
    features=(--no-default-features --features "ssr,$name/e2e")
    grep -q '^e2e = ' "$dir/Cargo.toml" || features=(--no-default-features --features ssr)
    project_check "cargo fmt --check" cargo fmt --all --check
    project_check "clippy, server (all targets, -D warnings)" \
      cargo clippy --offline -p "$name" -p leptos-form-actions --all-targets "${features[@]}" -- -D warnings
    project_check "clippy, browser (-D warnings)" \
      cargo clippy --offline --workspace --lib --target wasm32-unknown-unknown --target-dir "$repo/target/front" \
      --no-default-features --features hydrate -- -D warnings
    project_check "cargo test (unit and HTTP, SQLite)" \
      cargo test --offline -p "$name" -p leptos-form-actions "${features[@]}"
  done
fi

echo
if ((failures)); then
  echo "test-template: $failures check(s) FAILED"
  exit 1
fi
echo "test-template: all checks passed"
