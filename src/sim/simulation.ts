// The clockless, seeded simulation behind the picture. Commands change what
// is simulated (manifest, proxy mode, traffic, actions); `step(dt)` advances
// simulated time, starts new connections at the chosen rate and retires the
// ones that finished. Every connection's hops come from the engine's trace
// through the current mode's rules. Time and randomness are injected: the
// same commands, steps and seed give the same run.

import { hasErrors } from '../model/diagnostic';
import type { Cluster } from '../model/cluster';
import { createRng } from '../model/rng';
import type { Rng } from '../model/rng';
import type { ProxyMode, Service } from '../model/types';
import type { ProxyState, Ruleset } from '../proxy/types';
import type {
  ClusterAction,
  PacketPath,
  RulesView,
  SimCommand,
  SimFrame,
  StructureFrame,
  TickFrame,
  TrafficSourceRef,
  TrafficTargetRef,
} from '../protocol/messages';
import type { EngineEvent, EngineModel, SimEngine } from './engine';
import { patchManifestField } from './patch-manifest';
import { chooseTraffic, listSources, listTargets } from './traffic';

export interface SimOptions {
  engine: SimEngine;
  seed?: number;
  /** never more than this many connections in flight (oldest spawns are skipped) */
  maxInFlight?: number;
}

export interface Simulation {
  handle(cmd: SimCommand): SimFrame[];
  /** advances `dt` real seconds (times speed); returns a tick, preceded by a structure frame when the cluster changed */
  step(dt: number): SimFrame[];
  destroy(): void;
}

const DEFAULT_SCHEDULER = 'rr';

export function createSimulation(options: SimOptions): Simulation {
  const engine = options.engine;
  const seed = options.seed ?? 1;
  const maxInFlight = options.maxInFlight ?? 400;

  let model: EngineModel | null = null;
  let text = '';
  let diagnostics: EngineModel['diagnostics'] = [];
  let stale = false;
  let version = 0;
  let mode: ProxyMode = 'iptables';
  let modeFromUser = false;
  let ipvsScheduler = DEFAULT_SCHEDULER;
  let selectedNode: string | null = null;
  let source: TrafficSourceRef | null = null;
  /** the user picked the source; a new manifest keeps it while it exists */
  let sourceFromUser = false;
  let target: TrafficTargetRef | null = null;
  let rate = 2;
  let playing = true;
  let speed = 1;
  let time = 0;
  let spawnDebt = 0;
  let tickDebt = 0;
  let nextId = 1;
  /** seed of the loaded model; a load without one keeps it (editing the text does not reshuffle the cluster) */
  let currentSeed = seed;
  let rng: Rng = createRng(seed);
  let inFlight: PacketPath[] = [];
  let received: Record<string, number> = {};
  let spawned: PacketPath[] = [];
  let rulesets = new Map<string, Ruleset>();
  let proxyStates: Record<string, ProxyState> = {};

  const cluster = (): Cluster | null => model?.cluster ?? null;

  function invalidateRules(): void {
    rulesets = new Map();
    expectedCache = null;
  }

  function rulesetFor(node: string): Ruleset {
    let r = rulesets.get(node);
    const c = cluster();
    if (!r && c) {
      r = engine.program(c, node, mode, ipvsScheduler);
      rulesets.set(node, r);
    }
    if (!r) throw new Error(`no cluster to program node ${node}`);
    return r;
  }

  function rulesView(): RulesView | null {
    const c = cluster();
    if (!c || !selectedNode) return null;
    try {
      return { node: selectedNode, mode, text: engine.format(rulesetFor(selectedNode)) };
    } catch (e) {
      return { node: selectedNode, mode, text: `# could not program ${selectedNode}: ${String(e)}` };
    }
  }

  function fixSelection(): void {
    const c = cluster();
    const names = c?.nodes.map((n) => n.metadata.name ?? '') ?? [];
    if (!selectedNode || !names.includes(selectedNode)) selectedNode = names[0] ?? null;
    if (c) ({ source, target } = chooseTraffic(c, { source, target }));
  }

  let expectedCache: { key: string; value: Record<string, number> | undefined } | null = null;
  function expectedShares(c: Cluster | null): Record<string, number> | undefined {
    if (!c || !source || !target || !engine.expectedShares) return undefined;
    const key = JSON.stringify([source, target, mode, ipvsScheduler]);
    if (expectedCache?.key === key) return expectedCache.value;
    let value: Record<string, number> | undefined;
    try {
      value = engine.expectedShares({ cluster: c, mode, ipvsScheduler, source, target });
    } catch {
      value = undefined;
    }
    expectedCache = { key, value };
    return value;
  }

  function structure(): StructureFrame {
    const c = cluster();
    return {
      type: 'structure',
      version,
      text,
      seed: currentSeed,
      cluster: c,
      diagnostics,
      stale,
      mode,
      ipvsScheduler,
      selectedNode,
      rules: rulesView(),
      traffic: { source, target, connectionsPerSecond: rate, playing, speed },
      sources: c ? listSources(c) : [],
      targets: c ? listTargets(c) : [],
      expected: expectedShares(c),
    };
  }

  function load(newText: string, file: string, loadSeed: number): SimFrame[] {
    // The same text with another seed is a real reload (a shared link's seed
    // gives other pod names and IPs); the same text and seed changes nothing.
    if (newText === text && loadSeed === currentSeed && model) return [];
    text = newText;
    // Clearing the editor (to paste something else) keeps the picture.
    if (newText.trim() === '' && model) {
      diagnostics = [];
      stale = false;
      version++;
      return [structure()];
    }
    let next: EngineModel;
    try {
      next = engine.load(newText, file, loadSeed);
    } catch (e) {
      diagnostics = [{ severity: 'error', file, line: 1, column: 1, message: `internal error: ${String(e)}` }];
      stale = !!model;
      version++;
      return [structure()];
    }
    diagnostics = next.diagnostics;
    // An invalid manifest keeps the last good picture; the diagnostics say why.
    if (hasErrors(next.diagnostics) && model) {
      stale = true;
      version++;
      return [structure()];
    }
    stale = false;
    model = next;
    // The frame's seed is the one the shown cluster was built with.
    currentSeed = loadSeed;
    if (!modeFromUser) {
      const m = next.cluster.proxyConfig.mode;
      mode = m === 'userspace' || m === 'ipvs' || m === 'nftables' || m === 'iptables' ? m : 'iptables';
      ipvsScheduler = next.cluster.proxyConfig.ipvs?.scheduler || DEFAULT_SCHEDULER;
    }
    // "requests delivered since the current manifest was loaded"
    received = {};
    inFlight = [];
    proxyStates = {};
    rng = createRng(loadSeed);
    // A new manifest gets the default traffic for it (an external client for
    // NodePort/LoadBalancer) unless the user chose a source.
    if (!sourceFromUser) source = null;
    // The first connection starts at once, so traffic is visible immediately.
    spawnDebt = 1;
    invalidateRules();
    fixSelection();
    version++;
    return [structure()];
  }

  function findService(ns: string, name: string): Service | undefined {
    return cluster()?.services.find((s) => (s.metadata.namespace ?? 'default') === ns && s.metadata.name === name);
  }

  function act(a: ClusterAction): SimFrame[] {
    if (!model) return [];
    const events: EngineEvent[] = [];
    let newText = text;
    switch (a.type) {
      case 'scale':
        events.push({ type: 'scale', kind: a.kind, namespace: a.namespace, name: a.name, replicas: a.replicas });
        newText = patchManifestField(text, { kind: a.kind, namespace: a.namespace, name: a.name }, 'spec.replicas', a.replicas);
        break;
      case 'deletePod':
        events.push({ type: 'deletePod', namespace: a.namespace, name: a.name });
        break;
      case 'setPodReady':
        events.push({ type: 'setPodReady', namespace: a.namespace, name: a.name, ready: a.ready });
        break;
      case 'drainNode':
        events.push({ type: 'drainNode', name: a.name });
        newText = patchManifestField(text, { kind: 'Node', name: a.name }, 'spec.unschedulable', true);
        break;
      case 'uncordonNode':
        events.push({ type: 'uncordonNode', name: a.name });
        newText = patchManifestField(text, { kind: 'Node', name: a.name }, 'spec.unschedulable', null);
        break;
      case 'setServiceField': {
        const svc = findService(a.namespace, a.name);
        if (!svc) return [];
        const spec: Record<string, unknown> = { ...svc.spec };
        if (a.value === null) delete spec[a.field];
        else spec[a.field] = a.value;
        events.push({ type: 'applyObject', object: { ...svc, spec } as Service });
        newText = patchManifestField(text, { kind: 'Service', namespace: a.namespace, name: a.name }, `spec.${a.field}`, a.value);
        break;
      }
    }
    try {
      for (const e of events) model = engine.apply(model, e);
    } catch (e) {
      return [{ type: 'error', message: String(e) }];
    }
    text = newText;
    diagnostics = model.diagnostics;
    invalidateRules();
    fixSelection();
    version++;
    return [structure()];
  }

  function spawnOne(): void {
    const c = cluster();
    if (!c || !source || !target) return;
    if (inFlight.length >= maxInFlight) return;
    const result = engine.trace({
      cluster: c,
      mode,
      ipvsScheduler,
      source,
      target,
      states: proxyStates,
      random: () => rng.next(),
      now: time,
      srcPort: 40000 + (nextId % 20000),
    });
    const path: PacketPath = {
      id: nextId++,
      service: `Service/${target.namespace}/${target.name}`,
      startTime: time,
      duration: result.hops.reduce((a, h) => a + h.duration, 0),
      hops: result.hops,
      deliveredTo: result.deliveredTo,
      failed: result.failed,
    };
    inFlight.push(path);
    spawned.push(path);
  }

  function retire(): void {
    const keep: PacketPath[] = [];
    for (const p of inFlight) {
      const end = p.startTime + Math.max(0.1, p.duration);
      if (end <= time) {
        if (p.deliveredTo) received[p.deliveredTo] = (received[p.deliveredTo] ?? 0) + 1;
      } else keep.push(p);
    }
    inFlight = keep;
  }

  function tickFrame(): TickFrame {
    const frame: TickFrame = { type: 'tick', time, spawned, received: { ...received }, inFlight: inFlight.length };
    spawned = [];
    return frame;
  }

  return {
    handle(cmd: SimCommand): SimFrame[] {
      switch (cmd.type) {
        case 'load':
          return load(cmd.text, cmd.file ?? 'editor', cmd.seed ?? currentSeed);
        case 'setMode':
          mode = cmd.mode;
          modeFromUser = true;
          // Switching re-programs every node; the next packets follow the new rules.
          invalidateRules();
          proxyStates = {};
          version++;
          return [structure()];
        case 'setScheduler':
          ipvsScheduler = cmd.scheduler;
          invalidateRules();
          proxyStates = {};
          version++;
          return [structure()];
        case 'selectNode':
          selectedNode = cmd.name;
          version++;
          return [structure()];
        case 'setSource':
          source = cmd.source;
          sourceFromUser = cmd.source !== null;
          version++;
          return [structure()];
        case 'setTarget':
          target = cmd.target;
          sourceFromUser = false;
          if (cluster()) ({ source, target } = chooseTraffic(cluster() as Cluster, { source: null, target }));
          version++;
          return [structure()];
        case 'setRate':
          rate = Math.max(0, Math.min(200, cmd.connectionsPerSecond));
          if (rate === 0) spawnDebt = 0;
          version++;
          return [structure()];
        case 'play':
        case 'pause':
          playing = cmd.type === 'play';
          version++;
          return [structure()];
        case 'setSpeed':
          speed = Math.max(0.1, Math.min(10, cmd.speed));
          version++;
          return [structure()];
        case 'sendOne':
          spawnOne();
          return [tickFrame()];
        case 'action':
          return act(cmd.action);
      }
    },
    step(dt: number): SimFrame[] {
      let changed = false;
      if (playing && model) {
        const simDt = dt * speed;
        time += simDt;
        spawnDebt += rate * simDt;
        while (spawnDebt >= 1 - 1e-9) {
          spawnDebt -= 1;
          spawnOne();
        }
        retire();
        // Readiness and termination progress with simulated time.
        tickDebt += simDt;
        if (tickDebt >= 1) {
          try {
            const next = engine.apply(model, { type: 'tick', seconds: tickDebt });
            if (next.changed ?? next.cluster !== model.cluster) {
              model = next;
              invalidateRules();
              fixSelection();
              version++;
              changed = true;
            }
          } catch {
            /* a failing tick must not stop traffic */
          }
          tickDebt = 0;
        }
      }
      return changed ? [structure(), tickFrame()] : [tickFrame()];
    },
    destroy(): void {
      model = null;
      inFlight = [];
    },
  };
}
