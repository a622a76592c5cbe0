// Lookup structures over a ruleset so a packet only visits the rules that
// could match it: big chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) are indexed
// by exact destination IP + port + protocol, and by port + protocol; the
// remaining rules are "wildcards" merged back in rule order. Built lazily,
// once per ruleset, outside the plain data.

import { canonicalIP, parseCIDR, type Cidr } from '../common/ip';
import type { IptablesChain, IptablesData, IptablesRule } from './types';

export interface ChainIndex {
  chain: IptablesChain;
  table: string;
  /** present for chains worth indexing */
  byDst?: Map<string, number[]>;
  byPort?: Map<string, number[]>;
  wildcard?: number[];
}

export interface RulesetIndex {
  chains: Map<string, ChainIndex>;
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

function indexChain(chain: IptablesChain, table: string): ChainIndex {
  const ci: ChainIndex = { chain, table };
  if (chain.rules.length < INDEX_MIN_RULES) return ci;
  const byDst = new Map<string, number[]>();
  const byPort = new Map<string, number[]>();
  const wildcard: number[] = [];
  chain.rules.forEach((r, i) => {
    const { dst, port, proto } = keyParts(r);
    if (port !== undefined && proto !== undefined) {
      const map = dst !== undefined ? byDst : byPort;
      const key = dst !== undefined ? `${dst}|${port}|${proto}` : `${port}|${proto}`;
      const list = map.get(key);
      if (list) list.push(i);
      else map.set(key, [i]);
    } else {
      wildcard.push(i);
    }
  });
  return { chain, table, byDst, byPort, wildcard };
}

export function indexRuleset(data: IptablesData): RulesetIndex {
  let idx = indexes.get(data);
  if (!idx) {
    const chains = new Map<string, ChainIndex>();
    for (const t of data.tables) for (const c of t.chains) chains.set(`${t.name}/${c.name}`, indexChain(c, t.name));
    idx = { chains, localIPs: new Set(data.localIPs) };
    indexes.set(data, idx);
  }
  return idx;
}

const EMPTY: number[] = [];

/** Rule indices of `ci` that may match a packet to dst:port/proto, in rule order. */
export function candidateRules(ci: ChainIndex, dst: string, port: number, proto: string): number[] | null {
  if (!ci.byDst) return null; // small chain: walk everything
  const a = ci.byDst.get(`${dst}|${port}|${proto}`) ?? EMPTY;
  const b = ci.byPort!.get(`${port}|${proto}`) ?? EMPTY;
  const c = ci.wildcard!;
  if (a.length + b.length === 0) return c;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length || k < c.length) {
    const x = a[i] ?? Infinity;
    const y = b[j] ?? Infinity;
    const z = c[k] ?? Infinity;
    if (x <= y && x <= z) {
      out.push(x);
      i++;
    } else if (y <= z) {
      out.push(y);
      j++;
    } else {
      out.push(z);
      k++;
    }
  }
  return out;
}
