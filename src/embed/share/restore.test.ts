import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../model/cluster';
import type { Pod } from '../../model/types';
import type { StructureFrame } from '../../protocol/messages';
import { buildPodStats, captureShareState, restoreCommands } from './restore';

function frame(over: Partial<StructureFrame> = {}): StructureFrame {
  return {
    type: 'structure',
    version: 3,
    text: 'kind: Service\n',
    cluster: null,
    diagnostics: [],
    stale: false,
    mode: 'ipvs',
    ipvsScheduler: 'lc',
    selectedNode: 'node-2',
    rules: null,
    traffic: {
      source: { kind: 'pod', namespace: 'default', name: 'client' },
      target: { namespace: 'default', name: 'web', port: 80 },
      connectionsPerSecond: 3,
      playing: true,
      speed: 2,
    },
    sources: [],
    targets: [],
    ...over,
  };
}

describe('capturing the picture for a link', () => {
  it('takes the editor text and everything that shapes the picture', () => {
    expect(captureShareState(frame(), 'edited: yes\n', 7)).toEqual({
      yaml: 'edited: yes\n',
      mode: 'ipvs',
      scheduler: 'lc',
      node: 'node-2',
      source: { kind: 'pod', namespace: 'default', name: 'client' },
      destination: { namespace: 'default', name: 'web', port: 80 },
      rate: 3,
      speed: 2,
      seed: 7,
    });
  });

  it('leaves out the scheduler outside ipvs and the default rr', () => {
    expect(captureShareState(frame({ mode: 'iptables' }), 'x').scheduler).toBeUndefined();
    expect(captureShareState(frame({ ipvsScheduler: 'rr' }), 'x').scheduler).toBeUndefined();
  });

  it('the seed is the frame\u2019s (the run on screen), the given one only when the frame has none', () => {
    expect(captureShareState(frame({ seed: 31337 }), 'x', 7).seed).toBe(31337);
    expect(captureShareState(frame({ seed: 0 }), 'x').seed).toBe(0);
  });

  it('before the first frame: only the text (and seed)', () => {
    expect(captureShareState(null, 'x')).toEqual({ yaml: 'x' });
    expect(captureShareState(null, 'x', 9)).toEqual({ yaml: 'x', seed: 9 });
  });
});

describe('restoring a link', () => {
  it('loads first, then mode, scheduler, node, traffic, rate, speed', () => {
    const state = captureShareState(frame(), 'text', 42);
    expect(restoreCommands(state)).toEqual([
      { type: 'load', text: 'text', file: 'shared-link.yaml', seed: 42 },
      { type: 'setMode', mode: 'ipvs' },
      { type: 'setScheduler', scheduler: 'lc' },
      { type: 'selectNode', name: 'node-2' },
      { type: 'setSource', source: { kind: 'pod', namespace: 'default', name: 'client' } },
      { type: 'setTarget', target: { namespace: 'default', name: 'web', port: 80 } },
      { type: 'setRate', connectionsPerSecond: 3 },
      { type: 'setSpeed', speed: 2 },
    ]);
  });

  it('an explicit mode parameter overrides the link mode', () => {
    expect(restoreCommands({ yaml: 'x', mode: 'ipvs' }, { modeOverride: 'nftables' })).toEqual([
      { type: 'load', text: 'x', file: 'shared-link.yaml' },
      { type: 'setMode', mode: 'nftables' },
    ]);
  });

  it('a bare manifest is just a load', () => {
    expect(restoreCommands({ yaml: 'x' }, { file: 'web.yaml' })).toEqual([{ type: 'load', text: 'x', file: 'web.yaml' }]);
  });
});

describe('pod stats for svcviz:stats', () => {
  const pod = (namespace: string, name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name }, spec: { containers: [] } });
  const cluster = { pods: [pod('default', 'web-b'), pod('default', 'web-a'), pod('kube-system', 'coredns-1')] } as unknown as Cluster;

  it('lists every pod, zero when nothing arrived, sorted by namespace and name', () => {
    expect(buildPodStats(cluster, { 'Pod/default/web-a': 5, 'Node//n1': 2, external: 1 })).toEqual([
      { namespace: 'default', name: 'web-a', received: 5 },
      { namespace: 'default', name: 'web-b', received: 0 },
      { namespace: 'kube-system', name: 'coredns-1', received: 0 },
    ]);
  });

  it('keeps pods that are gone but received connections', () => {
    expect(buildPodStats(cluster, { 'Pod/default/web-old': 2 })).toContainEqual({ namespace: 'default', name: 'web-old', received: 2 });
  });

  it('no cluster yet: empty', () => {
    expect(buildPodStats(null, {})).toEqual([]);
  });
});
