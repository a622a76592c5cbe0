// Scene frame-rate benchmark (npm run bench:ui).
//
// The issue's scale target: "smooth (target 60 fps) at 100 pods with 300
// packets in flight; 1,000+ pods degrade gracefully and never freeze". Speed is
// measured here, in a benchmark, never asserted by a timed e2e test.
//
// Builds the app into dist-bench, serves it with `vite preview` on :4599,
// drives Debian's Chromium, loads generated manifests through `?src=` and
// counts requestAnimationFrame callbacks for ~5 s per scenario.

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';

const PORT = 4599;
const OUT = 'dist-bench';
const BASE = `http://127.0.0.1:${PORT}`;
const MEASURE_MS = Number(process.env.BENCH_MS ?? 5000);
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');
// The same flags as playwright.config.ts (no network, no GPU).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

interface Scenario {
  name: string;
  pods: number;
  nodes: number;
  /** connections per second picked in the toolbar */
  rate: number;
  /** packets that should be in flight before measuring */
  minInFlight: number;
  target: string;
  passes(r: Result): boolean;
}

interface Result {
  frames: number;
  meanFps: number;
  p95Ms: number;
  maxMs: number;
  inFlight: number;
}

/** One Service, one Deployment of `replicas`, a client Pod and `nodes` Nodes in 3 zones. */
export function scaleManifest(replicas: number, nodes: number): string {
  const docs = [
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: my-service\nspec:\n  selector:\n    app: MyApp\n  ports:\n    - port: 80\n      targetPort: 9376',
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-app\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: MyApp\n  template:\n    metadata:\n      labels:\n        app: MyApp\n    spec:\n      containers:\n        - name: app\n          image: agnhost\n          ports:\n            - containerPort: 9376`,
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n    - name: c\n      image: curl',
  ];
  for (let i = 0; i < nodes; i++) {
    docs.push(`apiVersion: v1\nkind: Node\nmetadata:\n  name: node-${i}\n  labels:\n    topology.kubernetes.io/zone: zone-${i % 3}`);
  }
  return docs.join('\n---\n');
}

const SCENARIOS: Scenario[] = [
  { name: '100 pods, ~300 packets', pods: 100, nodes: 4, rate: 150, minInFlight: 250, target: 'mean ≥ 55 fps', passes: (r) => r.meanFps >= 55 },
  { name: '1,000 pods', pods: 1000, nodes: 10, rate: 150, minInFlight: 100, target: 'no frame > 200 ms', passes: (r) => r.maxMs <= 200 },
  { name: '2,000 pods', pods: 2000, nodes: 20, rate: 150, minInFlight: 100, target: 'no frame > 200 ms', passes: (r) => r.maxMs <= 200 },
];

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * rAF intervals over `ms`, measured in the page. The counter is a string so
 * tsx's helpers (`__name`) do not leak into the page.
 */
async function measureFrames(page: Page, ms: number): Promise<number[]> {
  const script = `new Promise((resolve) => {
    const gaps = [];
    let last = -1;
    const end = performance.now() + ${ms};
    const f = (t) => {
      if (last >= 0) gaps.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(f);
      else resolve(gaps);
    };
    requestAnimationFrame(f);
  })`;
  return (await page.evaluate(script)) as number[];
}

function summarise(gaps: number[], inFlight: number): Result {
  const total = gaps.reduce((a, b) => a + b, 0);
  const sorted = [...gaps].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  return {
    frames: gaps.length,
    meanFps: total > 0 ? (gaps.length * 1000) / total : 0,
    p95Ms: p95,
    maxMs: sorted[sorted.length - 1] ?? 0,
    inFlight,
  };
}

async function inFlight(page: Page): Promise<number> {
  return Number((await page.getByTestId('scene').getAttribute('data-packets-in-flight')) ?? 0);
}

async function runScenario(page: Page, s: Scenario): Promise<Result> {
  const file = `bench-${s.pods}.yaml`;
  writeFileSync(join(OUT, file), scaleManifest(s.pods, s.nodes));
  await page.goto(`${BASE}/`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${BASE}/?src=/${file}`);
  await page.locator('[data-kind="Pod"][data-name^="my-app"]').nth(s.pods - 1).waitFor({ state: 'attached', timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Connections per second' }).selectOption(String(s.rate));
  const end = Date.now() + 30_000;
  while ((await inFlight(page)) < s.minInFlight && Date.now() < end) await page.waitForTimeout(250);
  const before = await inFlight(page);
  const gaps = await measureFrames(page, MEASURE_MS);
  const r = summarise(gaps, Math.min(before, await inFlight(page)));
  return r;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function main(): Promise<void> {
  run('npx', ['vite', 'build', '--outDir', OUT, '--logLevel', 'warn']);
  let server: ChildProcess | null = spawn('npx', ['vite', 'preview', '--outDir', OUT, '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    stdio: 'ignore',
    detached: true,
  });
  const stop = (): void => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    server = null;
  };
  process.on('exit', stop);
  let failed = false;
  try {
    await waitForServer(BASE, 60_000);
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const rows: string[] = [];
      rows.push(`${pad('scenario', 24)} ${pad('in flight', 10)} ${pad('frames', 7)} ${pad('mean fps', 9)} ${pad('p95 ms', 7)} ${pad('max ms', 7)} ${pad('target', 20)} result`);
      for (const s of SCENARIOS) {
        const r = await runScenario(page, s);
        const ok = s.passes(r);
        failed ||= !ok;
        rows.push(
          `${pad(s.name, 24)} ${pad(String(r.inFlight), 10)} ${pad(String(r.frames), 7)} ${pad(r.meanFps.toFixed(1), 9)} ${pad(r.p95Ms.toFixed(1), 7)} ${pad(r.maxMs.toFixed(1), 7)} ${pad(s.target, 20)} ${ok ? 'ok' : 'MISS'}`,
        );
        console.log(rows[rows.length - 1]);
      }
      console.log(`\nsvcviz scene frame rate (${MEASURE_MS / 1000} s per scenario, Chromium headless, no GPU)\n`);
      console.log(rows.join('\n'));
    } finally {
      await browser.close();
    }
  } finally {
    stop();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
