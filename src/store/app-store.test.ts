import { describe, expect, it } from 'vitest';
import type { PacketPath, SimCommand, SimFrame, StructureFrame } from '../protocol/messages';
import type { SimClient } from '../worker/client';
import { createAppStore } from './app-store';
import { selectMode, selectRules, selectSeed, selectStepHop } from './selectors';

function fakeClient() {
  const sent: SimCommand[] = [];
  let listener: ((f: SimFrame) => void) | null = null;
  const client: SimClient = {
    send: (c) => sent.push(c),
    subscribe: (l) => {
      listener = l;
      return () => (listener = null);
    },
    destroy: () => undefined,
  };
  return { client, sent, emit: (f: SimFrame) => listener?.(f) };
}

const structure = (text: string, extra: Partial<StructureFrame> = {}): StructureFrame => ({
  type: 'structure', version: 1, text, cluster: null, diagnostics: [], stale: false, mode: 'iptables', ipvsScheduler: 'rr',
  selectedNode: 'n1', rules: { node: 'n1', mode: 'iptables', text: '-A KUBE-SERVICES' },
  traffic: { source: null, target: null, connectionsPerSecond: 2, playing: true, speed: 1 }, sources: [], targets: [], ...extra,
});

const packet: PacketPath = {
  id: 1, service: 'Service/default/s', startTime: 0, duration: 1,
  hops: [
    { from: 'a', to: 'b', header: { protocol: 'TCP', srcIP: '1', srcPort: 1, dstIP: '2', dstPort: 2 }, explain: 'first', phase: 'proxy', duration: 0.5 },
    { from: 'b', to: 'c', header: { protocol: 'TCP', srcIP: '1', srcPort: 1, dstIP: '3', dstPort: 3 }, explain: 'second', phase: 'deliver', duration: 0.5 },
  ],
};

describe('app store', () => {
  it('actions become worker commands', () => {
    const { client, sent } = fakeClient();
    const app = createAppStore(client);
    app.actions.load('x');
    app.actions.setMode('nftables');
    app.actions.act({ type: 'deletePod', namespace: 'default', name: 'p' });
    expect(sent).toEqual([
      { type: 'load', text: 'x', file: 'editor' },
      { type: 'setMode', mode: 'nftables' },
      { type: 'action', action: { type: 'deletePod', namespace: 'default', name: 'p' } },
    ]);
  });

  it('a load may carry a seed and a file name (a shared link\u2019s run); the frame\u2019s seed is selectable', () => {
    const { client, sent, emit } = fakeClient();
    const app = createAppStore(client);
    app.actions.load('x', { seed: 42 });
    app.actions.load('y', { seed: 0, file: 'shared-link.yaml' });
    app.actions.load('z', {});
    expect(sent).toEqual([
      { type: 'load', text: 'x', file: 'editor', seed: 42 },
      { type: 'load', text: 'y', file: 'shared-link.yaml', seed: 0 },
      { type: 'load', text: 'z', file: 'editor' },
    ]);
    expect(app.store.getState().text).toBe('z');
    expect(selectSeed(app.store.getState())).toBeUndefined();
    emit(structure('z', { seed: 42 }));
    expect(selectSeed(app.store.getState())).toBe(42);
  });

  it('structure frames feed the selectors; an action\'s rewritten text replaces the editor text', () => {
    const { client, emit } = fakeClient();
    const app = createAppStore(client);
    app.actions.load('a');
    emit(structure('a', { mode: 'ipvs' }));
    expect(selectMode(app.store.getState())).toBe('ipvs');
    expect(selectRules(app.store.getState())?.text).toBe('-A KUBE-SERVICES');
    emit(structure('a\n  replicas: 4'));
    expect(app.store.getState().text).toBe('a\n  replicas: 4');
  });

  it('text the user typed since the last frame is not overwritten', () => {
    const { client, emit } = fakeClient();
    const app = createAppStore(client);
    emit(structure('a'));
    app.actions.setText('a-typing');
    emit(structure('a'));
    expect(app.store.getState().text).toBe('a-typing');
  });

  it('ticks update request counts and reach the hot-path listeners', () => {
    const { client, emit } = fakeClient();
    const app = createAppStore(client);
    const seen: number[] = [];
    app.onTick((t) => seen.push(t.spawned.length));
    emit({ type: 'tick', time: 1, spawned: [packet], received: { 'Pod/default/p': 2 }, inFlight: 1 });
    expect(app.store.getState().received).toEqual({ 'Pod/default/p': 2 });
    expect(seen).toEqual([1]);
  });

  it('step mode pauses, sends one connection, then walks its hops and starts a new one after the last', () => {
    const { client, sent, emit } = fakeClient();
    const app = createAppStore(client);
    app.actions.stepStart();
    expect(sent.slice(-2)).toEqual([{ type: 'pause' }, { type: 'sendOne' }]);
    emit({ type: 'tick', time: 0, spawned: [packet], received: {}, inFlight: 1 });
    expect(selectStepHop(app.store.getState())?.explain).toBe('first');
    app.actions.stepNext();
    expect(selectStepHop(app.store.getState())?.explain).toBe('second');
    app.actions.stepNext();
    expect(sent.at(-1)).toEqual({ type: 'sendOne' });
  });
});
