// Lookup structures over a ruleset so a packet only visits the rules that
// could match it: big chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) are indexed
// by exact destination IP + port + protocol, and by port + protocol; the
// remaining rules are "wildcards" merged back in rule order. Built lazily,
// once per ruleset, outside the plain data.

import { canonicalIP, parseCIDR, type Cidr } from '../common/ip';
import { payloadLines } from './lines';
import { compileRule, type Matcher } from './matcher';
import type { IptablesChain, IptablesData, IptablesRule } from './types';

export interface ChainIndex {
  chain: IptablesChain;
  table: string;
  /** payload line of the chain's first rule */
  firstRuleLine: number;
  /** evaluator's step record per rule, built on first use (read-only, shared) */
  steps?: unknown[];
  /** each rule's compiled matches (matcher.ts), built on the chain's first use */
  matchers?: Matcher[];
  /**
   * Present for chains worth indexing: destination IP -> port/protocol key
   * (see portProtoKey) -> candidate rules, and port/protocol key -> rules
   * without a destination; each list already merged with the wildcard rules.
   */
  byDst?: Map<string, Map<number, number[]>>;
  byPort?: Map<number, number[]>;
  wildcard?: number[];
}

export interface RulesetIndex {
  /** table name -> chain name -> index */
  tables: Record<string, Map<string, ChainIndex>>;
  localIPs: Set<string>;
}

const INDEX_MIN_RULES = 8;
const indexes = new WeakMap<IptablesData, RulesetIndex>();
const cidrCache = new Map<string, Cidr | null>();

export function cachedCIDR(text: string): Cidr | null {
  let c = cidrCache.get(text);
  if (c === undefined) {
    c = parseCIDR(text);
    if (cidrCache.size > 10_000) cidrCache.clear();
    cidrCache.set(text, c);
  }
  return c;
}

function keyParts(rule: IptablesRule): { dst?: string; port?: number; proto?: string } {
  let dst: string | undefined;
  let port: number | undefined;
  let proto: string | undefined;
  for (const p of rule.parts) {
    if (p.k === 'dst' && !p.neg && !p.value.includes('/')) dst = canonicalIP(p.value) ?? p.value;
    else if (p.k === 'dport') port = p.value;
    else if (p.k === 'proto') proto = p.value;
  }
  return { dst, port, proto };
}

/** A number for port + protocol: a Map key that needs no string building per packet. */
function portProtoKey(port: number, proto: string): number {
  return port * 4 + (proto === 'tcp' ? 0 : proto === 'udp' ? 1 : proto === 'sctp' ? 2 : 3);
}

function indexChain(chain: IptablesChain, table: string, firstRuleLine: number): ChainIndex {
  const ci: ChainIndex = { chain, table, firstRuleLine };
  if (chain.rules.length < INDEX_MIN_RULES) return ci;
  const byDst = new Map<string, Map<number, number[]>>();
  const byPort = new Map<number, number[]>();
  const wildcard: number[] = [];
  chain.rules.forEach((r, i) => {
    const { dst, port, proto } = keyParts(r);
    if (port !== undefined && proto !== undefined) {
      const key = portProtoKey(port, proto);
      let map = byPort;
      if (dst !== undefined) {
        let m = byDst.get(dst);
        if (!m) byDst.set(dst, (m = new Map()));
        map = m;
      }
      const list = map.get(key);
      if (list) list.push(i);
      else map.set(key, [i]);
    } else {
      wildcard.push(i);
    }
  });
  // Pre-merge so a lookup is one Map get: a dst key also gets the port-only
  // and wildcard rules, a port key the wildcard rules, all in rule order.
  const sorted = (xs: number[]) => xs.sort((x, y) => x - y);
  for (const m of byDst.values()) {
    for (const [key, list] of m) m.set(key, sorted([...list, ...(byPort.get(key) ?? []), ...wildcard]));
  }
  for (const [key, list] of byPort) byPort.set(key, sorted([...list, ...wildcard]));
  return { chain, table, firstRuleLine, byDst, byPort, wildcard };
}

export function indexRuleset(data: IptablesData): RulesetIndex {
  let idx = indexes.get(data);
  if (!idx) {
    const tables: Record<string, Map<string, ChainIndex>> = {};
    const lines = payloadLines(data);
    for (const t of data.tables) {
      const chains = new Map<string, ChainIndex>();
      for (const c of t.chains) chains.set(c.name, indexChain(c, t.name, lines.firstRule.get(`${t.name}/${c.name}`)!));
      tables[t.name] = chains;
    }
    idx = { tables, localIPs: new Set(data.localIPs) };
    indexes.set(data, idx);
  }
  return idx;
}

/** Rule indices of `ci` that may match a packet to dst:port/proto, in rule order (null: all). */
export function candidateRules(ci: ChainIndex, dst: string, port: number, proto: string): number[] | null {
  if (!ci.byDst) return null; // small chain: walk everything
  const key = portProtoKey(port, proto);
  return ci.byDst.get(dst)?.get(key) ?? ci.byPort!.get(key) ?? ci.wildcard!;
}

/** The compiled matches of every rule of the chain (compiled once, on first use). */
export function chainMatchers(ci: ChainIndex): Matcher[] {
  return (ci.matchers ??= ci.chain.rules.map(compileRule));
}
