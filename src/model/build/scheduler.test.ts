import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../types';
import { completeNodes, defaultNodeObjects } from './nodes';
import { createPodIPRange } from './pod-ipam';
import { buildSchedulerIndex, countPod, pickNode } from './scheduler';

const nodes = (mutate: (n: Node, i: number) => Node = (n) => n) =>
  completeNodes(defaultNodeObjects(), '10.244.0.0/16').map(mutate);
const ipam = (ns: Node[], cidr = (n: Node) => n.spec.podCIDR!) =>
  Object.fromEntries(ns.map((n) => [n.metadata.name!, createPodIPRange(cidr(n))!]));
const pod = (uid: string, nodeSelector?: Record<string, string>, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid, controller: true }] },
  spec: { containers: [], ...(nodeSelector ? { nodeSelector } : {}), ...(nodeName ? { nodeName } : {}) },
});

describe('pickNode', () => {
  it('spreads one owner over nodes, then over zones (node-c is alone in zone-b)', () => {
    const ns = nodes();
    const idx = buildSchedulerIndex(ns, [], ipam(ns));
    const picks: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = pickNode(idx, pod('rs1')) as { nodeName: string };
      picks.push(r.nodeName);
      countPod(idx, pod('rs1', undefined, r.nodeName), 1);
    }
    expect(picks).toEqual(['node-a', 'node-c', 'node-b']);
  });

  it.each([
    [
      'no node matches the nodeSelector',
      (n: Node) => n,
      { disk: 'ssd' },
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ],
    [
      'every node is cordoned',
      (n: Node) => ({ ...n, spec: { ...n.spec, unschedulable: true } }),
      undefined,
      '0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ],
    [
      'one cordoned, two not matching',
      (n: Node, i: number) => (i === 0 ? { ...n, spec: { ...n.spec, unschedulable: true } } : n),
      { 'topology.kubernetes.io/zone': 'zone-x' },
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ],
  ])('Pending when %s', (_, mutate, selector, message) => {
    const ns = nodes(mutate);
    expect(pickNode(buildSchedulerIndex(ns, [], ipam(ns)), pod('x', selector))).toEqual({ message });
  });

  it('full podCIDRs count as "Too many pods" (preemption could help)', () => {
    const ns = nodes();
    const idx = buildSchedulerIndex(ns, [], ipam(ns, () => '10.244.0.0/30'));
    for (const n of ns) countPod(idx, pod('y', undefined, n.metadata.name), 1);
    idx.free.fill(0);
    expect(pickNode(idx, pod('x'))).toEqual({
      message: '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    });
  });
});
