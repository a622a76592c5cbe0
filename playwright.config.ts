import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// E2E_PORT lets two e2e runs (e.g. app and embed work) build and serve side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT = PORT === 4173 ? 'dist' : `dist-e2e-${PORT}`;
// Playwright cannot download its own browsers on this network; use Debian's
// Chromium (installed by .ci/run) unless CHROMIUM_PATH says otherwise.
const chromiumPath =
  process.env.CHROMIUM_PATH ??
  (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');

export default defineConfig({
  testDir: './e2e',
  outputDir: PORT === 4173 ? './test-results' : `./test-results-${PORT}`,
  timeout: 30_000,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: PORT === 4173 ? 'reports/e2e.json' : `reports/e2e-${PORT}.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite build --outDir ${OUT} && npx vite preview --outDir ${OUT} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
