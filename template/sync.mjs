#!/usr/bin/env node
// Writes template/liquid/: the renamed copy, as a Liquid template, of every file of
// this repository that carries the template's name. `cargo leptos new` renders
// those copies and the hook (template/rename.rhai) puts them in place of the
// originals. cargo-generate's hooks cannot read a file, so the renaming rule runs
// here, ahead of time; the originals stay plain, buildable files.
//
//   node template/sync.mjs            rewrite template/liquid/ (commit the result)
//   node template/sync.mjs --check    exit 1 if template/liquid/ is stale
//   node template/sync.mjs [--check] [--out DIR] [ROOT]
//
// The files are `git ls-files` (tracked, plus untracked files that are not
// ignored) when ROOT is a git work tree, or every file under ROOT otherwise.
//
// The rule, for every `starter` that stands alone (not inside a longer word;
// `starter-front`, `starter_test_`, `/pkg/starter.css` count):
//   - followed by `::`, `_`, `=` or ` as ` (a Rust path, a snake_case name, a log
//     filter `starter=info`, Rust's `use starter as app;`): the crate's
//     identifier, `{{ crate_name }}` (my_app);
//   - otherwise (package, binary, output name, `starter-front`, paths):
//     `{{ project-name }}` (my-app).
// Left alone: `Starter` with a capital, and prose such as "the starter" or "a
// starter" (no backticks).
// README.md's first line, `# Title`, becomes `# {{ project-name }}` and a line
// saying which template the project came from.
// Blocks, each from a line containing its begin marker to one containing its end
// marker (in any comment syntax); the two marker lines are dropped in every case:
//   - `template:demo-begin` … `template:demo-end`: kept only when the demo is;
//   - `template:minimal-begin` … `template:minimal-end`: kept only when the demo
//     is not (in Markdown, the two marker lines can open and close an HTML
//     comment, `<!-- template:minimal-begin` … `template:minimal-end -->`, so
//     that this repository's page does not show the block);
//   - `template:repo-begin` … `template:repo-end`: never kept: what is true of
//     this repository only (how to start a project from it, its benchmark diary).
// Blocks do not nest.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'starter';
const TOKEN = new RegExp(`(?<![A-Za-z0-9_])(?<!\\b(?:[Tt]he|[Aa]|[Tt]his) )${NAME}(?![A-Za-z0-9])`, 'g');
const CRATE = '{{ crate_name }}';
const PROJECT = '{{ project-name }}';
// Each kind of block: its markers, and the Liquid tags around what it keeps
// (none: the block is dropped).
const BLOCKS = [
  { begin: 'template:demo-begin', end: 'template:demo-end', open: '{% if demo %}', close: '{% endif %}' },
  { begin: 'template:minimal-begin', end: 'template:minimal-end', open: '{% unless demo %}', close: '{% endunless %}' },
  { begin: 'template:repo-begin', end: 'template:repo-end', open: null, close: null },
];

const args = process.argv.slice(2);
const check = args.includes('--check');
const outIndex = args.indexOf('--out');
const rest = args.filter((a, i) => !a.startsWith('--') && (outIndex < 0 || i !== outIndex + 1));
const root = path.resolve(rest[0] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const out = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, 'template/liquid');

/** The template machinery: never renamed, never part of a generated project. */
const machinery = (p) =>
  (p.startsWith('template/') && !p.startsWith('template/minimal/')) ||
  p === 'cargo-generate.toml' ||
  p === 'scripts/test-template.sh';
// Cargo.lock is left as it is: cargo renames the two packages of this workspace in
// it on the project's first cargo command, keeping every locked version.
const skipped = (p) =>
  machinery(p) || p === 'Cargo.lock' || p.split('/').some((part) => ['.git', 'target', 'node_modules'].includes(part));

function listFiles() {
  let files;
  if (fs.existsSync(path.join(root, '.git'))) {
    const listed = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    files = [...new Set(listed.split('\0').filter(Boolean))];
  } else {
    files = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!['.git', 'target', 'node_modules'].includes(entry.name)) walk(rel);
        } else if (entry.isFile()) {
          files.push(rel);
        }
      }
    };
    walk('');
  }
  return files.filter((p) => !skipped(p) && fs.statSync(path.join(root, p), { throwIfNoEntry: false })?.isFile()).sort();
}

/** The Liquid template for `text`, or null when the file needs none. */
function twin(rel, text) {
  const parts = []; // strings (literal text) and { tag } objects
  let changed = false;
  let block = null; // the block the line is in
  const lines = text.split(/(?<=\n)/);
  lines.forEach((line, index) => {
    const begins = BLOCKS.find((b) => line.includes(b.begin));
    if (begins) {
      if (block) throw new Error(`${rel}:${index + 1}: ${begins.begin} inside a block (${block.begin})`);
      block = begins;
      changed = true;
      if (block.open) parts.push({ tag: block.open });
      return;
    }
    const ends = BLOCKS.find((b) => line.includes(b.end));
    if (ends) {
      if (ends !== block) throw new Error(`${rel}:${index + 1}: ${ends.end} without ${ends.begin}`);
      if (block.close) parts.push({ tag: block.close });
      block = null;
      return;
    }
    if (block && !block.open) return; // this repository's only
    if (rel === 'README.md' && index === 0 && line.startsWith('# ')) {
      changed = true;
      const title = line.slice(2).trim();
      parts.push('# ', { tag: PROJECT }, `\n\nGenerated with \`cargo leptos new\` from the template "${title}".\n`);
      return;
    }
    let last = 0;
    for (const match of line.matchAll(TOKEN)) {
      changed = true;
      const after = line.slice(match.index + NAME.length);
      parts.push(line.slice(last, match.index), { tag: /^(::|_|=| as )/.test(after) ? CRATE : PROJECT });
      last = match.index + NAME.length;
    }
    parts.push(line.slice(last));
  });
  if (block) throw new Error(`${rel}: ${block.begin} without ${block.end}`);
  if (!changed) return null;

  let liquid = '';
  let literal = '';
  const flush = () => {
    if (literal.includes('{% endraw')) throw new Error(`${rel}: contains "{% endraw", which cannot be kept literally`);
    // Text with a brace goes in a raw block, so that no `{{`, `{%` or a brace
    // next to a tag is read as Liquid.
    liquid += literal.includes('{') ? `{% raw %}${literal}{% endraw %}` : literal;
    literal = '';
  };
  for (const part of parts) {
    if (typeof part === 'string') {
      literal += part;
    } else {
      flush();
      liquid += part.tag;
    }
  }
  flush();
  return liquid;
}

// Each twin keeps its original's mode: the hook moves it in place of the
// original, so scripts must stay executable.
const twins = new Map();
for (const rel of listFiles()) {
  const bytes = fs.readFileSync(path.join(root, rel));
  if (bytes.subarray(0, 8192).includes(0)) continue; // binary
  const liquid = twin(rel, bytes.toString('utf8'));
  if (liquid !== null) twins.set(rel, { liquid, mode: fs.statSync(path.join(root, rel)).mode & 0o777 });
}
const executable = (mode) => (mode & 0o111) !== 0;

function existing(dir) {
  const found = new Map();
  const walk = (sub) => {
    const abs = path.join(dir, sub);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else found.set(rel, { liquid: fs.readFileSync(path.join(dir, rel), 'utf8'), mode: fs.statSync(path.join(dir, rel)).mode });
    }
  };
  walk('');
  return found;
}

if (check) {
  const have = existing(out);
  const problems = [];
  for (const [rel, { liquid, mode }] of twins) {
    if (!have.has(rel)) problems.push(`missing: ${rel}`);
    else if (have.get(rel).liquid !== liquid) problems.push(`stale:   ${rel}`);
    else if (executable(have.get(rel).mode) !== executable(mode)) problems.push(`mode:    ${rel}`);
  }
  for (const rel of have.keys()) if (!twins.has(rel)) problems.push(`extra:   ${rel}`);
  if (problems.length) {
    console.log(`template/liquid/ is out of date (run: node template/sync.mjs):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`template/liquid/ is up to date (${twins.size} files)`);
} else {
  fs.rmSync(out, { recursive: true, force: true });
  for (const [rel, { liquid, mode }] of twins) {
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    fs.writeFileSync(path.join(out, rel), liquid, { mode });
  }
  console.log(`wrote ${twins.size} files to ${path.relative(process.cwd(), out) || '.'}: ${[...twins.keys()].join(' ')}`);
}
