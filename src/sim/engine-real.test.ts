import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../model/rng';
import { createSimulation } from './simulation';
import { createRealEngine } from './engine-real';
import type { StructureFrame, TickFrame } from '../protocol/messages';

const example = (name: string) => readFileSync(new URL(`../../public/examples/${name}.yaml`, import.meta.url), 'utf8');

describe('real engine over the example manifests', () => {
  it('basic-service: the client reaches my-service\'s pods by DNS name, through the iptables rules', () => {
    const engine = createRealEngine();
    const m = engine.load(example('basic-service'), 'basic-service.yaml', 1);
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rng = createRng(3);
    const r = engine.trace({
      cluster: m.cluster, mode: 'iptables', ipvsScheduler: 'rr',
      source: { kind: 'pod', namespace: 'default', name: 'client' }, target: { namespace: 'default', name: 'my-service' },
      states: {}, random: () => rng.next(), now: 0, srcPort: 40001,
    });
    expect(r.failed).toBeUndefined();
    expect(r.deliveredTo).toMatch(/^Pod\/default\/my-app-/);
    expect(r.hops[0]?.phase).toBe('dns');
    expect(r.hops.some((h) => h.rule?.text.includes('KUBE-SERVICES'))).toBe(true);
    expect(r.hops.at(-1)?.to).toBe(r.deliveredTo);
  });

  it.each(['basic-service', 'nodeport', 'loadbalancer', 'externalname', 'traffic-policies', 'topology', 'headless', 'session-affinity', 'selectors', 'pods-ephemeral', 'iptables', 'ipvs', 'nftables', 'userspace'])(
    'example %s loads without errors and its traffic runs in the simulation',
    (name) => {
      const sim = createSimulation({ engine: createRealEngine() });
      const s = sim.handle({ type: 'load', text: example(name), file: `${name}.yaml` })[0] as StructureFrame;
      expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(s.rules?.text.length).toBeGreaterThan(0);
      const ticks: TickFrame[] = [];
      for (let i = 0; i < 100; i++) ticks.push(sim.step(0.05).at(-1) as TickFrame);
      const spawned = ticks.flatMap((t) => t.spawned);
      expect(spawned.length).toBeGreaterThan(5);
      expect(spawned.every((p) => p.hops.length > 0 || p.failed)).toBe(true);
    },
  );
});

describe('actions on the live cluster through the real engine', () => {
  const boot = () => {
    const sim = createSimulation({ engine: createRealEngine() });
    const s = sim.handle({ type: 'load', text: example('basic-service'), file: 'basic-service.yaml' })[0] as StructureFrame;
    return { sim, s };
  };
  const appPods = (s: StructureFrame) => (s.cluster?.pods ?? []).filter((p) => p.metadata.name?.startsWith('my-app'));

  it('deleting a pod: its ReplicaSet creates a replacement with a new name and IP, which then receives traffic', () => {
    const { sim, s } = boot();
    const victim = appPods(s)[0]!;
    const after = sim.handle({ type: 'action', action: { type: 'deletePod', namespace: 'default', name: victim.metadata.name! } })[0] as StructureFrame;
    const live = appPods(after).filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(3);
    const fresh = live.filter((p) => !appPods(s).some((q) => q.metadata.name === p.metadata.name));
    expect(fresh).toHaveLength(1);
    expect(appPods(s).map((p) => p.status?.podIP)).not.toContain(fresh[0]!.status?.podIP);
    let received = 0;
    for (let i = 0; i < 400 && received === 0; i++) {
      const tick = sim.step(0.05).at(-1) as TickFrame;
      received = tick.received[`Pod/default/${fresh[0]!.metadata.name}`] ?? 0;
    }
    expect(received).toBeGreaterThan(0);
  });

  it('scaling the Deployment changes the pods and the replicas line of the manifest', () => {
    const { sim } = boot();
    const after = sim.handle({ type: 'action', action: { type: 'scale', kind: 'Deployment', namespace: 'default', name: 'my-app', replicas: 5 } })[0] as StructureFrame;
    expect(appPods(after).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(5);
    expect(after.text).toContain('  replicas: 5\n');
  });
});

describe('expected shares from the rules\' exact probabilities', () => {
  const sharesFor = (name: string, source: import('../protocol/messages').TrafficSourceRef) => {
    const engine = createRealEngine();
    const m = engine.load(example(name), `${name}.yaml`, 1);
    return { shares: engine.expectedShares!({ cluster: m.cluster, mode: 'iptables', ipvsScheduler: 'rr', source, target: { namespace: 'default', name: 'my-service' } }), cluster: m.cluster };
  };

  it('basic-service from the client pod: 1/3 to each of the 3 pods', () => {
    const { shares } = sharesFor('basic-service', { kind: 'pod', namespace: 'default', name: 'client' });
    const values = Object.values(shares);
    expect(values).toHaveLength(3);
    for (const v of values) expect(v).toBeCloseTo(1 / 3, 6);
  });

  it('traffic-policies (eTP Local) from outside: only pods on nodes that receive the traffic, summing to the delivered share', () => {
    const { shares, cluster } = sharesFor('traffic-policies', { kind: 'external' });
    const total = Object.values(shares).reduce((a, b) => a + b, 0);
    const nodesWithPods = new Set(cluster.pods.filter((p) => p.metadata.name?.startsWith('my-app')).map((p) => p.spec.nodeName));
    // a node without a local endpoint drops external traffic: the delivered share is the fraction of nodes with one
    expect(total).toBeCloseTo(nodesWithPods.size / cluster.nodes.length, 6);
  });
});
