// Scale: 100 pods with ~300 packets in flight stay smooth; 1,000 pods draw
// compactly and the page keeps responding.

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

/** frames the page painted during `ms` */
async function framesIn(page: import('@playwright/test').Page, ms: number): Promise<number> {
  return page.evaluate(
    (d) =>
      new Promise<number>((resolve) => {
        let n = 0;
        const end = performance.now() + d;
        const f = () => {
          n++;
          if (performance.now() < end) requestAnimationFrame(f);
          else resolve(n);
        };
        requestAnimationFrame(f);
      }),
    ms,
  );
}

test('100 pods with about 300 packets in flight keep animating', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.gotoFresh();
  await app.setManifest(manifest(100, 4));
  await expect(app.pods('my-app')).toHaveCount(100, { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Connections per second' }).selectOption('150');
  await expect.poll(() => app.packetsInFlight(), { timeout: 30_000 }).toBeGreaterThanOrEqual(250);
  const frames = await framesIn(page, 2000);
  testInfo.annotations.push({ type: 'fps', description: String(frames / 2) });
  expect(frames / 2).toBeGreaterThanOrEqual(15);
  await app.waitForTraffic('my-app', 100);
  await app.screenshot(testInfo, 'scale-100-pods');
});

test('1,000 pods draw compactly and the page does not freeze', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.gotoFresh();
  await app.setManifest(manifest(1000, 10));
  await expect(app.pods('my-app')).toHaveCount(1000, { timeout: 60_000 });
  const frames = await framesIn(page, 2000);
  testInfo.annotations.push({ type: 'fps', description: String(frames / 2) });
  expect(frames).toBeGreaterThan(10);
  await app.waitForTraffic('my-app', 5, 30_000);
  await app.screenshot(testInfo, 'scale-1000-pods');
});
