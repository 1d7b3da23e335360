import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

// Every test runs twice: in Chromium with JavaScript on (the enhanced app) and with
// JavaScript off (plain HTML forms). Debian's Chromium is used: Playwright's own
// browser download cannot work on these machines.
//
// The server is the dev build of `cargo leptos build`, started here on its own
// port with a fresh SQLite database, so a running `make dev` is left alone.
// E2E_PROFILE=release runs the suite against the release build instead
// (`cargo leptos build --release --split --bin-features ssr,e2e`), which is
// compiled otherwise (components not type-erased, the wasm optimised).
const port = Number(process.env.E2E_PORT ?? 3007);
const profile = process.env.E2E_PROFILE ?? 'debug';
if (profile !== 'debug' && profile !== 'release') {
  throw new Error(`E2E_PROFILE is debug or release, not ${profile}`);
}

// The server's binary and the bundle's name, from cargo-leptos's project in
// Cargo.toml (`bin-package`, `output-name`), so that a renamed project needs no
// edit here. The binary is the package's own (src/main.rs), named after it.
const cargoToml = fs.readFileSync(path.join(__dirname, '..', 'Cargo.toml'), 'utf8');
const leptosSetting = (key: string): string => {
  const value = new RegExp(`^${key} = "(.*)"$`, 'm').exec(cargoToml)?.[1];
  if (!value) throw new Error(`no ${key} = "…" in Cargo.toml`);
  return value;
};
const bin = leptosSetting('bin-package');
const outputName = leptosSetting('output-name');
// The app's log target: its crate name.
const crate = bin.replace(/-/g, '_');
const baseURL = `http://127.0.0.1:${port}`;

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // As root, and without the background networking that this closed network refuses.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  // No retries: a flaky test must show, not be hidden.
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: '../target/e2e/results.json' }]],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: { baseURL, trace: 'retain-on-failure' },
  projects: [
    { name: 'js-on', use: { browserName: 'chromium', launchOptions, javaScriptEnabled: true } },
    { name: 'js-off', use: { browserName: 'chromium', launchOptions, javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf target/e2e/db target/e2e/data && mkdir -p target/e2e/db && exec ./target/${profile}/${bin}`,
    cwd: '..',
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: 'sqlite://target/e2e/db/app.db',
      // Uploaded files (the attachments), new for each run.
      DATA_DIR: 'target/e2e/data',
      LEPTOS_OUTPUT_NAME: outputName,
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_HASH_FILES: 'true',
      LEPTOS_HASH_FILE_NAME: 'hash.txt',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_RELOAD_PORT: String(port + 1),
      RUST_LOG: process.env.RUST_LOG ?? `warn,${crate}=info`,
      // Adding a todo with this title fails as an unexpected error (the 500 page).
      FAULT_INJECTION_TITLE: 'trigger an unexpected error',
    },
  },
});
