// The visualizer end to end, on the production build.

import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';

test.describe('svcviz app', () => {
  test('the default example animates and its pods receive traffic', async ({ page }, testInfo) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    await expect(app.scene.locator('[data-kind="Service"][data-name="my-service"]')).toBeVisible();
    await expect(app.pods('my-app')).toHaveCount(3);
    await expect(app.pod('client')).toHaveAttribute('data-ip', /^\d+\.\d+\.\d+\.\d+$/);
    await expect(app.scene.locator('[data-kind="Pod"][data-namespace="kube-system"]').first()).toBeAttached();
    await expect(app.modes.getByRole('radio', { name: 'iptables' })).toBeChecked();
    await expect.poll(() => app.packetsInFlight(), { timeout: 10_000 }).toBeGreaterThan(0);
    await app.waitForTraffic('my-app', 3);
    await expect(app.rules).not.toBeEmpty();
    await expect(app.rules).toContainText('KUBE-SERVICES');
    await app.screenshot(testInfo, 'default-example');
    expect(app.consoleErrors).toEqual([]);
  });

  test('an invalid manifest shows located diagnostics and keeps the last good picture', async ({ page }, testInfo) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    await app.waitForTraffic('my-app', 1);
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: my-service',
      'spec:',
      '  selector:',
      '    app: MyApp',
      '  ports:',
      '    - protocol: TCP',
      '      port: 0',
      '      targetPort: 9376',
    ].join('\n');
    await app.setManifest(text);
    const item = app.diagnostics.locator('li[data-line="10"]');
    await expect(item).toBeVisible();
    await expect(item).toContainText('line 10');
    await expect(item).toContainText('spec.ports[0].port');
    // the last good picture stays: 3 pods of my-app still drawn and served
    await expect(app.pods('my-app')).toHaveCount(3);
    await app.waitForTraffic('my-app', 1);
    await app.screenshot(testInfo, 'invalid-manifest');
  });

  test('each proxy mode changes the rules panel and traffic keeps flowing', async ({ page }, testInfo) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    const cases = [
      { radio: 'IPVS', mode: 'ipvs', marker: /TCP\s+\d+\.\d+\.\d+\.\d+:80 rr/ },
      { radio: 'nftables', mode: 'nftables', marker: /table ip kube-proxy/ },
      { radio: 'userspace', mode: 'userspace', marker: /KUBE-PORTALS-CONTAINER/ },
      { radio: 'iptables', mode: 'iptables', marker: /KUBE-SVC-/ },
    ] as const;
    for (const c of cases) {
      await app.setMode(c.radio);
      await expect(app.modes.getByRole('radio', { name: c.radio, exact: true })).toBeChecked();
      await expect(app.rules).toHaveAttribute('data-mode', c.mode);
      await expect(app.rules).toContainText(c.marker);
      await app.waitForTraffic('my-app', 2);
      await app.screenshot(testInfo, `mode-${c.mode}`);
    }
    expect(app.consoleErrors).toEqual([]);
  });

  test('deleting a pod shows a replacement with a new IP that then receives traffic', async ({ page }, testInfo) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    const before = await app.pods('my-app').evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-name') ?? '', ip: e.getAttribute('data-ip') ?? '' })));
    expect(before).toHaveLength(3);
    const victim = before[0]!;
    await app.pod(victim.name).click();
    await page.getByRole('button', { name: 'Delete Pod' }).click();
    // The deleted pod terminates (grace period) while its ReplicaSet creates a replacement.
    const live = app.scene.locator('[data-kind="Pod"][data-name^="my-app"]:not([data-terminating="true"])');
    await expect(live).toHaveCount(3, { timeout: 15_000 });
    await expect(app.scene.locator(`[data-kind="Pod"][data-name="${victim.name}"]:not([data-terminating="true"])`)).toHaveCount(0, { timeout: 15_000 });
    const after = await live.evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-name') ?? '', ip: e.getAttribute('data-ip') ?? '' })));
    const fresh = after.filter((p) => !before.some((b) => b.name === p.name));
    expect(fresh).toHaveLength(1);
    expect(before.map((b) => b.ip)).not.toContain(fresh[0]!.ip);
    await expect.poll(async () => Number(await app.pod(fresh[0]!.name).getAttribute('data-received')), { timeout: 20_000 }).toBeGreaterThan(0);
    await app.screenshot(testInfo, 'pod-replaced');
  });

  for (const ex of [
    { title: 'NodePort', check: 'nodeport' },
    { title: 'LoadBalancer', check: 'lb' },
    { title: 'ExternalName', check: 'externalname' },
  ] as const) {
    test(`the ${ex.title} example shows its path`, async ({ page }, testInfo) => {
      const app = new AppPage(page);
      await app.gotoFresh();
      await app.pickExample(ex.title);
      await expect(page.locator('.example-explain')).toContainText(ex.title);
      if (ex.check === 'externalname') {
        await expect(app.scene.locator('[data-role="outside"][data-name="db.example.com"]')).toBeVisible();
        const conn = await app.stepOneConnection();
        expect(conn.phases).toContain('dns');
        expect(conn.last.to).toBe('outside/db.example.com');
      } else {
        await expect(app.scene.locator('[data-kind="Service"][data-name="my-service"]')).toHaveAttribute('data-type', ex.check === 'lb' ? 'LoadBalancer' : 'NodePort');
        if (ex.check === 'lb') await expect(app.scene.locator('[data-role="load-balancer"]')).toBeVisible();
        await app.waitForTraffic('my-app', 2);
        const conn = await app.stepOneConnection(false);
        expect(conn.deliveredTo).toMatch(/^Pod\/default\/my-app/);
        if (ex.check === 'lb') expect(conn.phases).toContain('lb');
      }
      await app.screenshot(testInfo, `example-${ex.check}`);
    });
  }

  test('externalTrafficPolicy Local: no cross-node hop and the client source IP at the pod', async ({ page }, testInfo) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    await app.pickExample(/Traffic policies/);
    await expect(app.scene.locator('[data-kind="Service"][data-name="my-service"]')).toHaveAttribute('data-type', 'NodePort');
    let delivered = 0;
    for (let i = 0; i < 12 && delivered < 3; i++) {
      const conn = await app.stepOneConnection(false);
      expect(conn.phases).not.toContain('wire');
      if (conn.deliveredTo) {
        delivered++;
        expect(conn.last.src).toBe('203.0.113.50');
      }
    }
    expect(delivered).toBeGreaterThan(0);
    await app.screenshot(testInfo, 'etp-local');
  });

  test('reload keeps the user\'s text', async ({ page }) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kept-after-reload\nspec:\n  selector:\n    app: MyApp\n  ports:\n    - port: 8080\n';
    await app.setManifest(text);
    await expect(app.scene.locator('[data-kind="Service"][data-name="kept-after-reload"]')).toBeVisible();
    await page.reload();
    await expect(app.scene.locator('[data-kind="Service"][data-name="kept-after-reload"]')).toBeVisible({ timeout: 15_000 });
    await expect.poll(() => app.editorText()).toContain('kept-after-reload');
  });

  test('?src= loads a manifest from a URL at start', async ({ page }) => {
    const app = new AppPage(page);
    await app.gotoFresh('?src=examples/headless.yaml');
    await expect(app.scene.locator('[data-kind="Service"][data-name="my-service"]')).toContainText('None');
  });

  test('prefers-reduced-motion: no autoplay; Step follows a connection hop by hop, with the matched rule highlighted', async ({ page }, testInfo) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = new AppPage(page);
    await app.gotoFresh();
    await expect(page.getByRole('button', { name: /Play/ })).toBeVisible();
    const conn = await app.stepOneConnection();
    expect(conn.deliveredTo).toMatch(/^Pod\/default\/my-app/);
    expect(conn.phases.slice(0, 2)).toEqual(['dns', 'dns']);
    // back to a hop decided by a kube-proxy rule on the client's node: it is highlighted in the rules panel
    await app.stepPanel.getByRole('button', { name: 'New connection' }).click();
    for (let i = 0; i < 3; i++) await app.stepPanel.getByRole('button', { name: /Next hop/ }).click();
    await expect(app.stepPanel).toHaveAttribute('data-phase', 'proxy');
    await expect(app.rules.locator('.hit')).toHaveCount(1);
    await app.screenshot(testInfo, 'step-mode');
    expect(app.consoleErrors).toEqual([]);
  });

  test('Vietnamese UI and dark theme', async ({ page }, testInfo) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('vi');
    await page.getByRole('combobox', { name: 'Giao diện' }).selectOption('dark');
    await expect(page.getByRole('radiogroup', { name: 'Chế độ proxy' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    await app.screenshot(testInfo, 'vi-dark');
  });

  test('Vietnamese hop explanations, with the English engine text kept', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = new AppPage(page);
    await app.gotoFresh();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('vi');
    await page.getByRole('button', { name: /^⇥ (Step|Từng bước)$/ }).first().click();
    await expect(app.stepPanel).toBeVisible();
    // the first hop is the DNS query to CoreDNS
    await expect(app.stepPanel).toHaveAttribute('data-phase', 'dns');
    await expect(app.stepPanel.locator('.explain')).toContainText('Truy vấn DNS tới CoreDNS');
    const engine = app.stepPanel.locator('.engine-text');
    await engine.locator('summary').click();
    await expect(engine.locator('p[lang="en"]')).toContainText('DNS query to CoreDNS');
  });

  test('actions edit the manifest too: scaling and switching sessionAffinity', async ({ page }) => {
    const app = new AppPage(page);
    await app.gotoFresh();
    await page.getByRole('button', { name: 'scale my-app up' }).click();
    await expect(app.scene.locator('[data-kind="Pod"][data-name^="my-app"]:not([data-terminating="true"])')).toHaveCount(4);
    await expect.poll(() => app.editorText()).toContain('replicas: 4');
    await app.scene.locator('[data-kind="Service"][data-name="my-service"]').click();
    await page.getByRole('combobox', { name: 'sessionAffinity' }).selectOption('ClientIP');
    await expect.poll(() => app.editorText()).toContain('sessionAffinity: ClientIP');
    await expect(app.scene.locator('[data-kind="Service"][data-name="my-service"]')).toContainText('affinity');
    await app.waitForTraffic('my-app', 2);
  });

  test('fits a 700px documentation column: picture first, no horizontal scrolling', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 700, height: 900 });
    const app = new AppPage(page);
    await app.gotoFresh();
    await app.waitForTraffic('my-app', 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const sceneTop = (await app.scene.boundingBox())!.y;
    const editorTop = (await page.locator('.cm-content').boundingBox())!.y;
    expect(sceneTop).toBeLessThan(editorTop);
    await app.screenshot(testInfo, 'column-700');
  });
});
