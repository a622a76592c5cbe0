// Scale, functionally: 100 pods with ~300 packets in flight, 1,000 pods
// grouped per node, and the page keeps responding. Frame rates are measured by
// the benchmark (npm run bench:ui), never asserted here.

import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page';

function manifest(replicas: number, nodes: number): string {
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

test('100 pods with about 300 packets in flight: packets move and every pod gets traffic', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.gotoFresh();
  await app.setManifest(manifest(100, 4));
  await expect(app.pods('my-app')).toHaveCount(100, { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Connections per second' }).selectOption('150');
  await expect.poll(() => app.packetsInFlight(), { timeout: 30_000 }).toBeGreaterThanOrEqual(250);
  await app.waitForTraffic('my-app', 100);
  await app.screenshot(testInfo, 'scale-100-pods');
});

test('1,000 pods: grouped per node, each pod still addressable, controls respond', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.gotoFresh();
  await app.setManifest(manifest(1000, 10));
  await expect(app.pods('my-app')).toHaveCount(1000, { timeout: 60_000 });
  // Every pod keeps the testing contract even as a dot in a grouped node.
  const first = app.pods('my-app').first();
  for (const attr of ['data-namespace', 'data-node', 'data-ip', 'data-received']) await expect(first).toHaveAttribute(attr, /.+/);
  const grouped = app.scene.locator('[data-kind="Node"][data-grouped="true"]');
  await expect(grouped).toHaveCount(10);
  await expect(grouped.first()).toContainText('pods');
  await expect.poll(() => app.packetsInFlight(), { timeout: 30_000 }).toBeGreaterThan(0);
  await app.waitForTraffic('my-app', 5, 30_000);
  // A control still responds: pause stops new packets, the node expands on click.
  await page.getByRole('button', { name: /Pause/ }).click();
  await expect(page.getByRole('button', { name: /Play/ })).toBeVisible();
  const node0 = app.scene.locator('[data-kind="Node"][data-name="node-0"]');
  await node0.click();
  await expect(node0).toHaveAttribute('aria-expanded', 'true');
  await expect(node0).toHaveAttribute('data-grouped', 'false');
  await app.screenshot(testInfo, 'scale-1000-pods');
});

test('keyboard: one tab stop per node; arrow keys move between its pods', async ({ page }) => {
  const app = new AppPage(page);
  await app.gotoFresh();
  await app.setManifest(manifest(6, 1));
  await expect(app.pods('my-app')).toHaveCount(6, { timeout: 30_000 });
  const onNode = app.scene.locator('[data-kind="Pod"][data-node="node-0"]');
  await expect(onNode.and(page.locator('[tabindex="0"]'))).toHaveCount(1);
  const stop = onNode.and(page.locator('[tabindex="0"]'));
  const firstName = await stop.getAttribute('data-name');
  await stop.focus();
  await page.keyboard.press('ArrowRight');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('data-kind', 'Pod');
  await expect(focused).not.toHaveAttribute('data-name', firstName ?? '');
  await expect(focused).toHaveAttribute('aria-label', /^Pod [a-z-]+\/[a-z0-9-]+, /);
  await page.keyboard.press('Home');
  await expect(page.locator(':focus')).toHaveAttribute('data-name', firstName ?? '');
  await page.keyboard.press('Enter');
  await expect(page.locator(':focus')).toHaveClass(/inspected/);
});
