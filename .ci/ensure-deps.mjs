#!/usr/bin/env node
// First-run set-up shared by `npm start` and `npm test`, so a newcomer with
// only Node installed needs no other step: installs npm dependencies when
// node_modules is missing or older than package-lock.json, and (with
// --browser) Debian's Chromium for the Playwright tests when it is absent.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000)) {
  console.error('[svcviz] installing npm dependencies (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--browser')) {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(Boolean);
  if (!candidates.some((p) => existsSync(p))) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const sudo = isRoot ? '' : 'sudo ';
    console.error('[svcviz] Chromium not found: installing Debian chromium for the browser tests…');
    try {
      run(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core`);
    } catch {
      console.error('[svcviz] could not install chromium; install it yourself or set CHROMIUM_PATH to a Chromium binary.');
      process.exit(1);
    }
  }
}
