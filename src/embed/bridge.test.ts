import { describe, expect, it } from 'vitest';
import { createMessageBridge, type BridgeWindow } from './bridge';
import type { InboundMessage, OutboundMessage } from './messages';

function setup(allowedOrigins: string[] = [], handle?: (m: InboundMessage) => OutboundMessage | void | Promise<OutboundMessage | void>) {
  const posted: { msg: OutboundMessage; origin: string }[] = [];
  const parent = { postMessage: (msg: OutboundMessage, origin: string) => posted.push({ msg, origin }) };
  let listener: ((e: MessageEvent) => void) | null = null;
  const win: BridgeWindow = {
    parent,
    addEventListener: (_t, l) => (listener = l),
    removeEventListener: () => (listener = null),
  };
  const handled: InboundMessage[] = [];
  const bridge = createMessageBridge({
    win,
    allowedOrigins,
    ancestorOrigin: 'https://docs.test',
    handle: (m) => {
      handled.push(m);
      return handle?.(m);
    },
  });
  const deliver = async (data: unknown, origin = 'https://docs.test', source: unknown = parent): Promise<void> => {
    listener?.({ data, origin, source } as MessageEvent);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { bridge, posted, handled, deliver, parent, isListening: () => listener !== null };
}

describe('embed postMessage bridge', () => {
  it('runs a command from the parent and replies to its origin only', async () => {
    const t = setup([], (m) => (m.type === 'svcviz:get-stats' ? { type: 'svcviz:stats', pods: [{ namespace: 'default', name: 'a', received: 1 }] } : undefined));
    await t.deliver({ type: 'svcviz:get-stats' }, 'https://docs.test');
    expect(t.handled).toEqual([{ type: 'svcviz:get-stats' }]);
    expect(t.posted).toEqual([{ msg: { type: 'svcviz:stats', pods: [{ namespace: 'default', name: 'a', received: 1 }] }, origin: 'https://docs.test' }]);
  });

  it.each([
    { name: 'a sibling frame', source: { other: true }, origin: 'https://docs.test', allowed: [] },
    { name: 'the parent from a disallowed origin', source: 'parent', origin: 'https://evil.test', allowed: ['https://docs.test'] },
  ])('ignores $name completely (no command, no reply)', async ({ source, origin, allowed }) => {
    const t = setup(allowed);
    await t.deliver({ type: 'svcviz:load', yaml: 'x' }, origin, source === 'parent' ? t.parent : source);
    expect(t.handled).toEqual([]);
    expect(t.posted).toEqual([]);
  });

  it('answers an invalid command with svcviz:error', async () => {
    const t = setup();
    await t.deliver({ type: 'svcviz:set-mode', mode: 'ebpf' });
    expect(t.handled).toEqual([]);
    expect(t.posted).toHaveLength(1);
    expect(t.posted[0]!.msg).toMatchObject({ type: 'svcviz:error', message: expect.stringMatching(/unsupported mode "ebpf"/) });
  });

  it('reports a failing command as svcviz:error', async () => {
    const t = setup([], () => {
      throw new Error('boom');
    });
    await t.deliver({ type: 'svcviz:play' });
    expect(t.posted).toEqual([{ msg: { type: 'svcviz:error', message: 'boom' }, origin: 'https://docs.test' }]);
  });

  it('stays silent for other libraries\u2019 messages', async () => {
    const t = setup();
    await t.deliver({ type: 'react-devtools' });
    await t.deliver('hello');
    expect(t.posted).toEqual([]);
  });

  it('never replies to an opaque origin (that would need "*")', async () => {
    const t = setup([], () => ({ type: 'svcviz:stats', pods: [] }));
    await t.deliver({ type: 'svcviz:get-stats' }, 'null');
    expect(t.handled).toHaveLength(1);
    expect(t.posted).toEqual([]);
  });

  it('announces ready to the parent origin, if it is allowed', () => {
    const t = setup();
    t.bridge.announceReady();
    expect(t.posted).toEqual([{ msg: { type: 'svcviz:ready' }, origin: 'https://docs.test' }]);
    const u = setup(['https://a.test', 'https://docs.test']);
    u.bridge.announceReady();
    expect(u.posted.map((p) => p.origin)).toEqual(['https://docs.test']);
    const v = setup(['https://a.test']);
    v.bridge.announceReady();
    expect(v.posted).toEqual([]);
  });

  it('destroy stops listening', () => {
    const t = setup();
    t.bridge.destroy();
    expect(t.isListening()).toBe(false);
  });
});
