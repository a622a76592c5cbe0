import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimCommand, SimFrame, StructureFrame } from '../../protocol/messages';
import { createAppStore } from '../../store/app-store';
import type { SimClient } from '../../worker/client';
import { encodeShareState } from './state-codec';

/** A SimClient double: records commands, lets the test emit frames. */
function fakeClient() {
  const sent: SimCommand[] = [];
  const listeners = new Set<(f: SimFrame) => void>();
  const client: SimClient = {
    send: (cmd) => sent.push(cmd),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    destroy: () => listeners.clear(),
  };
  return { client, sent, emit: (f: SimFrame) => listeners.forEach((l) => l(f)) };
}

const frame = (version: number, text = 'x'): StructureFrame => ({
  type: 'structure',
  version,
  text,
  cluster: null,
  diagnostics: [],
  stale: false,
  mode: 'iptables',
  ipvsScheduler: 'rr',
  selectedNode: null,
  rules: null,
  traffic: { source: null, target: null, connectionsPerSecond: 2, playing: true, speed: 1 },
  sources: [],
  targets: [],
});

beforeEach(() => {
  vi.resetModules();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('applyCommands', () => {
  it('routes each command through the store actions; a load keeps its file and seed', async () => {
    const { applyCommands } = await import('./apply');
    const f = fakeClient();
    const app = createAppStore(f.client);
    const raw: SimCommand[] = [];
    applyCommands(
      app,
      [
        { type: 'load', text: 'a: 1', file: 'shared-link.yaml', seed: 9 },
        { type: 'setMode', mode: 'nftables' },
        { type: 'selectNode', name: 'n2' },
        { type: 'setSpeed', speed: 2 },
      ],
      (c) => raw.push(c),
    );
    expect(raw).toEqual([]);
    expect(app.store.getState().text).toBe('a: 1');
    expect(f.sent).toEqual([
      { type: 'load', text: 'a: 1', file: 'shared-link.yaml', seed: 9 },
      { type: 'setMode', mode: 'nftables' },
      { type: 'selectNode', name: 'n2' },
      { type: 'setSpeed', speed: 2 },
    ]);
  });

  it('without sendRaw a load is the same store action (editor file when none is given, seed kept)', async () => {
    const { applyCommands } = await import('./apply');
    const f = fakeClient();
    applyCommands(createAppStore(f.client), [{ type: 'load', text: 'b: 2', seed: 3 }, { type: 'sendOne' }]);
    expect(f.sent).toEqual([{ type: 'load', text: 'b: 2', file: 'editor', seed: 3 }]);
  });
});

describe('nextStructure', () => {
  it('resolves with the first newer frame, or the error, or null after the timeout', async () => {
    const { nextStructure } = await import('./apply');
    const f = fakeClient();
    const app = createAppStore(f.client);
    const p1 = nextStructure(app, 0);
    f.emit(frame(0));
    f.emit(frame(1));
    expect((await p1)?.valueOf()).toMatchObject({ version: 1 });

    const p2 = nextStructure(app, 1);
    f.emit({ type: 'error', message: 'worker died' });
    expect(await p2).toEqual({ error: 'worker died' });

    const p3 = nextStructure(app, 1, 1000);
    vi.advanceTimersByTime(1000);
    expect(await p3).toBeNull();
  });
});

describe('restoring a shared link in the app', () => {
  const link = (): string => {
    const enc = encodeShareState({ yaml: 'shared: yes\n', mode: 'ipvs', node: 'node-b', seed: 77 });
    if (!enc.ok) throw new Error();
    return enc.fragment;
  };

  it('waits for the app\u2019s own first load, then applies the link once', async () => {
    const { restoreSharedLinkOnce, currentSharedSeed } = await import('./link-restore');
    const f = fakeClient();
    const app = createAppStore(f.client);
    const done = restoreSharedLinkOnce(app, link());
    await Promise.resolve();
    expect(f.sent).toEqual([]); // nothing before the app's start-up load landed
    app.actions.load('example: 1\n');
    f.emit(frame(1, 'example: 1\n'));
    await expect(done).resolves.toMatchObject({ error: null, state: { yaml: 'shared: yes\n' } });
    expect(f.sent.slice(1)).toEqual([
      { type: 'load', text: 'shared: yes\n', file: 'editor', seed: 77 },
      { type: 'setMode', mode: 'ipvs' },
      { type: 'selectNode', name: 'node-b' },
    ]);
    expect(currentSharedSeed()).toBe(77);

    // a second caller (StrictMode, another component) changes nothing
    await restoreSharedLinkOnce(app, link());
    expect(f.sent).toHaveLength(4);
  });

  it('applies anyway when the app never loads anything (fallback timer)', async () => {
    const { restoreSharedLinkOnce } = await import('./link-restore');
    const f = fakeClient();
    const done = restoreSharedLinkOnce(createAppStore(f.client), link(), { fallbackMs: 500 });
    vi.advanceTimersByTime(500);
    await done;
    expect(f.sent[0]).toEqual({ type: 'load', text: 'shared: yes\n', file: 'editor', seed: 77 });
  });

  it.each([
    { name: 'no fragment', hash: '', error: null },
    { name: 'an anchor', hash: '#usage', error: null },
    { name: 'a damaged link', hash: '#s=@@', error: 'shared link is damaged: not base64url' },
  ])('$name: nothing is sent', async ({ hash, error }) => {
    const { restoreSharedLinkOnce } = await import('./link-restore');
    const f = fakeClient();
    await expect(restoreSharedLinkOnce(createAppStore(f.client), hash)).resolves.toEqual({ state: null, error });
    expect(f.sent).toEqual([]);
  });
});

describe('a link pasted into an open app', () => {
  it('applies on hashchange, reports a damaged one, and stops when unwatched', async () => {
    const { watchSharedLinks } = await import('./link-restore');
    const f = fakeClient();
    const win = new EventTarget() as EventTarget & { location: { hash: string } };
    win.location = { hash: '' };
    const errors: string[] = [];
    const unwatch = watchSharedLinks(createAppStore(f.client), win as never, (e) => errors.push(e));
    const enc = encodeShareState({ yaml: 'pasted: 1\n', mode: 'userspace' });
    if (!enc.ok) throw new Error();
    win.location.hash = enc.fragment;
    win.dispatchEvent(new Event('hashchange'));
    expect(f.sent).toEqual([
      { type: 'load', text: 'pasted: 1\n', file: 'editor' },
      { type: 'setMode', mode: 'userspace' },
    ]);
    win.location.hash = '#s=!!';
    win.dispatchEvent(new Event('hashchange'));
    expect(errors).toEqual(['shared link is damaged: not base64url']);
    unwatch();
    win.location.hash = enc.fragment;
    win.dispatchEvent(new Event('hashchange'));
    expect(f.sent).toHaveLength(2);
  });
});
