import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../types';
import { createRng } from '../rng';
import { createPodIPRange } from './pod-ipam';
import { adjustFree, buildSchedulerIndex, controllerUID, countPod, pickNode, scanNodes, TREE_MIN_NODES, type SchedulerIndex } from './scheduler';

// The per-zone trees must pick exactly the node the full scan picks, for
// every cluster state: cordoned and NotReady nodes, full podCIDRs, owners
// spread unevenly, pods placed and removed in any order.

function node(i: number, zones: number, state: 'ok' | 'cordoned' | 'notReady'): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${i}`, labels: { 'topology.kubernetes.io/zone': `zone-${i % zones}` } },
    spec: { podCIDR: `10.${i >> 8}.${i & 255}.0/29`, ...(state === 'cordoned' ? { unschedulable: true } : {}) },
    status: { conditions: [{ type: 'Ready', status: state === 'notReady' ? 'False' : 'True' }] },
  };
}

const pod = (uid: string, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true }] },
  spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
});

/** What the scan alone would answer (same owner counts, no trees). */
function scanOnly(idx: SchedulerIndex, p: Pod) {
  const saved = idx.trees;
  const uid = controllerUID(p);
  const r = scanNodes(idx, p, undefined, uid ? idx.owners.get(uid) : undefined);
  idx.trees = saved;
  return r;
}

describe('scheduler trees agree with the full scan', () => {
  it.each([
    ['3 zones, all nodes fine', 40, 3, 0, 1],
    ['2 zones, some cordoned / NotReady', 48, 2, 0.2, 2],
    ['5 zones, many cordoned, pods leave too', 64, 5, 0.4, 3],
    ['1 zone', TREE_MIN_NODES, 1, 0.1, 4],
  ])('%s', (_, count, zones, blockedShare, seed) => {
    const rng = createRng(seed);
    const nodes = Array.from({ length: count }, (_, i) => {
      const r = rng.next();
      return node(i, zones, r < blockedShare / 2 ? 'cordoned' : r < blockedShare ? 'notReady' : 'ok');
    });
    const ipam = Object.fromEntries(nodes.map((n) => [n.metadata.name!, createPodIPRange(n.spec.podCIDR!)!]));
    const idx = buildSchedulerIndex(nodes, [], ipam);
    const placed: Pod[] = [];
    let checked = 0;
    for (let step = 0; step < 400; step++) {
      if (placed.length && rng.next() < 0.3) {
        const [gone] = placed.splice(rng.int(placed.length), 1);
        countPod(idx, gone!, -1);
        adjustFree(idx, gone!.spec.nodeName!, 1);
        continue;
      }
      const p = pod(`rs-${rng.int(12)}`);
      const want = scanOnly(idx, p);
      const got = pickNode(idx, p);
      expect(got).toEqual(want);
      checked++;
      if ('nodeName' in got) {
        const onNode = pod(controllerUID(p)!, got.nodeName);
        countPod(idx, onNode, 1);
        adjustFree(idx, got.nodeName, -1);
        placed.push(onNode);
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(idx.trees).toBeDefined();
  });
});
