// A rule's matches compiled once into one fixed-shape record, so walking a
// packet through a chain reads plain fields instead of switching over the
// rule's part objects (whose many shapes make every property read slow).
// Same meaning as the parts: every match must hold (iptables ANDs them);
// `-m statistic` contributes its probability.

import type { Cidr } from '../common/ip';
import { cachedCIDR } from './rule-index';
import type { IptablesRule } from './types';

/** An address match: exact canonical IP, or a CIDR. */
export interface AddrMatch {
  ip: string;
  /** set when the rule gives a CIDR */
  cidr: Cidr | null;
  neg: boolean;
}

export interface Matcher {
  /** 'tcp' | 'udp' | 'sctp', '' = any */
  proto: string;
  src: AddrMatch | null;
  dst: AddrMatch | null;
  /** -1 = any */
  dport: number;
  srcLocal: boolean;
  dstLocal: boolean;
  /** `-m mark`: value/mask, null = no match on the mark */
  mark: { value: number; mask: number; neg: boolean } | null;
  /** `-m conntrack --ctstate`: which states the list names */
  ct: { isNew: boolean; isDnat: boolean; neg: boolean } | null;
  /** `-m recent --rcheck` */
  recent: { name: string; seconds: number } | null;
  /** `-m statistic` probability (1 when none) */
  probability: number;
  /** the `-m recent --set` lists the rule records (DNAT rules of affinity services) */
  recentSets: string[] | null;
  /** the MARK target's value as a number */
  markTarget: number;
  /** a jump's target chain in the same ruleset index (evaluate.ts fills it on first use; null: no such chain) */
  jumpTo: unknown;
}

function addr(value: string, neg: boolean | undefined): AddrMatch {
  return { ip: value, cidr: value.includes('/') ? cachedCIDR(value) : null, neg: !!neg };
}

function parseMark(v: string): { value: number; mask: number } {
  const [a, b] = v.split('/');
  return { value: parseInt(a!, 16), mask: b === undefined ? 0xffffffff : parseInt(b, 16) };
}

export function compileRule(rule: IptablesRule): Matcher {
  const m: Matcher = {
    proto: '',
    src: null,
    dst: null,
    dport: -1,
    srcLocal: false,
    dstLocal: false,
    mark: null,
    ct: null,
    recent: null,
    probability: 1,
    recentSets: null,
    markTarget: 0,
    jumpTo: undefined,
  };
  for (const p of rule.parts) {
    switch (p.k) {
      case 'comment':
      case 'nfacct':
        break;
      case 'recentSet':
        (m.recentSets ??= []).push(p.name);
        break;
      case 'proto':
        m.proto = p.value;
        break;
      case 'src':
        m.src = addr(p.value, p.neg);
        break;
      case 'dst':
        m.dst = addr(p.value, p.neg);
        break;
      case 'dport':
        m.dport = p.value;
        break;
      case 'srcLocal':
        m.srcLocal = true;
        break;
      case 'dstLocal':
        m.dstLocal = true;
        break;
      case 'mark':
        m.mark = { ...parseMark(p.value), neg: !!p.neg };
        break;
      case 'ctstate':
        m.ct = { isNew: p.states.includes('NEW'), isDnat: p.states.includes('DNAT'), neg: !!p.neg };
        break;
      case 'recentCheck':
        m.recent = { name: p.name, seconds: p.seconds };
        break;
      case 'statistic':
        m.probability *= p.probability;
        break;
    }
  }
  if (rule.target.k === 'MARK') m.markTarget = parseInt(rule.target.value, 16);
  return m;
}
