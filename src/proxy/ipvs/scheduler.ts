// IPVS schedulers (linux net/netfilter/ipvs/ip_vs_*.c) as kube-proxy's
// `--ipvs-scheduler` selects them. `pickRealServer` chooses one real server the
// way the kernel does, keeping its position/counters in ProxyState;
// `realServerShares` gives the exact (or long-run) split `evaluate` reports.
//
// Real servers are taken in the order ipvsadm lists them (sorted by address),
// which is the order kube-proxy's evaluate/sample and the text agree on.

import type { ProxyState } from '../types';
import { parseIPv4, parseIPv6 } from '../common/ip';
import { hsiphashU32, MH_HASH1, MH_HASH2 } from './hsiphash';
import type { IpvsRealServer, IpvsVirtualServer } from './types';

export interface SchedulerInput {
  vs: IpvsVirtualServer;
  srcIP: string;
  srcPort: number;
  dstIP: string;
}

/** Folds an address to 32 bits as the kernel hash functions do (IPv6: XOR of the four words). */
export function addrFold(ip: string): number {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return v4 >>> 0;
  const g = parseIPv6(ip);
  if (!g) return 0;
  let fold = 0;
  for (let i = 0; i < 8; i += 2) fold ^= ((g[i]! << 16) | g[i + 1]!) >>> 0;
  return fold >>> 0;
}

const TAB_SIZE = 256; // IP_VS_DH_TAB_BITS / IP_VS_SH_TAB_BITS = 8

/** ip_vs_dh_hashkey: (addr * 2654435761) & mask. */
export function dhBucket(dstIP: string): number {
  return Math.imul(addrFold(dstIP), 0x9e3779b1) & (TAB_SIZE - 1);
}

/** ip_vs_sh_hashkey: hash_32(port + addr, 8) (port is 0 unless the sh-port flag is set). */
export function shBucket(srcIP: string, srcPort = 0): number {
  const v = (srcPort + addrFold(srcIP)) >>> 0;
  return (Math.imul(v, 0x61c88647) >>> 0) >>> 24;
}

/**
 * ip_vs_dh_reassign / ip_vs_sh_reassign: the 256 buckets are dealt to the real
 * servers in list order; sh gives each server `max(weight, 1)` consecutive
 * buckets per round, dh one.
 */
function bucketTable(rs: readonly IpvsRealServer[], weighted: boolean): number[] {
  const table: number[] = [];
  if (rs.length === 0) return table;
  let p = 0;
  let count = 0;
  for (let i = 0; i < TAB_SIZE; i++) {
    table.push(p);
    count++;
    if (!weighted || count >= rs[p]!.weight) {
      p = (p + 1) % rs.length;
      count = 0;
    }
  }
  return table;
}

const available = (r: IpvsRealServer): boolean => r.weight > 0;

// ------------------------------------------------------------------ Maglev

/** IP_VS_MH_TAB_INDEX default (CONFIG_IP_VS_MH_TAB_INDEX=12) -> prime 4093. */
export const MH_TABLE_SIZE = 4093;

/** ip_vs_mh_hashkey: hsiphash(offset + port + addr) with one of the fixed keys. */
export function mhHashKey(ip: string, port: number, key: readonly [bigint, bigint], offset = 0): number {
  return hsiphashU32((offset + port + addrFold(ip)) >>> 0, key);
}

const mhTables = new WeakMap<readonly IpvsRealServer[], number[]>();

/**
 * The Maglev lookup table of ip_vs_mh.c (ip_vs_mh_permutate/populate): each
 * real server walks its permutation (offset from hash1, skip from hash2) and
 * servers take turns — one slot per turn at equal weights, weight-0 servers
 * none — until all 4093 slots are filled. Servers are taken in the order
 * ipvsadm lists them (the kernel uses its own list order).
 */
export function maglevTable(rs: readonly IpvsRealServer[]): number[] {
  const cached = mhTables.get(rs);
  if (cached) return cached;
  const n = MH_TABLE_SIZE;
  const table = new Array<number>(n).fill(-1);
  const weights = rs.map((r) => r.weight).filter((w) => w > 0);
  const g = weights.length ? weights.reduce(gcd) : 1;
  const setup = rs.map((r) => {
    const offset = mhHashKey(r.ip, r.port, MH_HASH1) % n;
    return { offset, skip: (mhHashKey(r.ip, r.port, MH_HASH2) % (n - 1)) + 1, perm: offset, turns: r.weight > 0 ? Math.max(1, Math.floor(r.weight / g)) : 0 };
  });
  if (setup.some((d) => d.turns > 0)) {
    let filled = 0;
    while (filled < n) {
      for (let i = 0; i < setup.length && filled < n; i++) {
        const d = setup[i]!;
        for (let t = 0; t < d.turns && filled < n; t++) {
          while (table[d.perm] !== -1) {
            d.perm += d.skip;
            if (d.perm >= n) d.perm -= n;
          }
          table[d.perm] = i;
          filled++;
        }
      }
    }
  }
  mhTables.set(rs, table);
  return table;
}

function mhIndex(vs: IpvsVirtualServer, srcIP: string, srcPort: number): number {
  // kube-proxy sets FlagSourceHash (IP_VS_SVC_F_SCHED_MH_PORT): the source port is part of the key.
  const port = vs.schedulerFlags.includes('mh-port') ? srcPort : 0;
  return maglevTable(vs.realServers)[mhHashKey(srcIP, port, MH_HASH1) % MH_TABLE_SIZE] ?? -1;
}

// ------------------------------------------------------------------ shares

export interface Share {
  rs: IpvsRealServer;
  probability: number;
}

/**
 * How new connections split over the real servers of a virtual server:
 * hashing schedulers (sh, dh, mh) send this packet to exactly one server;
 * the others share new connections evenly by weight over time (rr/wrr are
 * deterministic cycles, the connection-count schedulers equalise load).
 * An empty list means IPVS has no destination available.
 */
export function realServerShares(input: SchedulerInput): { shares: Share[]; deterministic: boolean } {
  const { vs } = input;
  const rs = vs.realServers;
  switch (vs.scheduler) {
    case 'sh': {
      const r = rs[bucketTable(rs, true)[shBucket(input.srcIP)] ?? -1];
      return { shares: r && available(r) ? [{ rs: r, probability: 1 }] : [], deterministic: true };
    }
    case 'dh': {
      const r = rs[bucketTable(rs, false)[dhBucket(input.dstIP)] ?? -1];
      return { shares: r && available(r) ? [{ rs: r, probability: 1 }] : [], deterministic: true };
    }
    case 'mh': {
      const r = rs[mhIndex(vs, input.srcIP, input.srcPort)];
      return { shares: r && available(r) ? [{ rs: r, probability: 1 }] : [], deterministic: true };
    }
    default: {
      const live = rs.filter(available);
      const total = live.reduce((s, r) => s + r.weight, 0);
      return {
        shares: live.map((r) => ({ rs: r, probability: r.weight / total })),
        deterministic: vs.scheduler === 'rr' || vs.scheduler === 'wrr',
      };
    }
  }
}

// ------------------------------------------------------------------ picking

const conns = (state: ProxyState, r: IpvsRealServer): number => state.connections[r.address] ?? 0;

/**
 * ip_vs_rr_schedule: continue after the last chosen server, skipping weight 0.
 * The kernel keeps a pointer to that server; when it is removed the pointer
 * moves to its predecessor (ip_vs_rr_del_dest), so the cycle carries on with
 * the server that followed it. The last choice is kept as
 * `state.affinity["<key>:rr"].endpoint` (the list is in address order, so a
 * vanished server's place is found by comparing addresses).
 */
function pickRR(vs: IpvsVirtualServer, state: ProxyState, key: string): IpvsRealServer | undefined {
  const rs = vs.realServers;
  if (rs.length === 0) return undefined;
  const lastAddr = state.affinity[`${key}:rr`]?.endpoint;
  let start = 0;
  if (lastAddr !== undefined) {
    const at = rs.findIndex((r) => r.address === lastAddr);
    if (at >= 0) start = at + 1;
    else {
      const next = rs.findIndex((r) => compareAddress(r.address, lastAddr) > 0);
      start = next < 0 ? 0 : next;
    }
  }
  for (let k = 0; k < rs.length; k++) {
    const r = rs[(start + k) % rs.length]!;
    if (available(r)) {
      state.affinity[`${key}:rr`] = { endpoint: r.address, lastUsed: 0 };
      return r;
    }
  }
  return undefined;
}

/** Orders "ip:port" / "[ip]:port" the way ipvsadm lists real servers (address, then port). */
function compareAddress(a: string, b: string): number {
  const split = (x: string): [string, number] => {
    const i = x.lastIndexOf(':');
    return [x.slice(0, i).replace(/^\[|\]$/g, ''), Number(x.slice(i + 1))];
  };
  const [ai, ap] = split(a);
  const [bi, bp] = split(b);
  const fa = addrFold(ai);
  const fb = addrFold(bi);
  return ai.includes(':') || bi.includes(':') ? (ai < bi ? -1 : ai > bi ? 1 : ap - bp) : fa - fb || ap - bp;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** ip_vs_wrr_schedule: interleaved weighted round robin (current weight steps down by the gcd). */
function pickWRR(vs: IpvsVirtualServer, state: ProxyState, key: string): IpvsRealServer | undefined {
  const rs = vs.realServers;
  const weights = rs.map((r) => r.weight);
  const mw = Math.max(0, ...weights);
  if (mw === 0) return undefined;
  const di = weights.filter((w) => w > 0).reduce(gcd);
  let i = state.counters[`${key}:i`] ?? -1;
  let cw = state.counters[`${key}:cw`] ?? 0;
  for (let guard = 0; guard < rs.length * (mw / di + 1) + 1; guard++) {
    i = (i + 1) % rs.length;
    if (i === 0) {
      cw -= di;
      if (cw <= 0) cw = mw;
    }
    if (rs[i]!.weight >= cw) {
      state.counters[`${key}:i`] = i;
      state.counters[`${key}:cw`] = cw;
      return rs[i];
    }
  }
  return undefined;
}

/** lc/wlc: least (active*256 + inactive)/weight; sed: (active+1)/weight; nq: an idle server first. */
function pickLeast(vs: IpvsVirtualServer, state: ProxyState): IpvsRealServer | undefined {
  const live = vs.realServers.filter(available);
  if (vs.scheduler === 'nq') {
    const idle = live.find((r) => conns(state, r) === 0);
    if (idle) return idle;
  }
  const overhead = (r: IpvsRealServer): number =>
    vs.scheduler === 'sed' || vs.scheduler === 'nq' ? (conns(state, r) + 1) / r.weight
    : vs.scheduler === 'lc' ? conns(state, r) * 256
    : (conns(state, r) * 256) / r.weight;
  let best: IpvsRealServer | undefined;
  for (const r of live) if (!best || overhead(r) < overhead(best)) best = r;
  return best;
}

/**
 * Chooses a real server for a new connection as the kernel scheduler would,
 * updating the round-robin position / counters in `state`. `random` is unused
 * by the kernel schedulers (all are deterministic given their state).
 */
export function pickRealServer(input: SchedulerInput, state: ProxyState): IpvsRealServer | undefined {
  const { vs } = input;
  const key = `ipvs:${vs.protocol}:${vs.address}`;
  switch (vs.scheduler) {
    case 'rr':
      return pickRR(vs, state, key);
    case 'wrr':
      return pickWRR(vs, state, key);
    case 'sh':
    case 'dh':
    case 'mh':
      return realServerShares(input).shares[0]?.rs;
    case 'lblc':
    case 'lblcr': {
      // Locality-based: one server per destination address, chosen by wlc and kept while available.
      const lk = `${key}:lblc:${input.dstIP}`;
      const prev = state.affinity[lk];
      const kept = prev && vs.realServers.find((r) => r.address === prev.endpoint && available(r));
      if (kept) return kept;
      const r = pickLeast({ ...vs, scheduler: 'wlc' }, state);
      if (r) state.affinity[lk] = { endpoint: r.address, lastUsed: 0 };
      return r;
    }
    default:
      return pickLeast(vs, state);
  }
}
