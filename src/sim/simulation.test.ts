import { describe, expect, it } from 'vitest';
import type { Cluster } from '../model/cluster';
import type { ProxyMode } from '../model/types';
import type { SimFrame, StructureFrame, TickFrame } from '../protocol/messages';
import { seedCluster } from '../protocol/testing/fixtures';
import type { EngineEvent, EngineModel, SimEngine, TraceRequest } from './engine';
import { createSimulation } from './simulation';

/** A fake engine: records calls; traces go client -> node -> a random MyApp pod. */
function fakeEngine() {
  const calls = { program: [] as string[], events: [] as EngineEvent[], traces: [] as TraceRequest[] };
  const engine: SimEngine = {
    load(text) {
      if (text.includes('broken')) {
        return { state: null, cluster: seedCluster(), diagnostics: [{ severity: 'error', file: 'editor', line: 3, column: 1, message: 'spec.ports[0].port: Invalid value: 0' }] };
      }
      return { state: text, cluster: seedCluster(), diagnostics: [] };
    },
    apply(model, event): EngineModel {
      calls.events.push(event);
      return { ...model, cluster: { ...model.cluster }, changed: event.type !== 'tick' };
    },
    program(_c: Cluster, node: string, mode: ProxyMode) {
      calls.program.push(`${mode}:${node}`);
      return { mode, nodeName: node, data: null };
    },
    format(r) {
      return `# ${r.mode} rules of ${r.nodeName}\n-A KUBE-SERVICES -j KUBE-SVC-X`;
    },
    trace(req) {
      calls.traces.push(req);
      const pods = req.cluster.pods.filter((p) => p.metadata.labels?.app === 'MyApp');
      const pick = pods[Math.floor(req.random() * pods.length)]!;
      const to = `Pod/default/${pick.metadata.name}`;
      const header = { protocol: 'TCP', srcIP: '10.244.1.8', srcPort: req.srcPort, dstIP: '10.96.12.34', dstPort: 80 };
      return {
        hops: [
          { from: 'Pod/default/client', to: 'Node//node-a1', header, duration: 0.5, phase: 'proxy', explain: 'DNAT', node: 'node-a1', rule: { table: 'nat', chain: 'KUBE-SERVICES', text: '-A KUBE-SERVICES -j KUBE-SVC-X' } },
          { from: 'Node//node-a1', to, header, duration: 0.5, phase: 'deliver', explain: 'deliver' },
        ],
        deliveredTo: to,
      };
    },
  };
  return { engine, calls };
}

const structureOf = (fs: SimFrame[]): StructureFrame => fs.find((f): f is StructureFrame => f.type === 'structure')!;
const tickOf = (fs: SimFrame[]): TickFrame => fs.find((f): f is TickFrame => f.type === 'tick')!;

function run(sim: ReturnType<typeof createSimulation>, seconds: number, dt = 0.05): TickFrame[] {
  const out: TickFrame[] = [];
  for (let t = 0; t < seconds - 1e-9; t += dt) out.push(tickOf(sim.step(dt)));
  return out;
}

describe('simulation', () => {
  it('after a load: a node is selected, its rules shown, and a client pod talks to the first user Service', () => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    const s = structureOf(sim.handle({ type: 'load', text: 'seed' }));
    expect(s.cluster?.nodes).toHaveLength(3);
    expect(s.selectedNode).toBe('node-a1');
    expect(s.rules).toEqual({ node: 'node-a1', mode: 'iptables', text: '# iptables rules of node-a1\n-A KUBE-SERVICES -j KUBE-SVC-X' });
    expect(s.traffic.source).toEqual({ kind: 'pod', namespace: 'default', name: 'client' });
    expect(s.traffic.target).toEqual({ namespace: 'default', name: 'my-service' });
    expect(s.targets.map((t) => t.name)).toEqual(['my-service']);
  });

  it('an invalid manifest keeps the last good cluster and reports its diagnostics', () => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    const good = structureOf(sim.handle({ type: 'load', text: 'seed' }));
    const bad = structureOf(sim.handle({ type: 'load', text: 'broken' }));
    expect(bad.stale).toBe(true);
    expect(bad.cluster).toBe(good.cluster);
    expect(bad.diagnostics.map((d) => d.line)).toEqual([3]);
    expect(bad.text).toBe('broken');
  });

  it.each([
    [2, 5, 10],
    [10, 1, 10],
    [0, 3, 0],
  ])('at %d connections/s for %d s it starts one at once plus %d, and delivers each after its hops', (rate, seconds, n) => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    sim.handle({ type: 'setRate', connectionsPerSecond: rate });
    const ticks = run(sim, seconds);
    const spawned = ticks.flatMap((t) => t.spawned);
    expect(spawned).toHaveLength(n + (rate > 0 ? 1 : 0));
    const last = run(sim, 1.5).at(-1)!; // let the last ones arrive (1 s of hops)
    const delivered = Object.values(last.received).reduce((a, b) => a + b, 0);
    expect(delivered).toBeGreaterThanOrEqual(n);
  });

  it('switching the proxy mode re-programs nodes and keeps the request counts', () => {
    const { engine, calls } = fakeEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    const before = run(sim, 3).at(-1)!.received;
    const s = structureOf(sim.handle({ type: 'setMode', mode: 'ipvs' }));
    expect(s.mode).toBe('ipvs');
    expect(s.rules?.mode).toBe('ipvs');
    expect(calls.program).toContain('ipvs:node-a1');
    const after = tickOf(sim.step(0.01)).received;
    for (const [k, v] of Object.entries(before)) expect(after[k]).toBeGreaterThanOrEqual(v);
    run(sim, 1);
    expect(calls.traces.at(-1)?.mode).toBe('ipvs');
  });

  it('loading a different manifest resets the request counts', () => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    expect(Object.keys(run(sim, 3).at(-1)!.received).length).toBeGreaterThan(0);
    sim.handle({ type: 'load', text: 'seed # edited' });
    expect(tickOf(sim.step(0.01)).received).toEqual({});
  });

  it('paused: no new connections; sendOne starts exactly one', () => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    sim.handle({ type: 'pause' });
    expect(run(sim, 2).flatMap((t) => t.spawned)).toHaveLength(0);
    expect(tickOf(sim.handle({ type: 'sendOne' })).spawned).toHaveLength(1);
  });

  it('speed multiplies simulated time', () => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    sim.handle({ type: 'setSpeed', speed: 4 });
    expect(run(sim, 1).at(-1)!.time).toBeCloseTo(4, 5);
  });

  it.each([
    [{ type: 'deletePod', namespace: 'default', name: 'my-app-1' } as const, { type: 'deletePod', namespace: 'default', name: 'my-app-1' }],
    [{ type: 'setPodReady', namespace: 'default', name: 'my-app-2', ready: false } as const, { type: 'setPodReady', namespace: 'default', name: 'my-app-2', ready: false }],
    [{ type: 'drainNode', name: 'node-b1' } as const, { type: 'drainNode', name: 'node-b1' }],
    [{ type: 'scale', kind: 'Deployment', namespace: 'default', name: 'my-app', replicas: 5 } as const, { type: 'scale', kind: 'Deployment', namespace: 'default', name: 'my-app', replicas: 5 }],
  ])('action %j becomes cluster event %j', (action, event) => {
    const { engine, calls } = fakeEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    sim.handle({ type: 'action', action });
    expect(calls.events.at(-1)).toEqual(event);
  });

  it('a Service field switch applies the edited Service and rewrites that line of the manifest', () => {
    const { engine, calls } = fakeEngine();
    const sim = createSimulation({ engine });
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: my-service\nspec:\n  selector:\n    app: MyApp\n  ports:\n    - port: 80\n';
    sim.handle({ type: 'load', text });
    const s = structureOf(sim.handle({ type: 'action', action: { type: 'setServiceField', namespace: 'default', name: 'my-service', field: 'sessionAffinity', value: 'ClientIP' } }));
    const ev = calls.events.at(-1);
    expect(ev?.type).toBe('applyObject');
    expect(ev?.type === 'applyObject' && ev.object.kind === 'Service' && ev.object.spec.sessionAffinity).toBe('ClientIP');
    expect(s.text).toContain('spec:\n  sessionAffinity: ClientIP\n  selector:');
  });

  it('is deterministic: same seed and steps, same endpoints chosen', () => {
    const pick = () => {
      const sim = createSimulation({ engine: fakeEngine().engine, seed: 7 });
      sim.handle({ type: 'load', text: 'seed' });
      return run(sim, 5).flatMap((t) => t.spawned.map((p) => p.deliveredTo));
    };
    expect(pick()).toEqual(pick());
  });
});

describe('simulation: editing', () => {
  it('clearing the editor keeps the last picture', () => {
    const { engine } = fakeEngine();
    const sim = createSimulation({ engine });
    const good = structureOf(sim.handle({ type: 'load', text: 'seed' }));
    const cleared = structureOf(sim.handle({ type: 'load', text: '  \n' }));
    expect(cleared.cluster).toBe(good.cluster);
    expect(cleared.diagnostics).toEqual([]);
  });
});

describe('simulation: the seed of a load', () => {
  /** an engine whose load records the seed it was given */
  function seedRecordingEngine() {
    const base = fakeEngine().engine;
    const seeds: number[] = [];
    const engine: SimEngine = {
      ...base,
      load(text, file, seed) {
        seeds.push(seed);
        return base.load(text, file, seed);
      },
    };
    return { engine, seeds };
  }

  it('builds the cluster with the load\u2019s seed and reports it in the frame (the options\u2019 seed by default)', () => {
    const { engine, seeds } = seedRecordingEngine();
    const sim = createSimulation({ engine, seed: 5 });
    expect(structureOf(sim.handle({ type: 'load', text: 'seed' })).seed).toBe(5);
    expect(structureOf(sim.handle({ type: 'load', text: 'seed # other', seed: 42 })).seed).toBe(42);
    expect(seeds).toEqual([5, 42]);
  });

  it('the same text with another seed is a real reload; the same text and seed changes nothing', () => {
    const { engine, seeds } = seedRecordingEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed' });
    expect(sim.handle({ type: 'load', text: 'seed' })).toEqual([]);
    const reloaded = structureOf(sim.handle({ type: 'load', text: 'seed', seed: 9 }));
    expect(reloaded.seed).toBe(9);
    expect(sim.handle({ type: 'load', text: 'seed', seed: 9 })).toEqual([]);
    expect(seeds).toEqual([1, 9]);
  });

  it('a load without a seed keeps the current one (editing a shared run does not reshuffle its pods)', () => {
    const { engine, seeds } = seedRecordingEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed', seed: 77 });
    expect(sim.handle({ type: 'load', text: 'seed' })).toEqual([]);
    expect(structureOf(sim.handle({ type: 'load', text: 'seed # edited' })).seed).toBe(77);
    expect(seeds).toEqual([77, 77]);
  });

  it('a rejected manifest keeps the seed of the cluster still shown', () => {
    const { engine } = seedRecordingEngine();
    const sim = createSimulation({ engine });
    sim.handle({ type: 'load', text: 'seed', seed: 3 });
    const bad = structureOf(sim.handle({ type: 'load', text: 'broken', seed: 4 }));
    expect(bad.stale).toBe(true);
    expect(bad.seed).toBe(3);
  });

  it('the seed decides the traffic: another seed on the same text gives another run', () => {
    const picks = (seed: number) => {
      const sim = createSimulation({ engine: fakeEngine().engine });
      sim.handle({ type: 'load', text: 'seed' });
      sim.handle({ type: 'load', text: 'seed', seed });
      return run(sim, 5).flatMap((t) => t.spawned.map((p) => p.deliveredTo));
    };
    expect(picks(11)).toEqual(picks(11));
    expect(picks(11)).not.toEqual(picks(12));
  });
});
