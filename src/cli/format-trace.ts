// Text and JSON renderings of trace results for the terminal.

import { formatConntrackEntry } from '../net/conntrack';
import type { ResolvedRequest, TraceHop, TraceOutcome } from '../net/types';
import type { ProxyState } from '../proxy/types';

/** `1/3 (0.3333)`, exact when the probability is a simple fraction. */
export function formatProbability(p: number): string {
  if (p === 1) return '1';
  if (p === 0) return '0';
  const frac = toFraction(p);
  const dec = Number(p.toFixed(4)).toString();
  return frac ? `${frac} (${dec})` : dec;
}

function toFraction(p: number): string | undefined {
  for (let d = 2; d <= 100000; d++) {
    const n = Math.round(p * d);
    if (n > 0 && Math.abs(p - n / d) < 1e-12) return `${n}/${d}`;
  }
  return undefined;
}

export function formatRequestHeader(r: ResolvedRequest): string {
  return [
    `trace ${r.protocol} from ${r.srcDescription} (${r.srcIP}:${r.srcPort}) to ${r.dstHost}${r.dstPort ? `:${r.dstPort}` : ''}`,
    `  destination: ${r.dstDescription}`,
    `  proxy mode: ${r.mode}`,
  ].join('\n');
}

function verdictLine(o: TraceOutcome): string {
  const target = o.endpoint ? ` ${o.endpoint}` : '';
  const pod = o.pod ? ` (pod ${o.pod})` : '';
  return `${o.verdict}${target}${pod}`;
}

function formatHops(hops: readonly TraceHop[], indent: string): string[] {
  return hops.map((h, i) => `${indent}${i + 1}. [${h.node || '-'}] ${h.component}: ${h.rule}\n${indent}   => ${h.action}`);
}

function formatDetails(o: TraceOutcome, indent: string): string[] {
  const lines: string[] = [];
  if (o.sourceIPAtPod) lines.push(`${indent}masqueraded: ${o.masqueraded ? 'yes' : 'no'}, source IP at pod: ${o.sourceIPAtPod}`);
  else lines.push(`${indent}masqueraded: ${o.masqueraded ? 'yes' : 'no'}`);
  if (o.note) lines.push(`${indent}note: ${o.note}`);
  if (o.hops.length > 0) lines.push(`${indent}hops:`, ...formatHops(o.hops, `${indent}  `));
  for (const c of o.conntrack) lines.push(`${indent}conntrack [${c.node}]: ${formatConntrackEntry(c)}`);
  return lines;
}

export function formatOutcomes(r: ResolvedRequest, outcomes: readonly TraceOutcome[]): string {
  const lines = [formatRequestHeader(r), '', `${outcomes.length} possible outcome${outcomes.length === 1 ? '' : 's'}:`];
  outcomes.forEach((o, i) => {
    lines.push('', `[${i + 1}] ${verdictLine(o)}  probability ${formatProbability(o.probability)}`, ...formatDetails(o, '    '));
  });
  return `${lines.join('\n')}\n`;
}

export function formatSamples(r: ResolvedRequest, samples: readonly TraceOutcome[], seed: number, states: Record<string, ProxyState> = {}): string {
  const lines = [formatRequestHeader(r), '', `${samples.length} connection${samples.length === 1 ? '' : 's'} (seed ${seed}):`];
  samples.forEach((o, i) => {
    lines.push('', `#${i + 1} ${verdictLine(o)}`, ...formatDetails(o, '    '));
  });
  const state = formatProxyState(states);
  if (state.length > 0) lines.push('', 'kube-proxy state after these connections:', ...state);
  return `${lines.join('\n')}\n`;
}

/** Round-robin counters, affinity records and connection counts the connections left behind, per node. */
export function formatProxyState(states: Record<string, ProxyState>): string[] {
  const lines: string[] = [];
  for (const node of Object.keys(states).sort()) {
    const st = states[node]!;
    for (const [k, v] of Object.entries(st.counters)) lines.push(`  [${node}] next index ${v} for ${k}`);
    for (const [k, v] of Object.entries(st.affinity)) lines.push(`  [${node}] affinity ${k} -> ${v.endpoint} (last used at ${v.lastUsed}s)`);
    for (const [k, v] of Object.entries(st.connections)) lines.push(`  [${node}] ${v} active connection${v === 1 ? '' : 's'} to ${k}`);
  }
  return lines;
}

/** The documented JSON shape of one outcome (and nothing else). */
export function outcomeJSON(o: TraceOutcome): Record<string, unknown> {
  return {
    verdict: o.verdict,
    endpoint: o.endpoint,
    pod: o.pod,
    probability: o.probability,
    masqueraded: o.masqueraded,
    sourceIPAtPod: o.sourceIPAtPod,
    hops: o.hops.map((h) => ({ node: h.node, component: h.component, rule: h.rule, action: h.action })),
  };
}
