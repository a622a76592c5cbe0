// sampleTraces: k connections sent one after another, each choosing one
// outcome the way the kernel or kube-proxy would (random DNAT probabilities,
// IPVS scheduler, userspace round robin, session affinity), with that state
// kept per node between connections. Each connection uses a new source port,
// so it is a new conntrack entry and is load-balanced afresh.

import { createProxyState, type Hook, type Packet, type ProxyBackend, type ProxyState, type Ruleset } from '../proxy/types';
import { followPacket, type Decide, type PacketAt } from './path';
import { entriesOf, prepareTraceCached, type TraceModel } from './trace';
import type { ResolvedRequest, TraceOutcome, TraceRequest } from './types';

export interface TraceSampleContext {
  /** float in [0, 1): use the seeded rng (src/model/rng.ts) */
  random: () => number;
  /** simulated time of the first connection, seconds (default 0) */
  now?: number;
  /** seconds between connections (default 1) */
  intervalSeconds?: number;
  /** per-node proxy state, created on demand and updated in place */
  states?: Record<string, ProxyState>;
}

export interface SampleResult {
  request: ResolvedRequest;
  samples: TraceOutcome[];
  states: Record<string, ProxyState>;
}

export function sampleTraces(model: TraceModel, req: TraceRequest, k: number, ctx: TraceSampleContext): SampleResult {
  const p = prepareTraceCached(model.cluster, req);
  const states = ctx.states ?? {};
  const samples: TraceOutcome[] = [];
  const start = ctx.now ?? 0;
  const interval = ctx.intervalSeconds ?? 1;
  let now = start;
  const decide: Decide = (backend: ProxyBackend, ruleset: Ruleset, packet: Packet, hook: Hook) => {
    const state = (states[ruleset.nodeName] ??= createProxyState());
    return [backend.sample(ruleset, packet, hook, { random: ctx.random, now, state })];
  };
  const pc = { cluster: model.cluster, idx: p.idx, mode: p.request.mode, iptablesHost: req.iptablesHost, decide };
  // Where the packet may enter does not depend on the connection: plan once.
  const { entries, dropped } = p.final ? { entries: [], dropped: [] } : (p.plan ??= entriesOf(p, req));
  const choices: (PacketAt | TraceOutcome)[] = [...entries, ...dropped];
  for (let i = 0; i < k; i++) {
    if (p.final) {
      samples.push({ ...p.final });
      continue;
    }
    now = start + i * interval;
    const pick = pickWeighted(choices, ctx.random);
    if (!pick) throw new Error('no way to send the packet');
    if (!('packet' in pick)) {
      samples.push({ ...pick });
      continue;
    }
    // A new connection: a new source port, so a new conntrack entry.
    const at: PacketAt = { ...pick, packet: { ...pick.packet, srcPort: p.request.srcPort + i } };
    const [outcome] = followPacket(pc, at);
    if (outcome) samples.push(outcome);
  }
  return { request: p.request, samples, states };
}

/** Chooses one item with probability proportional to its `probability`. */
function pickWeighted<T extends { probability: number }>(items: T[], random: () => number): T | undefined {
  if (items.length <= 1) return items[0];
  const total = items.reduce((s, x) => s + x.probability, 0);
  let r = random() * total;
  for (const x of items) {
    r -= x.probability;
    if (r < 0) return x;
  }
  return items[items.length - 1];
}
