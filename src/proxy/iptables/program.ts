// Programs one node's iptables ruleset (kube-proxy iptables syncProxyRules)
// and lays it out in the canonical order the upstream tests compare against
// (sortIPTablesRules): tables filter then nat; chains KUBE-NODEPORTS,
// KUBE-SERVICES, then the other KUBE-* chains alphabetically; each chain's
// rules contiguous; in KUBE-NODEPORTS/KUBE-SERVICES rules ordered by the
// service ("ns/name") they belong to, keeping kube-proxy's order within a
// service, and the nat "must be the last rule" jump(s) last.
//
// Re-programming after a change reuses the rule blocks of service ports whose
// inputs (the Service object, its EndpointSlices, node-level knobs) are the
// same objects as last time; a content fingerprint catches equal copies.

import type { Cluster } from '../../model/cluster';
import { compareStrings } from '../common/service-port';
import { cidrContains, isLoopback, parseCIDR } from '../common/ip';
import { resolveIptablesConfig, type IptablesConfig, type IptablesProgramOptions } from './config';
import { jump, makeRule } from './rule';
import {
  buildServicePortBlock,
  CT_STATE_INVALID_COUNTER,
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './service-rules';
import { sortChainsByName } from './chain-order';
import { deriveEntries, deriveEntriesIncrementally, type ServiceEntries, type ServiceEntry } from './service-entries';
import type { IptablesData, IptablesRule, IptablesRuleset, IptablesTable } from './types';

export type { IptablesProgramOptions } from './config';

/** kube-proxy largeClusterEndpointsThreshold */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

interface ProgramCache {
  /** node name + family: what endpoint derivation depends on */
  deriveKey: string;
  knobs: string;
  entries: ServiceEntries;
}

const caches = new WeakMap<IptablesRuleset, ProgramCache>();

/**
 * The last ruleset programmed per node/family, used as `previous` when the
 * caller passes none (a simulation re-programming every node after each
 * event then reuses unchanged blocks without threading rulesets through).
 * The result is identical either way; this only saves work.
 */
const lastByNode = new Map<string, { ruleset: IptablesRuleset; weight: number }>();
const LAST_BY_NODE_LIMIT = 256;
/**
 * Bound on the endpoints + services of the remembered rulesets together: a
 * 10k-Service / 50k-endpoint ruleset holds ~120 MB, so remembering one per
 * node of a big cluster would exhaust memory. (About ten such nodes.)
 */
const LAST_BY_NODE_WEIGHT = 600_000;
let lastByNodeWeight = 0;

function remember(key: string, ruleset: IptablesRuleset, weight: number): void {
  const old = lastByNode.get(key);
  if (old) {
    lastByNodeWeight -= old.weight;
    lastByNode.delete(key);
  }
  // Oldest first (Map order), until the new one fits.
  for (const [k, e] of lastByNode) {
    if (lastByNode.size < LAST_BY_NODE_LIMIT && lastByNodeWeight + weight <= LAST_BY_NODE_WEIGHT) break;
    lastByNode.delete(k);
    lastByNodeWeight -= e.weight;
  }
  lastByNode.set(key, { ruleset, weight });
  lastByNodeWeight += weight;
}

/**
 * Forgets the rulesets remembered per node, so the next program call without
 * `previous` starts from nothing (benchmarks of a cold program; tests proving
 * that re-programming equals programming afresh).
 */
export function forgetProgrammedRulesets(): void {
  lastByNode.clear();
  lastByNodeWeight = 0;
}

/** Up to this many touched Services, re-programming diffs the inputs instead of re-deriving them all. */
const INCREMENTAL_LIMIT = 64;

/** Node-level inputs every block depends on. */
function knobsKey(cfg: IptablesConfig, largeClusterMode: boolean): string {
  return JSON.stringify([
    cfg.node.labels,
    cfg.node.primaryIP,
    cfg.masqueradeAll,
    cfg.localhostNodePorts,
    cfg.localCIDR,
    cfg.nfacct,
    cfg.preferSameNode,
    largeClusterMode,
  ]);
}

const withBlocks = (e: ServiceEntry, cfg: IptablesConfig, knobs: string, largeClusterMode: boolean): ServiceEntry => ({
  ...e,
  knobs,
  blocks: e.ports.map((p) => buildServicePortBlock(p.sp, p.endpoints, cfg, largeClusterMode)),
});

export function programIptables(cluster: Cluster, options: IptablesProgramOptions, previous?: IptablesRuleset): IptablesRuleset {
  const cfg = resolveIptablesConfig(cluster, options);
  const deriveKey = `${cfg.nodeName}|${cfg.family}`;
  const prior = previous ?? lastByNode.get(deriveKey)?.ruleset;
  const cached = prior ? caches.get(prior) : undefined;
  const prevCache = cached && cached.deriveKey === deriveKey ? cached : undefined;
  const prev = prevCache?.entries;

  // Service entries: only the touched ones when the inputs changed a little.
  const inc = prev ? deriveEntriesIncrementally(cluster, cfg, prev, INCREMENTAL_LIMIT) : null;
  const entries = inc ? inc.entries : deriveEntries(cluster, cfg, prev);
  const ordered = entries.ordered;
  const largeClusterMode = entries.totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  const knobs = knobsKey(cfg, largeClusterMode);

  // Which services' rule blocks must be (re)built, and which entries differ from last time.
  let changed: number[];
  if (inc && prevCache!.knobs === knobs) {
    changed = inc.diff;
    for (const i of changed) if (ordered[i]!.knobs !== knobs) ordered[i] = withBlocks(ordered[i]!, cfg, knobs, largeClusterMode);
  } else {
    changed = [];
    const sameOrder = prev?.order === entries.order;
    for (let i = 0; i < ordered.length; i++) {
      let e = ordered[i]!;
      if (e.knobs !== knobs) ordered[i] = e = withBlocks(e, cfg, knobs, largeClusterMode);
      if (sameOrder && prev!.ordered[i] !== e) changed.push(i);
    }
  }

  let reuse: Reuse | undefined;
  if (prior && prev && prevCache.knobs === knobs && changed.length <= Math.max(16, ordered.length / 8)) {
    if (prev.order === entries.order) {
      reuse = { previous: prior.data, oldOrdered: prev.ordered, changed };
    }
  }
  const data = assemble(cfg, ordered, largeClusterMode, reuse);
  const ruleset: IptablesRuleset = { mode: 'iptables', nodeName: cfg.nodeName, data };
  caches.set(ruleset, { deriveKey, knobs, entries });
  remember(deriveKey, ruleset, entries.totalEndpoints + entries.ordered.length);
  return ruleset;
}

// Literals, not imported constants: this runs in hot sort loops.
function chainRank(n: string): number {
  return n === 'KUBE-NODEPORTS' ? 0 : n === 'KUBE-SERVICES' ? 1 : n.startsWith('KUBE-') ? 2 : 3;
}

/** Canonical chain order: KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-* alphabetically, then the rest. */
export function compareChainNames(a: string, b: string): number {
  return chainRank(a) - chainRank(b) || compareStrings(a, b);
}

/**
 * Sorts chains canonically: the rank groups are split off first so the big
 * sort (tens of thousands of KUBE-SEP-/KUBE-SVC- chains) is a plain byte-order
 * comparison of names (Go's sort.Strings order for these ASCII names).
 */
function sortChains<T extends { name: string }>(chains: T[]): T[] {
  const groups: T[][] = [[], [], [], []];
  for (const c of chains) groups[chainRank(c.name)]!.push(c);
  const out: T[] = [];
  for (let r = 0; r < groups.length; r++) {
    let g = groups[r]!;
    if (r === 2) g = sortChainsByName(g);
    else if (g.length > 1) g.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const c of g) out.push(c);
  }
  return out;
}

/** Re-programming with the same Services in the same order: what the previous payload had. */
interface Reuse {
  previous: IptablesData;
  /** the previous entries, aligned with the new ones */
  oldOrdered: readonly ServiceEntry[];
  /** positions whose entry changed, ascending */
  changed: readonly number[];
}

type BlockField = 'filterNodePorts' | 'filterServices' | 'filterExternalServices' | 'filterProxyFirewall' | 'natNodePorts' | 'natServices';

/** The per-service rules of one big chain, concatenated in service order. */
function concatField(entries: readonly ServiceEntry[], field: BlockField): IptablesRule[] {
  const out: IptablesRule[] = [];
  for (const e of entries) for (const b of e.blocks) for (const r of b[field]) out.push(r);
  return out;
}

function fieldLength(e: ServiceEntry, field: BlockField): number {
  let n = 0;
  for (const b of e.blocks) n += b[field].length;
  return n;
}

/**
 * The same concatenation, by editing the previous chain's rules: only the
 * changed services' segments are replaced (their offsets found by summing
 * the lengths of the services before them). When no changed service has a
 * rule in this chain, the previous rules array itself is returned.
 */
function spliceField(prevRules: readonly IptablesRule[], reuse: Reuse, entries: readonly ServiceEntry[], field: BlockField): IptablesRule[] {
  if (reuse.changed.every((i) => fieldLength(reuse.oldOrdered[i]!, field) === 0 && fieldLength(entries[i]!, field) === 0)) {
    return prevRules as IptablesRule[];
  }
  const out: IptablesRule[] = [];
  let from = 0; // next rule of prevRules to copy
  let pos = 0; // next service whose old length is not yet summed
  let off = 0; // offset of service `pos` in prevRules
  for (const i of reuse.changed) {
    while (pos < i) off += fieldLength(reuse.oldOrdered[pos++]!, field);
    for (let k = from; k < off; k++) out.push(prevRules[k]!);
    for (const b of entries[i]!.blocks) for (const r of b[field]) out.push(r);
    off += fieldLength(reuse.oldOrdered[i]!, field);
    pos = i + 1;
    from = off;
  }
  for (let k = from; k < prevRules.length; k++) out.push(prevRules[k]!);
  return out;
}

const TOP_LEVEL_NAT = new Set([KUBE_NODEPORTS, KUBE_SERVICES, KUBE_MARK_MASQ, KUBE_POSTROUTING]);

/** Index of the first element of sorted `a` (from `lo`) that sorts after `name`. */
function upperBound(a: readonly { name: string }[], name: string, lo: number): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareChainNames(a[mid]!.name, name) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Inserts a few sorted chains `b` into the long sorted list `a`, leaving out
 * the chains of `a` named in `drop` (found by binary search, not by a scan).
 */
function mergeSorted<T extends { name: string }>(a: readonly T[], b: readonly T[], drop: Set<string>): T[] {
  const skip: number[] = [];
  for (const name of drop) {
    const i = upperBound(a, name, 0) - 1;
    if (i >= 0 && a[i]!.name === name) skip.push(i);
  }
  skip.sort((x, y) => x - y);
  skip.push(Infinity);
  const out: T[] = new Array<T>(a.length + b.length);
  let n = 0;
  let from = 0;
  let k = 0;
  const copyUpTo = (end: number) => {
    for (let i = from; i < end; i++) {
      if (i === skip[k]) {
        k++;
        continue;
      }
      out[n++] = a[i]!;
    }
    from = end;
  };
  for (const x of b) {
    copyUpTo(upperBound(a, x.name, from));
    out[n++] = x;
  }
  copyUpTo(a.length);
  out.length = n;
  return out;
}

function assemble(cfg: IptablesConfig, entries: readonly ServiceEntry[], largeClusterMode: boolean, reuse?: Reuse): IptablesData {
  // The big chains: every service's rules, in service order (nat
  // KUBE-SERVICES then gets the node-port jump(s) appended).
  const prevChain = (table: number, name: string): IptablesRule[] | undefined => reuse?.previous.tables[table]!.chains.find((c) => c.name === name)?.rules;
  const big = (table: number, name: string, field: BlockField, tail = 0): IptablesRule[] => {
    const prevRules = prevChain(table, name);
    if (!reuse || !prevRules) return concatField(entries, field);
    return spliceField(tail ? prevRules.slice(0, prevRules.length - tail) : prevRules, reuse, entries, field);
  };
  const fNodePorts = big(0, KUBE_NODEPORTS, 'filterNodePorts');
  const fServices = big(0, KUBE_SERVICES, 'filterServices');
  const fExternal = big(0, KUBE_EXTERNAL_SERVICES, 'filterExternalServices');
  const fFirewall = big(0, KUBE_PROXY_FIREWALL, 'filterProxyFirewall');
  const nNodePorts = big(1, KUBE_NODEPORTS, 'natNodePorts');
  const jumps = nodePortsJumps(cfg);
  const nServices = big(1, KUBE_SERVICES, 'natServices', reuse ? previousJumpCount(reuse.previous) : 0).concat(jumps);
  const mark = cfg.masqueradeMark;
  const markMask = `${mark}/${mark}`;

  // ---- filter
  const filterForward: IptablesRule[] = [];
  if (!cfg.conntrackTCPLiberal) {
    // INVALID packets would otherwise cause spurious resets (kubernetes#74839).
    filterForward.push(
      makeRule(KUBE_FORWARD, [{ k: 'ctstate', states: ['INVALID'] }, ...(cfg.nfacct ? [{ k: 'nfacct' as const, name: CT_STATE_INVALID_COUNTER }] : [])], { k: 'DROP' }),
    );
  }
  filterForward.push(makeRule(KUBE_FORWARD, [{ k: 'comment', value: 'kubernetes forwarding rules' }, { k: 'mark', value: markMask }], { k: 'ACCEPT' }));
  filterForward.push(
    makeRule(KUBE_FORWARD, [{ k: 'comment', value: 'kubernetes forwarding conntrack rule' }, { k: 'ctstate', states: ['RELATED', 'ESTABLISHED'] }], { k: 'ACCEPT' }),
  );
  const filterChains: { name: string; rules: IptablesRule[] }[] = [
    { name: KUBE_NODEPORTS, rules: fNodePorts },
    { name: KUBE_SERVICES, rules: fServices },
    { name: KUBE_EXTERNAL_SERVICES, rules: fExternal },
  ];
  if (cfg.family === 'IPv4' && cfg.localhostNodePorts) {
    // route_localnet opens a hole (kubernetes#90259) that this anti-martian rule closes.
    filterChains.push({
      name: KUBE_FIREWALL,
      rules: [
        makeRule(
          KUBE_FIREWALL,
          [
            { k: 'comment', value: 'block incoming localnet connections' },
            { k: 'dst', value: '127.0.0.0/8' },
            { k: 'src', value: '127.0.0.0/8', neg: true },
            { k: 'ctstate', states: ['RELATED', 'ESTABLISHED', 'DNAT'], neg: true },
          ],
          { k: 'DROP' },
        ),
      ],
    });
  }
  filterChains.push({ name: KUBE_FORWARD, rules: filterForward });
  filterChains.push({ name: KUBE_PROXY_FIREWALL, rules: fFirewall });

  // ---- nat
  const natServices = nServices;
  const natChains: { name: string; rules: IptablesRule[] }[] = [
    { name: KUBE_NODEPORTS, rules: nNodePorts },
    { name: KUBE_SERVICES, rules: natServices },
    { name: KUBE_MARK_MASQ, rules: [makeRule(KUBE_MARK_MASQ, [], { k: 'MARK', op: 'or', value: mark })] },
    {
      name: KUBE_POSTROUTING,
      rules: [
        makeRule(KUBE_POSTROUTING, [{ k: 'mark', value: markMask, neg: true }], { k: 'RETURN' }),
        // Clear the mark so a packet re-traversing the stack is not masqueraded twice.
        makeRule(KUBE_POSTROUTING, [], { k: 'MARK', op: 'xor', value: mark }),
        makeRule(KUBE_POSTROUTING, [{ k: 'comment', value: 'kubernetes service traffic requiring SNAT' }], { k: 'MASQUERADE', randomFully: cfg.randomFully }),
      ],
    },
  ];
  let sortedNat: { name: string; rules: IptablesRule[] }[];
  if (reuse) {
    // One or a few services changed: keep the previous canonical layout,
    // drop their old chains and the top-level ones, merge in the new ones.
    const gone = new Set<string>();
    for (const i of reuse.changed) for (const b of reuse.oldOrdered[i]!.blocks) for (const c of b.natChains) gone.add(c.name);
    const incoming: { name: string; rules: IptablesRule[] }[] = [...natChains];
    for (const i of reuse.changed) for (const b of entries[i]!.blocks) for (const c of b.natChains) incoming.push(c);
    for (const n of TOP_LEVEL_NAT) gone.add(n);
    sortedNat = mergeSorted(reuse.previous.tables[1]!.chains, sortChains(incoming), gone);
  } else {
    for (const e of entries) for (const b of e.blocks) for (const c of b.natChains) natChains.push(c);
    sortedNat = sortChains(natChains);
  }

  const tables: IptablesTable[] = [
    { name: 'filter', chains: filterChains },
    { name: 'nat', chains: sortedNat },
  ];
  const localIPs = cfg.interfaceIPs.filter((ip) => !isLoopback(ip));
  return { family: cfg.family, tables, localIPs, masqueradeMark: mark, largeClusterMode };
}

/** How many node-port jumps end the previous nat KUBE-SERVICES (the rules without a service). */
function previousJumpCount(data: IptablesData): number {
  const rules = data.tables[1]!.chains.find((c) => c.name === KUBE_SERVICES)?.rules ?? [];
  let n = 0;
  while (n < rules.length && rules[rules.length - 1 - n]!.spn === undefined) n++;
  return n;
}

/** The last rule(s) of nat KUBE-SERVICES: hand traffic to local addresses to KUBE-NODEPORTS. */
function nodePortsJumps(cfg: IptablesConfig): IptablesRule[] {
  const comment = { k: 'comment' as const, value: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain' };
  if (cfg.nodePortAddresses.matchAll) {
    // Localhost node ports never work on IPv6, and on IPv4 only with route_localnet.
    const parts = [comment, { k: 'dstLocal' as const }];
    if (cfg.family === 'IPv6') return [makeRule(KUBE_SERVICES, [...parts, { k: 'dst', value: '::1/128', neg: true }], jump(KUBE_NODEPORTS))];
    if (!cfg.localhostNodePorts) return [makeRule(KUBE_SERVICES, [...parts, { k: 'dst', value: '127.0.0.0/8', neg: true }], jump(KUBE_NODEPORTS))];
    return [makeRule(KUBE_SERVICES, parts, jump(KUBE_NODEPORTS))];
  }
  const out: IptablesRule[] = [];
  for (const ip of cfg.interfaceIPs) {
    if (!cfg.nodePortAddresses.cidrs.some((c) => cidrContains(c, ip))) continue;
    if (isLoopback(ip) && (cfg.family === 'IPv6' || !cfg.localhostNodePorts)) continue;
    out.push(makeRule(KUBE_SERVICES, [comment, { k: 'dst', value: ip }], jump(KUBE_NODEPORTS)));
  }
  return out;
}

/**
 * Both proxiers of a node, as dual-stack kube-proxy runs them (metaproxier):
 * the primary family's ruleset, plus the other family's as `secondary` when
 * the cluster has a service CIDR of that family and no family was asked for.
 */
export function programIptablesNode(cluster: Cluster, options: IptablesProgramOptions, previous?: IptablesRuleset): IptablesRuleset {
  const primary = programIptables(cluster, options, previous);
  if (options.family) return primary;
  const other = primary.data.family === 'IPv4' ? 'IPv6' : 'IPv4';
  const dualStack = cluster.config.serviceCIDRs.some((c) => parseCIDR(c.trim())?.family === other);
  if (!dualStack) return primary;
  const secondary = programIptables(cluster, { ...options, family: other });
  return { ...primary, secondary: secondary.data };
}
