// Share by link, export pictures, and untrusted manifests from links, in the
// app itself (index.html) with its "Copy link" and "Embed / export" tools.

import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHostServer } from './fixtures/embed-host-server';
import { encodeShareState } from '../src/embed/share/state-codec';

const APP_PORT = Number(process.env.E2E_PORT ?? 4173);
const HOST_PORT = APP_PORT + 1118;

let host: Awaited<ReturnType<typeof startHostServer>>;
test.beforeAll(async () => {
  host = await startHostServer(HOST_PORT);
});
test.afterAll(async () => {
  await host?.close();
});

const scene = (page: Page) => page.getByTestId('scene');
const rules = (page: Page) => page.getByTestId('rules');

test('"Copy link" opened in a fresh browser context restores the same picture, and wins over ?src=', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  const page = await ctx.newPage();
  await page.goto(`/?src=${encodeURIComponent(host.url('127.0.0.1', 'shared.yaml'))}`);
  await expect(scene(page)).toContainText('shared-svc');

  await page.getByRole('radio', { name: 'IPVS' }).check();
  await expect(scene(page)).toHaveAttribute('data-mode', 'ipvs');
  await page.getByLabel('Speed').selectOption('2');
  await expect(rules(page)).toHaveAttribute('data-mode', 'ipvs');
  const node = await rules(page).getAttribute('data-node');
  expect(node).toBeTruthy();

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#s=[A-Za-z0-9_-]+$/);
  expect(link).not.toContain('src=');
  await ctx.close();

  // A fresh context: no localStorage, nothing shared but the link. A ?src= next to it loses.
  const fresh = await browser.newContext();
  const page2 = await fresh.newPage();
  const u = new URL(link);
  await page2.goto(`${u.pathname}?src=${encodeURIComponent(host.url('127.0.0.1', 'other.yaml'))}${u.hash}`);
  await expect(scene(page2)).toContainText('shared-svc');
  await expect(scene(page2)).not.toContainText('other-svc');
  await expect(scene(page2)).toHaveAttribute('data-mode', 'ipvs');
  await expect(rules(page2)).toHaveAttribute('data-node', node!);
  await expect(page2.getByLabel('Speed')).toHaveValue('2');
  await fresh.close();
});

/** every Pod the scene shows, as `name ip`, sorted */
const podsOf = (page: Page): Promise<string[]> =>
  scene(page)
    .locator('[data-kind="Pod"]')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')} ${e.getAttribute('data-ip')}`).sort());

test('a link\u2019s seed is restored in the app: a fresh context shows the same pod names and IPs as the page that made it', async ({ browser, baseURL }) => {
  const yaml = readFileSync(join(import.meta.dirname, 'fixtures/embed-host/shared.yaml'), 'utf8');
  const ctx = await browser.newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  const page = await ctx.newPage();

  // The manifest with the default seed first; the app keeps it as the editor text.
  await page.goto(`/?src=${encodeURIComponent(host.url('127.0.0.1', 'shared.yaml'))}`);
  await expect(scene(page).locator('[data-kind="Pod"][data-name^="shared-app-"]')).toHaveCount(3);
  const defaultPods = await podsOf(page);

  // The same text with another seed is a real reload: other generated names.
  const enc = encodeShareState({ yaml, seed: 424242 });
  if (!enc.ok) throw new Error('fixture too large for a link');
  await page.goto(`/${enc.fragment}`);
  const reshuffled = async (): Promise<string[]> => {
    const app = (await podsOf(page)).filter((p) => p.startsWith('shared-app-'));
    return app.length === 3 && !app.some((p) => defaultPods.includes(p)) ? app : [];
  };
  await expect.poll(async () => (await reshuffled()).length, { timeout: 15_000 }).toBe(3);
  const seededPods = await podsOf(page);
  expect(seededPods).not.toEqual(defaultPods);

  // "Copy link" from that page carries the seed on.
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await ctx.close();

  const fresh = await browser.newContext();
  const page2 = await fresh.newPage();
  await page2.goto(new URL(link).pathname + new URL(link).hash);
  await expect(scene(page2)).toContainText('shared-svc');
  await expect.poll(() => podsOf(page2), { timeout: 15_000 }).toEqual(seededPods);
  await fresh.close();
});

test('"Open in svcviz" in an embed opens the full app with the same picture', async ({ page, context }) => {
  await page.goto(`/embed.html?src=${encodeURIComponent(host.url('127.0.0.1', 'shared.yaml'))}&mode=nftables&controls=compact`);
  await expect(scene(page)).toContainText('shared-svc');
  const [app] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open in svcviz ↗' }).click()]);
  await expect(app).toHaveURL(/\/#s=[A-Za-z0-9_-]+$/);
  await expect(scene(app)).toContainText('shared-svc');
  await expect(scene(app)).toHaveAttribute('data-mode', 'nftables');
});

test('exports a valid SVG and PNG of the scene, the rules and a Mermaid diagram', async ({ page }) => {
  await page.goto(`/?src=${encodeURIComponent(host.url('127.0.0.1', 'shared.yaml'))}`);
  await expect(scene(page)).toContainText('shared-svc');
  await page.getByRole('button', { name: 'Embed / export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed and export' });
  await expect(dialog).toBeVisible();

  // snippets point at the build's own embed.html and svcviz-embed.js
  await expect(dialog.getByLabel('iframe snippet')).toHaveValue(/embed\.html\?.*#s=/);
  await expect(dialog.getByLabel('Web component <svc-viz> snippet')).toHaveValue(/svcviz-embed\.js[\s\S]*<svc-viz[\s\S]*shared-svc/);

  const [svgDl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(svgDl.suggestedFilename()).toBe('svcviz-scene.svg');
  const svgText = readFileSync((await svgDl.path())!, 'utf8');
  expect(svgText.startsWith('<?xml')).toBe(true);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { root: doc.documentElement.nodeName, ns: doc.documentElement.namespaceURI, errors: doc.getElementsByTagName('parsererror').length, text: doc.documentElement.textContent };
  }, svgText);
  expect(parsed).toMatchObject({ root: 'svg', ns: 'http://www.w3.org/2000/svg', errors: 0 });
  expect(parsed.text).toContain('shared-svc');

  const [pngDl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(pngDl.suggestedFilename()).toBe('svcviz-scene.png');
  const png = readFileSync((await pngDl.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(png.readUInt32BE(16)).toBeGreaterThan(100); // width
  expect(png.readUInt32BE(20)).toBeGreaterThan(100); // height

  const [rulesDl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export rules' }).click()]);
  expect(rulesDl.suggestedFilename()).toMatch(/^svcviz-.+-(iptables|ipvs|nftables|userspace)-rules\.txt$/);
  expect(readFileSync((await rulesDl.path())!, 'utf8')).toContain('shared-svc');

  const [mmdDl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export Mermaid' }).click()]);
  const mmd = readFileSync((await mmdDl.path())!, 'utf8');
  expect(mmd.startsWith('flowchart LR\n')).toBe(true);
  expect(mmd).toContain('Service default/shared-svc');
});

test('a manifest from a link with markup in labels and annotations runs nothing', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Refused to execute|Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('dialog', (d) => {
    violations.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  const yaml = readFileSync(join(import.meta.dirname, 'fixtures/manifests/xss.yaml'), 'utf8');
  const enc = encodeShareState({ yaml, mode: 'iptables' });
  if (!enc.ok) throw new Error('fixture too large for a link');
  await page.goto(`/${enc.fragment}`);
  await expect(scene(page)).toContainText('xss-web');
  // the editor shows the markup as text
  await expect(page.locator('body')).toContainText(`<script>window.top.postMessage('pwned','*')</script>`);
  await page.waitForTimeout(1000);
  expect(await page.locator('img[src="x"], iframe[src^="javascript"], svg [onload], [onerror]').count()).toBe(0);
  expect(violations).toEqual([]);

  // and inside embed.html too
  await page.goto(`/embed.html?controls=compact${enc.fragment}`);
  await expect(scene(page)).toContainText('xss-web');
  expect(await page.locator('img[src="x"], iframe[src^="javascript"], svg [onload], [onerror]').count()).toBe(0);
  expect(violations).toEqual([]);
});
