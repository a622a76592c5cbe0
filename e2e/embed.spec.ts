// Embedding svcviz in a documentation page on ANOTHER origin: the iframe and
// the <svc-viz> web component driven by postMessage, the sender checks, and
// markup in manifests staying text.

import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUB_PATH, startHostServer } from './fixtures/embed-host-server';
import { EmbedHostPage } from './fixtures/embed-host-page';

const APP_PORT = Number(process.env.E2E_PORT ?? 4173);
const HOST_PORT = APP_PORT + 1117;
const EMBED_BASE = `http://127.0.0.1:${APP_PORT}/`;
/** the build the preview server serves (playwright.config.ts) */
const DIST = join(import.meta.dirname, '..', APP_PORT === 4173 ? 'dist' : `dist-e2e-${APP_PORT}`);

const manifest = (name: string, replicas: number): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 9376
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          ports:
            - containerPort: 9376
---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}-client
spec:
  containers:
    - name: curl
      image: curlimages/curl:8.11.1
`;

let host: Awaited<ReturnType<typeof startHostServer>>;
test.beforeAll(async () => {
  host = await startHostServer(HOST_PORT);
});
test.afterAll(async () => {
  await host?.close();
});

test.describe('iframe embed on another origin', () => {
  test('is driven by postMessage and reports pod stats back to the parent only', async ({ page }) => {
    const docs = new EmbedHostPage(page);
    await docs.open(host.url('127.0.0.1', 'host.html'), EMBED_BASE);
    const ready = await docs.waitForMessage('allowed', 'svcviz:ready');
    expect(ready.origin).toBe(`http://127.0.0.1:${APP_PORT}`);

    await docs.drive('allowed', { type: 'svcviz:load', yaml: manifest('webapp', 3) });
    await docs.drive('allowed', { type: 'svcviz:set-mode', mode: 'IPVS' });
    await docs.drive('allowed', { type: 'svcviz:play' });

    const frame = await docs.frameById('allowed');
    await expect(frame.getByTestId('scene')).toHaveAttribute('data-mode', 'ipvs');

    await expect
      .poll(async () => {
        const pods = await docs.stats('allowed');
        return pods.filter((p) => /^webapp-/.test(p.name) && p.name !== 'webapp-client').reduce((n, p) => n + p.received, 0);
      }, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const pods = await docs.stats('allowed');
    expect(pods.filter((p) => p.namespace === 'default' && /^webapp-/.test(p.name) && p.name !== 'webapp-client')).toHaveLength(3);
    for (const p of pods) expect(Object.keys(p).sort()).toEqual(['name', 'namespace', 'received']);

    await docs.drive('allowed', { type: 'svcviz:pause' });
    await docs.drive('allowed', { type: 'svcviz:set-mode', mode: 'ebpf' });
    const err = await docs.waitForMessage('allowed', 'svcviz:error');
    expect(err.data).toMatchObject({ message: expect.stringContaining('unsupported mode "ebpf"') });
  });

  test('ignores a parent on a disallowed origin and a forging sibling frame', async ({ page }) => {
    const docs = new EmbedHostPage(page);
    await docs.open(host.url('127.0.0.1', 'host.html'), EMBED_BASE);
    await docs.waitForMessage('allowed', 'svcviz:ready');
    await docs.drive('allowed', { type: 'svcviz:load', yaml: manifest('genuine', 1) });
    const allowed = await docs.frameById('allowed');
    await expect(allowed.getByTestId('scene')).toContainText('genuine');

    // 1. The embed locked to https://docs.example.invalid: this parent is not on that origin.
    const locked = await docs.frameById('locked');
    await expect(locked.getByTestId('embed')).toBeVisible();
    await docs.drive('locked', { type: 'svcviz:load', yaml: manifest('forged-parent', 1) });
    await docs.drive('locked', { type: 'svcviz:get-stats' });

    // 2. A sibling frame from another origin posts to the allowed embed with '*'.
    await docs.attack('allowed', { type: 'svcviz:load', yaml: manifest('forged-sibling', 1) });
    await docs.waitForMessage('evil', 'evil:sent');

    await page.waitForTimeout(1500);
    await expect(locked.getByTestId('scene')).not.toContainText('forged-parent');
    await expect(allowed.getByTestId('scene')).not.toContainText('forged-sibling');
    await expect(allowed.getByTestId('scene')).toContainText('genuine');
    const fromLocked = (await docs.messages()).filter((m) => m.from === 'locked');
    expect(fromLocked).toEqual([]); // not even ready: it only talks to its configured origin
    const stats = (await docs.messages()).filter((m) => m.from === 'allowed' && typeof m.data === 'object' && m.data?.type === 'svcviz:stats');
    expect(stats).toEqual([]); // the sibling's get-stats got no answer
  });

  test('markup in a manifest from a message is shown as text and runs nothing', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Refused to execute|Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    page.on('dialog', (d) => {
      violations.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const docs = new EmbedHostPage(page);
    await docs.open(host.url('127.0.0.1', 'host.html'), EMBED_BASE);
    await docs.waitForMessage('allowed', 'svcviz:ready');
    const xss = readFileSync(join(import.meta.dirname, 'fixtures/manifests/xss.yaml'), 'utf8');
    await docs.drive('allowed', { type: 'svcviz:load', yaml: xss });
    const frame = await docs.frameById('allowed');
    await expect(frame.getByTestId('scene')).toContainText('xss-web');
    // an invalid label value comes back in the error, and is listed, as text
    const invalid = readFileSync(join(import.meta.dirname, 'fixtures/manifests/xss-invalid-label.yaml'), 'utf8');
    await docs.drive('allowed', { type: 'svcviz:load', yaml: invalid });
    const err = await docs.waitForMessage('allowed', 'svcviz:error');
    expect(err.data).toMatchObject({ message: expect.stringContaining('<img src=x onerror=alert(1)>') });
    await expect(frame.locator('body')).toContainText('<img src=x onerror=alert(1)>');
    await page.waitForTimeout(1000);
    expect(await frame.locator('img, script:not([src]), svg [onload], [onerror]').count()).toBe(0);
    expect((await docs.messages()).filter((m) => m.data === 'pwned')).toEqual([]);
    expect(violations).toEqual([]);
  });
});

test.describe('<svc-viz> web component', () => {
  test('several on one page upgrade after the script loads and stay independent', async ({ page }) => {
    const docs = new EmbedHostPage(page);
    await docs.open(host.url('127.0.0.1', 'host.html'), EMBED_BASE);
    await expect(page.locator('svc-viz#wc-alpha iframe')).toHaveCount(1);
    await expect(page.locator('svc-viz#wc-beta iframe')).toHaveCount(1);
    // their iframes load lazily, like any below the fold in a long docs page
    await page.locator('svc-viz#wc-alpha').scrollIntoViewIfNeeded();
    await page.locator('svc-viz#wc-beta').scrollIntoViewIfNeeded();
    await docs.waitForMessage('wc-alpha', 'svcviz:ready');
    await docs.waitForMessage('wc-beta', 'svcviz:ready');

    const alpha = await docs.webComponentFrame('wc-alpha');
    const beta = await docs.webComponentFrame('wc-beta');
    await expect(alpha.getByTestId('scene')).toContainText('alpha');
    await expect(beta.getByTestId('scene')).toContainText('beta');
    await expect(beta.getByTestId('scene')).toHaveAttribute('data-mode', 'ipvs');

    // the element API: stats come from its own embed only
    const statsOf = (id: string) =>
      page.evaluate((i) => (document.getElementById(i) as HTMLElement & { getStats(): Promise<{ name: string; received: number }[]> }).getStats(), id);
    const a = await statsOf('wc-alpha');
    const b = await statsOf('wc-beta');
    expect(a.some((p) => p.name.startsWith('alpha-'))).toBe(true);
    expect(a.some((p) => p.name.startsWith('beta-'))).toBe(false);
    expect(b.filter((p) => p.name.startsWith('beta-') && p.name !== 'beta-client')).toHaveLength(3);
    expect(b.some((p) => p.name.startsWith('alpha-'))).toBe(false);

    // src= is fetched relative to the docs page
    await page.locator('svc-viz#wc-src').scrollIntoViewIfNeeded();
    await docs.waitForMessage('wc-src', 'svcviz:ready');
    await expect((await docs.webComponentFrame('wc-src')).getByTestId('scene')).toContainText('other-svc');

    // changing one leaves the other alone
    await page.evaluate(() => document.getElementById('wc-alpha')!.setAttribute('mode', 'nftables'));
    await expect(alpha.getByTestId('scene')).toHaveAttribute('data-mode', 'nftables');
    await expect(beta.getByTestId('scene')).toHaveAttribute('data-mode', 'ipvs');

    // driven by raw postMessage too, like any iframe
    await page.evaluate((origin) => {
      const f = document.querySelector('svc-viz#wc-beta')!.shadowRoot!.querySelector('iframe')!;
      f.contentWindow!.postMessage({ type: 'svcviz:set-mode', mode: 'userspace' }, origin);
    }, `http://127.0.0.1:${APP_PORT}`);
    await expect(beta.getByTestId('scene')).toHaveAttribute('data-mode', 'userspace');
    await expect(alpha.getByTestId('scene')).toHaveAttribute('data-mode', 'nftables');
  });
});

test('the example documentation page uses the web component, an iframe and the postMessage API', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/docs-example.html');
  const wc = page.frameLocator('svc-viz#wc iframe');
  await expect(wc.getByTestId('scene')).toContainText('my-service');
  await expect(wc.getByTestId('scene')).toHaveAttribute('data-mode', 'ipvs');

  const frame = page.frameLocator('iframe#frame');
  await expect(frame.getByTestId('scene')).toContainText('my-service');
  await expect(page.locator('#stats')).toHaveText('Embed ready.');
  await page.getByRole('group', { name: 'Drive the iframe' }).getByRole('button', { name: 'nftables' }).click();
  await expect(frame.getByTestId('scene')).toHaveAttribute('data-mode', 'nftables');
  await page.getByRole('button', { name: 'Get stats' }).click();
  await expect(page.locator('#stats')).toContainText(/my-app-[a-z0-9-]+: \d+/);
  expect(problems).toEqual([]);
});

test('the build works from a static host sub-path, embedded from another origin', async ({ page }) => {
  const sub = await startHostServer(HOST_PORT + 13, DIST);
  try {
    const docs = new EmbedHostPage(page);
    // the docs page on 127.0.0.1, the build under localhost/docs/tools/svcviz/
    await docs.open(sub.url('127.0.0.1', 'host.html'), sub.url('localhost', SUB_PATH));
    await docs.waitForMessage('allowed', 'svcviz:ready');
    await docs.drive('allowed', { type: 'svcviz:load', yaml: manifest('subpath', 2) });
    const frame = await docs.frameById('allowed');
    await expect(frame.getByTestId('scene')).toContainText('subpath');
    await expect.poll(async () => (await docs.stats('allowed')).filter((p) => p.name.startsWith('subpath-') && p.name !== 'subpath-client').length).toBe(2);

    await page.locator('svc-viz#wc-alpha').scrollIntoViewIfNeeded();
    await docs.waitForMessage('wc-alpha', 'svcviz:ready');
    expect(await page.locator('svc-viz#wc-alpha iframe').getAttribute('src')).toMatch(new RegExp(`^http://localhost:${HOST_PORT + 13}/${SUB_PATH}embed\\.html\\?`));
    await expect((await docs.webComponentFrame('wc-alpha')).getByTestId('scene')).toContainText('alpha');
  } finally {
    await sub.close();
  }
});

for (const vp of [
  { name: 'a phone', width: 360, height: 640 },
  { name: 'a 700px documentation column', width: 700, height: 480 },
]) {
  test(`embed.html fits ${vp.name} without horizontal scrolling`, async ({ page }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto('/embed.html?src=examples/basic-service.yaml&controls=compact');
    await expect(page.getByTestId('scene')).toContainText('my-service');
    const size = await page.evaluate(() => ({
      svg: document.querySelector('[data-testid="scene"] svg')!.getBoundingClientRect().width,
      doc: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
    }));
    expect(size.svg).toBeLessThanOrEqual(vp.width);
    expect(size.doc).toBeLessThanOrEqual(vp.width);
    expect(size.body).toBeLessThanOrEqual(vp.width);
  });
}

test.describe('autoplay', () => {
  for (const c of [
    { query: '', reduced: false, playing: true },
    { query: '', reduced: true, playing: false },
    { query: '&autoplay', reduced: true, playing: true },
    { query: '&autoplay=0', reduced: false, playing: false },
  ]) {
    test(`autoplay param "${c.query}" with reduced motion ${c.reduced ? 'on' : 'off'} -> ${c.playing ? 'playing' : 'paused'}`, async ({ page }) => {
      await page.emulateMedia({ reducedMotion: c.reduced ? 'reduce' : 'no-preference' });
      await page.goto(`/embed.html?src=examples/basic-service.yaml&controls=compact${c.query}`);
      await expect(page.getByTestId('scene')).toContainText('my-service');
      // the play/pause toggle says what a click would do
      await expect(page.getByRole('group', { name: 'Play' }).getByRole('button', { name: c.playing ? /Pause/ : /▶ Play/ })).toBeVisible();
    });
  }
});
