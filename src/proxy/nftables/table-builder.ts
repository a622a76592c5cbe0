// Building the `kube-proxy` table: chains, sets and maps in creation order
// (what `nft list` shows), elements once per key, and every rule's text in
// the syntax kube-proxy hands to nft (`add rule ip kube-proxy <chain> <text>`),
// rendered from the rule's structured matches and action.

import type { NftAction, NftChain, NftMatch, NftRule, NftSet } from './types';

/** Builds the table in creation order; maps keep it linear for large clusters. */
export class TableBuilder {
  readonly sets: NftSet[] = [];
  readonly chains: NftChain[] = [];
  private readonly chainByName = new Map<string, NftChain>();
  private readonly setByName = new Map<string, NftSet>();
  private readonly keys = new Map<string, Set<string>>();
  constructor(readonly ipX: 'ip' | 'ip6') {}

  chain(name: string, extra: Partial<NftChain> = {}): NftChain {
    let c = this.chainByName.get(name);
    if (!c) {
      c = { name, rules: [], ...extra };
      this.chains.push(c);
      this.chainByName.set(name, c);
    }
    return c;
  }

  set(s: Omit<NftSet, 'elements'>): NftSet {
    let x = this.setByName.get(s.name);
    if (!x) {
      x = { ...s, elements: [] };
      this.sets.push(x);
      this.setByName.set(s.name, x);
      this.keys.set(s.name, new Set());
    }
    return x;
  }

  /** Adds an element once per key (a set/map holds each key once). */
  element(setName: string, key: string[], value?: string, comment?: string): void {
    const s = this.setByName.get(setName)!;
    const seen = this.keys.get(setName)!;
    const k = key.join(' . ');
    if (seen.has(k)) return;
    seen.add(k);
    s.elements.push({ key, ...(value !== undefined ? { value } : {}), ...(comment !== undefined ? { comment } : {}) });
  }

  rule(chain: string, matches: NftMatch[], action: NftAction, comment?: string): void {
    const text = [...matches.map((m) => matchText(m, this.ipX)), actionText(action, this.ipX)].filter(Boolean).join(' ');
    const r: NftRule = { chain, matches, action, text, ...(comment ? { comment } : {}) };
    this.chain(chain).rules.push(r);
  }
}

export function matchText(m: NftMatch, ipX: string): string {
  switch (m.m) {
    case 'ct-new':
      return 'ct state new';
    case 'addr': {
      const v = m.braces ? `{ ${m.values.join(m.joiner ?? ' , ')} }` : m.values.join(', ');
      return `${ipX} ${m.dir}${m.not ? ' !=' : ''} ${v}`;
    }
    case 'addr-set':
      return `${ipX} ${m.dir} @${m.set}`;
    case 'fib-local':
      return `fib ${m.dir} type local`;
    case 'mark-clear':
      return `mark and ${m.mark} == 0`;
    case 'l4proto':
      return `meta l4proto ${m.proto}`;
  }
}

export function actionText(a: NftAction, ipX: string): string {
  switch (a.a) {
    case 'jump':
    case 'goto':
      return `${a.a} ${a.chain}`;
    case 'vmap':
      return a.key === 'addr.proto.port' ? `${ipX} daddr . meta l4proto . th dport vmap @${a.map}` : `meta l4proto . th dport vmap @${a.map}`;
    case 'numgen':
      return `numgen random mod ${a.chains.length} vmap { ${a.chains.map((c, i) => `${i} : goto ${c}`).join(' , ')} }`;
    case 'update':
      return `update @${a.set} { ${ipX} saddr }`;
    case 'dnat':
      return `dnat to ${a.to}`;
    case 'mark-or':
      return `mark set mark or ${a.mark}`;
    case 'mark-xor':
      return `mark set mark xor ${a.mark}`;
    case 'masquerade':
      return 'masquerade fully-random';
    default:
      return a.a;
  }
}
