// Page object for the svcviz app: roles and the testing contract's data
// attributes, no CSS structure beyond CodeMirror's content element.

import { expect } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';

export class AppPage {
  readonly scene: Locator;
  readonly rules: Locator;
  readonly diagnostics: Locator;
  readonly modes: Locator;
  readonly stepPanel: Locator;
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    this.scene = page.getByTestId('scene');
    this.rules = page.getByTestId('rules');
    this.diagnostics = page.getByTestId('diagnostics');
    this.modes = page.getByRole('radiogroup', { name: 'Proxy mode' });
    this.stepPanel = page.getByTestId('step-panel');
    page.on('console', (m) => {
      // index.html's CSP meta carries frame-ancestors for hosts that copy it
      // into a header; Chromium notes that a <meta> cannot enforce it.
      if (m.type() === 'error' && !/frame-ancestors' is ignored/.test(m.text())) this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`./${query}`);
    await expect(this.scene.locator('[data-kind="Node"]').first()).toBeVisible({ timeout: 15_000 });
  }

  /** a fresh page with no saved manifest */
  async gotoFresh(query = ''): Promise<void> {
    await this.page.goto('./');
    await this.page.evaluate(() => localStorage.clear());
    await this.goto(query);
  }

  pods(namePrefix = ''): Locator {
    return this.scene.locator(namePrefix ? `[data-kind="Pod"][data-name^="${namePrefix}"]` : '[data-kind="Pod"]');
  }

  pod(name: string, namespace = 'default'): Locator {
    return this.scene.locator(`[data-kind="Pod"][data-name="${name}"][data-namespace="${namespace}"]`);
  }

  async received(namePrefix: string): Promise<Record<string, number>> {
    return this.pods(namePrefix).evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-name') ?? '', Number(e.getAttribute('data-received') ?? 0)])),
    );
  }

  async totalReceived(namePrefix: string): Promise<number> {
    return Object.values(await this.received(namePrefix)).reduce((a, b) => a + b, 0);
  }

  async waitForTraffic(namePrefix: string, atLeast = 1, timeout = 15_000): Promise<void> {
    const start = await this.totalReceived(namePrefix);
    await expect.poll(() => this.totalReceived(namePrefix), { timeout }).toBeGreaterThanOrEqual(start + atLeast);
  }

  async packetsInFlight(): Promise<number> {
    return Number((await this.scene.getAttribute('data-packets-in-flight')) ?? 0);
  }

  async setMode(name: 'userspace' | 'iptables' | 'IPVS' | 'nftables'): Promise<void> {
    await this.modes.getByRole('radio', { name, exact: true }).check();
  }

  /** replace the editor's text as a user would (select all, paste) */
  async setManifest(text: string): Promise<void> {
    const editor = this.page.locator('.cm-content');
    await expect(editor).toBeVisible();
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(text);
  }

  async editorText(): Promise<string> {
    return this.page.locator('.cm-content').innerText();
  }

  async pickExample(title: string | RegExp): Promise<void> {
    const menu = this.page.getByRole('combobox', { name: 'Examples' });
    const option = menu.locator('option').filter({ hasText: title }).first();
    await expect(option).toBeAttached();
    const value = await option.getAttribute('value');
    await menu.selectOption(value ?? '');
  }

  /**
   * Step mode: send one connection; with `walk`, press "Next hop" to its last
   * hop (otherwise read the whole path from the panel). Returns the path.
   */
  async stepOneConnection(walk = true): Promise<{ phases: string[]; deliveredTo: string; last: { src: string; dst: string; to: string } }> {
    const before = (await this.stepPanel.count()) ? await this.stepPanel.getAttribute('data-packet') : null;
    const step = this.page.getByRole('button', { name: /^⇥ (Step|Next hop)$/ }).first();
    if (before !== null) {
      await this.stepPanel.getByRole('button', { name: 'New connection' }).click();
      await expect(this.stepPanel).not.toHaveAttribute('data-packet', before);
    } else {
      await step.click();
    }
    await expect(this.stepPanel).toBeVisible();
    const hops = Number(await this.stepPanel.getAttribute('data-hops'));
    if (!walk) {
      return {
        phases: ((await this.stepPanel.getAttribute('data-phases')) ?? '').split(' '),
        deliveredTo: (await this.stepPanel.getAttribute('data-delivered-to')) ?? '',
        last: { src: (await this.stepPanel.getAttribute('data-final-src-ip')) ?? '', dst: '', to: (await this.stepPanel.getAttribute('data-final-to')) ?? '' },
      };
    }
    const next = this.stepPanel.getByRole('button', { name: /Next hop/ });
    for (let i = 1; i < hops; i++) {
      await next.click();
      await expect(this.stepPanel).toHaveAttribute('data-hop', String(i));
    }
    return {
      phases: ((await this.stepPanel.getAttribute('data-phases')) ?? '').split(' '),
      deliveredTo: (await this.stepPanel.getAttribute('data-delivered-to')) ?? '',
      last: {
        src: (await this.stepPanel.getAttribute('data-src-ip')) ?? '',
        dst: (await this.stepPanel.getAttribute('data-dst-ip')) ?? '',
        to: (await this.stepPanel.getAttribute('data-to')) ?? '',
      },
    };
  }

  async screenshot(testInfo: TestInfo, name: string): Promise<void> {
    const path = testInfo.outputPath(`${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }
}
